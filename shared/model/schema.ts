/**
 * The Yjs schema of Commonplace (ARCHITECTURE.md §3): names of the shared types, the plain
 * snapshot types the rest of the app reads, and typed read accessors.
 *
 * Workspace doc (guid = workspace id):
 *   meta     Y.Map                    name, icon, schemaVersion, createdAt, createdBy
 *   pages    Y.Map<Y.Map>             pageId → one Y.Map per page (fields: PageFields)
 *   members  Y.Map<Y.Map>             memberId → one Y.Map per member (see members.ts)
 * Page doc (guid = page id):
 *   content  Y.XmlFragment            bound to TipTap (Collaboration `field: 'content'`)
 *   comments Y.Map                    unused: threads live in the page's comments doc (comments.ts)
 *   textMoves Y.Map                   where the editor moved words, for anchors to follow (text-moves.ts)
 *
 * Every page is its own Y.Map so that concurrent edits of different fields (a rename on one
 * replica, a move on another) both survive; a whole-record plain object would be last-writer-wins.
 *
 * @safety Everything read here may have been written by another peer, possibly by an older or
 * newer version or a buggy one. Readers never trust a stored value's type: each field is checked
 * and falls back to a safe default, and entries that are not Y.Maps are not pages.
 */
import * as Y from 'yjs';
import type { MemberId, PageId } from '../ids';

/** Version of this schema, stored in `meta.schemaVersion`. Bump it with a migration. */
export const SCHEMA_VERSION = 1;

/** Names of the workspace doc's top-level types. */
export const WORKSPACE_META = 'meta';
export const WORKSPACE_PAGES = 'pages';
export const WORKSPACE_MEMBERS = 'members';

/** Name of a page doc's Y.XmlFragment; TipTap's Collaboration extension binds to this field. */
export const PAGE_CONTENT = 'content';
/**
 * A page doc's `comments` map: unused. Comment threads live in a doc of their own, the page's
 * comments doc (comments.ts), so that writing comments can be allowed without page content.
 */
export const PAGE_COMMENTS = 'comments';
/** A page doc's record of words the editor moved (split or joined paragraphs): text-moves.ts. */
export const PAGE_TEXT_MOVES = 'textMoves';

/** The kinds a page can have out of the box; communities may add their own strings. */
export const BUILTIN_PAGE_KINDS = ['guide', 'question', 'note', 'report', 'learning-object'] as const;
export type BuiltinPageKind = (typeof BUILTIN_PAGE_KINDS)[number];
/** A builtin kind or a community-added one (`string & {}` keeps editor completion for builtins). */
export type PageKind = BuiltinPageKind | (string & {});
/** The kind a page reads as when its stored kind is missing or malformed. */
export const DEFAULT_PAGE_KIND: BuiltinPageKind = 'note';

/**
 * The stored fields of one page's Y.Map, as written by this version.
 *
 * - `order` is a fractional index (rocicorp/fractional-indexing); siblings sort by (order, id),
 *   so equal keys from concurrent inserts still sort the same on every replica.
 * - `tags` is a Y.Array<string> (not a plain array) so that concurrent tag edits on different
 *   replicas merge instead of one overwriting the other; duplicates that merging can produce
 *   (two replicas adding the same tag) are removed on read. See pages.ts `setPageTags`.
 * - `movedAt` is the time of the last change of `parentId` (create, move, restore to top level).
 *   tree.ts uses it to break parent-pointer cycles deterministically.
 * - `trashedAt` is set only on the page the user trashed; its descendants keep `null` and are
 *   hidden through it, so restoring it brings the whole subtree back.
 */
export interface PageFields {
  title: string;
  parentId: PageId | null;
  order: string;
  kind: PageKind;
  tags: Y.Array<string>;
  icon: string | null;
  createdBy: MemberId;
  createdAt: number;
  updatedBy: MemberId;
  updatedAt: number;
  movedAt: number;
  trashedAt: number | null;
  isTemplate: boolean;
}

/** A read-only plain snapshot of one page. Never mutate the doc through it: use pages.ts. */
export interface PageRecord {
  readonly id: PageId;
  readonly title: string;
  /** The stored parent; may name a page that no longer exists or form a cycle (see tree.ts). */
  readonly parentId: PageId | null;
  readonly order: string;
  readonly kind: PageKind;
  /** Distinct tags, in stored order. */
  readonly tags: readonly string[];
  readonly icon: string | null;
  readonly createdBy: MemberId;
  readonly createdAt: number;
  readonly updatedBy: MemberId;
  readonly updatedAt: number;
  readonly movedAt: number;
  /** Set on the page the user trashed only; use tree.ts `isInTrash` for "hidden". */
  readonly trashedAt: number | null;
  readonly isTemplate: boolean;
}

/** The workspace's meta, as a plain snapshot. */
export interface WorkspaceMeta {
  readonly name: string;
  readonly icon: string | null;
  readonly schemaVersion: number;
  readonly createdAt: number;
  readonly createdBy: MemberId;
}

