/**
 * What an import remembers about each page it wrote, stored on the page's entry in the
 * workspace doc as the field `importedFrom` (a plain JSON value, replaced whole):
 *
 *   { source, path, docHash, metaHash, aliases, extra, images, at }
 *
 * - `source` + `path`: the folder's name and the note's (or folder's, `A/`) path in it. A later
 *   import of the same folder finds the page by them and updates it instead of adding a copy.
 * - `docHash` / `metaHash`: SHA-256 of what the import wrote (the normalised document; title,
 *   kind and tags). On re-import, a page whose new content hashes the same is left alone (a
 *   member's edits survive, and nothing churns); a page whose source changed is replaced, and if
 *   its current content no longer hashes to `docHash` a member had edited it: the report lists it.
 * - `aliases` and `extra` (the note's other frontmatter keys, e.g. `publish`): written back to
 *   the frontmatter on export, so a vault goes through Commonplace without losing them.
 * - `images`: `attachment:` src → the image's file name in the folder, so an export names the
 *   file as it was (the attachment store only knows the bytes' hash).
 *
 * Why on the page entry rather than a separate `imports` map: it travels with the page (sync,
 * trash, delete forever removes it with the page, so no mapping goes stale), and duplicating a
 * page does not copy it (duplicatePageEntry copies named fields only), so a copy is never
 * mistaken for the imported original.
 *
 * @safety Read defensively: a peer may have written anything here.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { PageId } from '../../../shared/ids';
import { normalizeDoc, type PMJson } from '../../../shared/markdown';
import { getPageMap, getPagesMap } from '../../../shared/model';

export const IMPORTED_FROM = 'importedFrom';
/** Frontmatter kept for export is dropped past this size (JSON characters). */
export const MAX_EXTRA_FRONTMATTER_CHARS = 16 * 1024;

export interface ImportedFrom {
  readonly source: string;
  readonly path: string;
  readonly docHash: string;
  readonly metaHash: string;
  readonly aliases: readonly string[];
  readonly extra: Readonly<Record<string, unknown>> | null;
  readonly images: Readonly<Record<string, string>>;
  readonly at: number;
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

export function readImportedFrom(root: Y.Doc, pageId: PageId): ImportedFrom | null {
  const value = getPageMap(root, pageId)?.get(IMPORTED_FROM);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.source !== 'string' || typeof v.path !== 'string') return null;
  const extra = typeof v.extra === 'object' && v.extra !== null && !Array.isArray(v.extra) ? (v.extra as Record<string, unknown>) : null;
  return {
    source: v.source,
    path: v.path,
    docHash: typeof v.docHash === 'string' ? v.docHash : '',
    metaHash: typeof v.metaHash === 'string' ? v.metaHash : '',
    aliases: isStringArray(v.aliases) ? v.aliases : [],
    extra,
    images: stringRecord(v.images),
    at: typeof v.at === 'number' ? v.at : 0,
  };
}

/** Writes the record; call inside the import's transaction. */
export function writeImportedFrom(root: Y.Doc, pageId: PageId, record: ImportedFrom): void {
  getPageMap(root, pageId)?.set(IMPORTED_FROM, { ...record, aliases: [...record.aliases], images: { ...record.images } });
}

/** Pages earlier imports of `source` created, by the path they recorded (trashed pages included). */
export function importedPages(root: Y.Doc, source: string): Map<string, PageId> {
  const out = new Map<string, PageId>();
  getPagesMap(root).forEach((_entry, key) => {
    const record = readImportedFrom(root, key as PageId);
    if (record?.source === source && !out.has(record.path)) out.set(record.path, key as PageId);
  });
  return out;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const hashDoc = (doc: PMJson): string => sha256(JSON.stringify(normalizeDoc(doc)));

export const hashMeta = (meta: { title: string; kind: string; tags: readonly string[] }): string =>
  sha256(JSON.stringify([meta.title, meta.kind, [...meta.tags]]));

/** The frontmatter keys worth keeping, or null when there are none or they are too big. */
export function keptFrontmatter(other: Record<string, unknown>, managed: ReadonlySet<string>): Record<string, unknown> | null {
  const kept = Object.fromEntries(Object.entries(other).filter(([key]) => !managed.has(key)));
  if (Object.keys(kept).length === 0) return null;
  const json = JSON.stringify(kept);
  return json.length <= MAX_EXTRA_FRONTMATTER_CHARS ? (JSON.parse(json) as Record<string, unknown>) : null;
}
