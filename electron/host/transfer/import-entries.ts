/**
 * The import's writes to the workspace doc: page entries for new notes (created parents first,
 * in one transaction), then titles, kinds, tags and the `importedFrom` records (in another).
 * Both use origin `import`, and both take time in proportion to the number of notes: the tree
 * is built once per import, never once per page.
 */
import * as Y from 'yjs';
import { newPageId, type PageId } from '../../../shared/ids';
import type { Frontmatter } from '../../../shared/markdown';
import {
  buildTree,
  createPages,
  DEFAULT_PAGE_KIND,
  MAX_LABEL_LENGTH,
  MAX_TAGS,
  MAX_TITLE_LENGTH,
  readPage,
  renamePage,
  setPageKind,
  setPageTags,
  type CreatePageInput,
  type Stamp,
} from '../../../shared/model';
import { IMPORT } from '../origins';
import { hashMeta, keptFrontmatter, readImportedFrom, writeImportedFrom } from './import-records';
import type { ReportBuilder } from './report-builder';
import type { PlanNode } from './vault-plan';

/** Frontmatter keys Commonplace writes on export and reads into the page entry: never kept as extra. */
export const MANAGED_KEYS: ReadonlySet<string> = new Set(['kind', 'title', 'authors', 'created', 'updated']);

export interface PageMeta {
  readonly title: string;
  readonly kind: string;
  readonly tags: readonly string[];
  readonly aliases: readonly string[];
  readonly extra: Record<string, unknown> | null;
}

const validLabel = (value: string): boolean => value !== '' && value.length <= MAX_LABEL_LENGTH;

/** A page's entry fields from its note's frontmatter; what cannot be stored is reported. */
export function pageMetaOf(node: PlanNode, frontmatter: Frontmatter | undefined, report: ReportBuilder): PageMeta {
  const where = node.notePath ?? node.key;
  const rawKind = frontmatter?.other.kind;
  const kind = typeof rawKind === 'string' && validLabel(rawKind.trim()) ? rawKind.trim() : DEFAULT_PAGE_KIND;
  if (rawKind !== undefined && kind === DEFAULT_PAGE_KIND && rawKind !== DEFAULT_PAGE_KIND) {
    report.warn(`${where}: kind ${JSON.stringify(rawKind)} is not a valid kind; the page is a ${DEFAULT_PAGE_KIND}`);
  }
  const tags: string[] = [];
  for (const tag of frontmatter?.tags ?? []) {
    const clean = tag.trim();
    if (!validLabel(clean)) report.warn(`${where}: tag ${JSON.stringify(tag.slice(0, 80))} is too long, left out`);
    else if (tags.length >= MAX_TAGS) report.warn(`${where}: more than ${MAX_TAGS} tags, the rest left out`);
    else if (!tags.includes(clean)) tags.push(clean);
  }
  return {
    title: node.title.slice(0, MAX_TITLE_LENGTH),
    kind,
    tags,
    aliases: frontmatter?.aliases ?? [],
    extra: frontmatter ? keptFrontmatter(frontmatter.other, MANAGED_KEYS) : null,
  };
}

/**
 * Creates the entries of nodes without a page (ids.get(key) === null), in one transaction and
 * building the page tree once (createPages), and fills in their ids. A new page whose parent is
 * in the trash goes to the top level. Returns the created keys.
 */
export function createEntries(
  root: Y.Doc,
  nodes: readonly PlanNode[],
  ids: Map<string, PageId | null>,
  metas: ReadonlyMap<string, PageMeta>,
  stamp: Stamp,
  report: ReportBuilder,
): Set<string> {
  const tree = buildTree(root);
  const fresh = new Map<string, PageId>();
  const inputs: CreatePageInput[] = [];
  for (const node of nodes) {
    if (ids.get(node.key)) continue;
    const meta = metas.get(node.key) as PageMeta;
    const newParent = node.parentKey === null ? undefined : fresh.get(node.parentKey);
    let parentId = newParent ?? (node.parentKey === null ? null : (ids.get(node.parentKey) ?? null));
    // A page an earlier import made may be in the trash (or gone) by now: it takes no children.
    if (newParent === undefined && parentId !== null && tree.byId.get(parentId)?.inTrash !== false) {
      report.warn(`${node.notePath ?? node.key}: its parent page is in the trash; placed at the top level`);
      parentId = null;
    }
    const id = newPageId();
    fresh.set(node.key, id);
    inputs.push({ id, title: meta.title, parentId, kind: meta.kind, tags: meta.tags, ...stamp });
  }
  createPages(root, inputs, IMPORT);
  for (const [key, id] of fresh) ids.set(key, id);
  return new Set(fresh.keys());
}

/**
 * Records every node's import, and sets title, kind and tags of existing pages whose source
 * changed them since the last import (a member's own renames and tags otherwise stay).
 */
export function applyPageMeta(
  root: Y.Doc,
  nodes: readonly PlanNode[],
  ids: ReadonlyMap<string, PageId | null>,
  metas: ReadonlyMap<string, PageMeta>,
  written: ReadonlyMap<string, { readonly docHash: string; readonly images: Record<string, string> }>,
  context: { readonly source: string; readonly created: ReadonlySet<string>; readonly stamp: Stamp },
): void {
  const { stamp } = context;
  root.transact(() => {
    for (const node of nodes) {
      const pageId = ids.get(node.key);
      const meta = metas.get(node.key);
      if (!pageId || !meta) continue;
      const metaHash = hashMeta(meta);
      const previous = readImportedFrom(root, pageId);
      const current = readPage(root, pageId);
      if (current !== null && !context.created.has(node.key) && previous?.metaHash !== metaHash) {
        if (current.title !== meta.title) renamePage(root, { pageId, title: meta.title, ...stamp }, IMPORT);
        if (current.kind !== meta.kind) setPageKind(root, { pageId, kind: meta.kind, ...stamp }, IMPORT);
        setPageTags(root, { pageId, tags: meta.tags, ...stamp }, IMPORT);
      }
      writeImportedFrom(root, pageId, {
        source: context.source,
        path: node.key,
        docHash: written.get(node.key)?.docHash ?? '',
        metaHash,
        aliases: meta.aliases,
        extra: meta.extra,
        images: written.get(node.key)?.images ?? {},
        at: stamp.now,
      });
    }
  }, IMPORT);
}