// ---------------------------------------------------------------------------------------------
// Workspace doc: meta

export const getMetaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(WORKSPACE_META);

/** The workspace meta, or null until `initWorkspaceDoc` has run (here or on a synced peer). */
export function getMeta(doc: Y.Doc): WorkspaceMeta | null {
  const meta = getMetaMap(doc);
  const schemaVersion = meta.get('schemaVersion');
  if (typeof schemaVersion !== 'number') return null;
  return {
    name: asString(meta.get('name'), ''),
    icon: asNullableString(meta.get('icon')),
    schemaVersion,
    createdAt: asNumber(meta.get('createdAt'), 0),
    createdBy: asString(meta.get('createdBy'), '') as MemberId,
  };
}

export interface InitWorkspaceInput {
  readonly name: string;
  readonly createdBy: MemberId;
  readonly now: number;
  readonly icon?: string | null;
}

/**
 * Writes the meta of a new workspace. Only the creator calls this, once (ARCHITECTURE.md §3:
 * initial content is never seeded by each client on load). Returns false and writes nothing if
 * the doc already has meta, so calling it again is harmless; two creators writing concurrently
 * would merge field by field, which is why joiners must never call it.
 */
export function initWorkspaceDoc(doc: Y.Doc, input: InitWorkspaceInput, origin: unknown): boolean {
  if (getMeta(doc) !== null) return false;
  doc.transact(() => {
    const meta = getMetaMap(doc);
    meta.set('name', input.name);
    meta.set('icon', input.icon ?? null);
    meta.set('createdAt', input.now);
    meta.set('createdBy', input.createdBy);
    // Its presence is what getMeta treats as "initialised".
    meta.set('schemaVersion', SCHEMA_VERSION);
  }, origin);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Workspace doc: pages

/** The raw pages map. Values should be Y.Maps, but a peer may have written anything. */
export const getPagesMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(WORKSPACE_PAGES);

/** The Y.Map of one page, or null if there is no such page (or the entry is not a Y.Map). */
export function getPageMap(doc: Y.Doc, id: PageId): Y.Map<unknown> | null {
  const entry = getPagesMap(doc).get(id);
  return entry instanceof Y.Map ? (entry as Y.Map<unknown>) : null;
}

/** A snapshot of one page, or null if there is no such page. */
export function readPage(doc: Y.Doc, id: PageId): PageRecord | null {
  const map = getPageMap(doc, id);
  return map === null ? null : toPageRecord(id, map);
}

/** Snapshots of every page (trashed ones included), sorted by id so the result is deterministic. */
export function listPages(doc: Y.Doc): PageRecord[] {
  const out: PageRecord[] = [];
  getPagesMap(doc).forEach((entry, key) => {
    if (entry instanceof Y.Map) out.push(toPageRecord(key as PageId, entry as Y.Map<unknown>));
  });
  return out.sort((a, b) => compareStrings(a.id, b.id));
}

function toPageRecord(id: PageId, map: Y.Map<unknown>): PageRecord {
  const createdBy = asString(map.get('createdBy'), '') as MemberId;
  const createdAt = asNumber(map.get('createdAt'), 0);
  const parent = map.get('parentId');
  return {
    id,
    title: asString(map.get('title'), ''),
    // A self-parent is a one-page cycle; tree.ts resolves it like any other cycle.
    parentId: typeof parent === 'string' ? (parent as PageId) : null,
    order: asString(map.get('order'), ''),
    kind: asString(map.get('kind'), '') || DEFAULT_PAGE_KIND,
    tags: readTags(map.get('tags')),
    icon: asNullableString(map.get('icon')),
    createdBy,
    createdAt,
    updatedBy: asString(map.get('updatedBy'), createdBy) as MemberId,
    updatedAt: asNumber(map.get('updatedAt'), createdAt),
    movedAt: asNumber(map.get('movedAt'), createdAt),
    trashedAt: asNullableNumber(map.get('trashedAt')),
    isTemplate: map.get('isTemplate') === true,
  };
}

/** Distinct string tags in stored order; concurrent adds of the same tag collapse here. */
function readTags(value: unknown): string[] {
  if (!(value instanceof Y.Array)) return [];
  const seen = new Set<string>();
  for (const tag of (value as Y.Array<unknown>).toArray()) {
    if (typeof tag === 'string' && tag !== '') seen.add(tag);
  }
  return [...seen];
}

// ---------------------------------------------------------------------------------------------
// Page doc

export const getPageContent = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(PAGE_CONTENT);
export const getPageComments = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(PAGE_COMMENTS);

// ---------------------------------------------------------------------------------------------
// Helpers shared by the model's modules

/**
 * Code-unit string order. Fractional keys and ids must be compared this way, never with
 * `localeCompare`, whose result depends on the locale and would differ between replicas.
 */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const asString = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;
export const asNullableString = (value: unknown): string | null =>
  typeof value === 'string' ? value : null;
export const asNumber = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
export const asNullableNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
