/**
 * Operations on the page entries of a workspace doc. Each is one `doc.transact(fn, origin)`:
 * the origin is passed through untouched so sync providers and the undo manager can tell local,
 * bridge and peer changes apart. Hazard: called inside another transaction, an operation joins it
 * and the outer transaction's origin wins.
 *
 * Errors (CommonplaceError): 'not-found' for an unknown page or parent, 'conflict' when the
 * operation contradicts the tree (moving a page into its own subtree, into the trash),
 * 'invalid-argument' / 'too-large' for bad input. Nothing is written when an operation throws.
 *
 * Page content lives in the page doc (guid = page id); these operations only touch the entries.
 * Trash, restore and delete forever are in trash.ts.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import { newPageId } from '../ids';
import type { PageId } from '../ids';
import {
  placeAmong,
  liveChildren,
  normalizeTags,
  requireIndex,
  requireKind,
  requireLiveParent,
  requirePageMap,
  requireTitle,
  setField,
  setIfChanged,
  touch,
  writePlacement,
  writeTags,
} from './page-writes';
import type { Stamp } from './page-writes';
import { placeAt, type Ordered } from './order';
import { getPageMap, getPagesMap } from './schema';
import type { PageKind } from './schema';
import { buildTree, isSelfOrDescendant } from './tree';

export interface CreatePageInput extends Stamp {
  /** A fresh id by default; pass one to create a page whose page doc already exists. */
  readonly id?: PageId;
  readonly title: string;
  /** The parent (must be visible), or null for the top level. */
  readonly parentId: PageId | null;
  /** Position among the parent's visible children; give at most one of `index` and `after`. */
  readonly index?: number;
  /** Place right after this visible child of `parentId`. Default (neither): last. */
  readonly after?: PageId;
  readonly kind: PageKind;
  readonly tags?: readonly string[];
  readonly icon?: string | null;
  readonly isTemplate?: boolean;
}

/** Creates a page entry and returns its id. The caller creates the page doc. */
export function createPage(doc: Y.Doc, input: CreatePageInput, origin: unknown): PageId {
  return createPages(doc, [input], origin)[0] as PageId;
}

/**
 * Creates page entries in one transaction and returns their ids, in order. Each input is placed
 * as `createPage` would place it after the ones before it, so a parent may come earlier in the
 * same batch. The tree is built once: N pages cost about N, where N calls of createPage cost N²
 * (each builds the whole tree), which is what an import of a large folder needs.
 * Every input is validated before anything is written: one bad input writes nothing.
 */
export function createPages(doc: Y.Doc, inputs: readonly CreatePageInput[], origin: unknown): PageId[] {
  const pages = getPagesMap(doc);
  const tree = buildTree(doc);
  /** Each parent's visible children in display order, the batch's pages included as they are placed. */
  const childrenOf = new Map<PageId | null, Ordered[]>();
  const planned = new Map<PageId, { readonly input: CreatePageInput; readonly tags: string[]; order: string }>();
  /** Existing pages whose order key a placement changed. */
  const rekeyed = new Map<PageId, string>();
  for (const input of inputs) {
    const id = input.id ?? newPageId();
    if (pages.has(id) || planned.has(id)) throw new CommonplaceError('conflict', `page ${id} already exists`);
    requireTitle(input.title);
    requireKind(input.kind);
    const tags = normalizeTags(input.tags ?? []);
    if (input.parentId === null || !planned.has(input.parentId)) requireLiveParent(tree, input.parentId);
    let siblings = childrenOf.get(input.parentId);
    if (siblings === undefined) {
      siblings = liveChildren(tree, input.parentId);
      childrenOf.set(input.parentId, siblings);
    }
    const index = indexAmong(siblings, input);
    requireIndex(index, siblings.length);
    const placement = placeAt(siblings, index);
    siblings.splice(index, 0, { id, order: placement.order });
    for (const [sibling, order] of placement.rekeyed) {
      siblings[siblings.findIndex((page) => page.id === sibling)] = { id: sibling, order };
      const own = planned.get(sibling);
      if (own !== undefined) own.order = order;
      else rekeyed.set(sibling, order);
    }
    planned.set(id, { input, tags, order: placement.order });
  }

  doc.transact(() => {
    for (const [id, { input, tags, order }] of planned) {
      const map = new Y.Map<unknown>();
      pages.set(id, map);
      setField(map, 'title', input.title);
      setField(map, 'parentId', input.parentId);
      setField(map, 'kind', input.kind);
      setField(map, 'tags', Y.Array.from(tags));
      setField(map, 'icon', input.icon ?? null);
      setField(map, 'createdBy', input.by);
      setField(map, 'createdAt', input.now);
      setField(map, 'movedAt', input.now);
      setField(map, 'trashedAt', null);
      setField(map, 'isTemplate', input.isTemplate ?? false);
      touch(map, input);
      setField(map, 'order', order);
    }
    for (const [id, order] of rekeyed) {
      const sibling = getPageMap(doc, id);
      if (sibling !== null) setIfChanged(sibling, 'order', order);
    }
  }, origin);
  return [...planned.keys()];
}

/** Where `input` goes among `siblings` (visible, in order): its index, after `after`, or last. */
function indexAmong(siblings: readonly Ordered[], input: CreatePageInput): number {
  if (input.index !== undefined && input.after !== undefined) {
    throw new CommonplaceError('invalid-argument', 'give index or after, not both');
  }
  if (input.index !== undefined) return input.index;
  if (input.after === undefined) return siblings.length;
  const index = siblings.findIndex((page) => page.id === input.after) + 1;
  if (index === 0) throw new CommonplaceError('not-found', `no visible page ${input.after} under the parent`);
  return index;
}

export interface RenamePageInput extends Stamp {
  readonly pageId: PageId;
  readonly title: string;
}

/** Sets the title; the title is kept as given (not trimmed: the user may be mid-typing). */
export function renamePage(doc: Y.Doc, input: RenamePageInput, origin: unknown): void {
  const map = requirePageMap(doc, input.pageId);
  requireTitle(input.title);
  doc.transact(() => {
    if (setIfChanged(map, 'title', input.title)) touch(map, input);
  }, origin);
}

export interface SetPageKindInput extends Stamp {
  readonly pageId: PageId;
  readonly kind: PageKind;
}

export function setPageKind(doc: Y.Doc, input: SetPageKindInput, origin: unknown): void {
  const map = requirePageMap(doc, input.pageId);
  requireKind(input.kind);
  doc.transact(() => {
    if (setIfChanged(map, 'kind', input.kind)) touch(map, input);
  }, origin);
}

export interface SetPageTagsInput extends Stamp {
  readonly pageId: PageId;
  /** The page's whole tag set; trimmed and deduplicated. */
  readonly tags: readonly string[];
}

/**
 * Replaces the tag set. Written as a diff against this replica's tags (see `writeTags`), so a
 * tag another replica adds concurrently survives, and one it removes concurrently stays removed.
 */
export function setPageTags(doc: Y.Doc, input: SetPageTagsInput, origin: unknown): void {
  const map = requirePageMap(doc, input.pageId);
  const tags = normalizeTags(input.tags);
  doc.transact(() => {
    if (writeTags(map, tags)) touch(map, input);
  }, origin);
}

export interface SetPageIconInput extends Stamp {
  readonly pageId: PageId;
  /** An emoji or an icon name; null removes it. */
  readonly icon: string | null;
}

export function setPageIcon(doc: Y.Doc, input: SetPageIconInput, origin: unknown): void {
  const map = requirePageMap(doc, input.pageId);
  doc.transact(() => {
    if (setIfChanged(map, 'icon', input.icon)) touch(map, input);
  }, origin);
}

export interface SetPageTemplateInput extends Stamp {
  readonly pageId: PageId;
  readonly isTemplate: boolean;
}

export function setPageTemplate(doc: Y.Doc, input: SetPageTemplateInput, origin: unknown): void {
  const map = requirePageMap(doc, input.pageId);
  doc.transact(() => {
    if (setIfChanged(map, 'isTemplate', input.isTemplate)) touch(map, input);
  }, origin);
}

export interface MovePageInput extends Stamp {
  readonly pageId: PageId;
  /** The new parent (must be visible), or null for the top level. */
  readonly parentId: PageId | null;
  /** Position among the new parent's visible children, the moved page excluded. */
  readonly index: number;
}

/**
 * Moves a page (with its subtree) under `parentId` at `index`; also reorders within a parent.
 * Rejects a move into the page's own subtree ('conflict'); such cycles can still form from
 * concurrent moves on different replicas, and tree.ts resolves those.
 *
 * NOTE: if an ancestor of the new parent is currently cut from a cycle (shown at the top level
 * while its stored parent still points into the cycle), its stored parent is set to null in the
 * same transaction, so that this move cannot close a new cycle through it and re-cut the tree
 * in a way the user did not see.
 */
export function movePage(doc: Y.Doc, input: MovePageInput, origin: unknown): void {
  const { pageId, parentId } = input;
  const map = requirePageMap(doc, pageId);
  const tree = buildTree(doc);
  const node = tree.byId.get(pageId);
  if (node === undefined) throw new CommonplaceError('not-found', `no page ${pageId}`);
  requireLiveParent(tree, parentId);
  if (parentId !== null && isSelfOrDescendant(tree, parentId, pageId)) {
    throw new CommonplaceError('conflict', `cannot move page ${pageId} into its own subtree`);
  }
  const current = liveChildren(tree, parentId).findIndex((page) => page.id === pageId);
  if (node.page.parentId === parentId && node.parent === parentId && current === input.index) return;
  const placement = placeAmong(tree, parentId, input.index, pageId);
  // Compared with both the stored and the displayed parent: a page cut from a cycle gets a fresh
  // `movedAt` when it is moved, so it is not the oldest move of a new cycle by accident.
  const reparented = node.page.parentId !== parentId || node.parent !== parentId;

  const cutAncestors: PageId[] = [];
  for (let cursor = parentId === null ? undefined : tree.byId.get(parentId); cursor !== undefined; ) {
    const stored = cursor.page.parentId;
    if (cursor.parent === null && stored !== null && tree.byId.has(stored)) cutAncestors.push(cursor.page.id);
    cursor = cursor.parent === null ? undefined : tree.byId.get(cursor.parent);
  }

  doc.transact(() => {
    if (reparented) {
      setField(map, 'parentId', parentId);
      setField(map, 'movedAt', input.now);
    }
    writePlacement(doc, map, placement);
    touch(map, input);
    for (const id of cutAncestors) {
      const ancestor = getPageMap(doc, id);
      if (ancestor !== null) setField(ancestor, 'parentId', null);
    }
  }, origin);
}

export interface DuplicatePageInput extends Stamp {
  readonly pageId: PageId;
  /** Id of the copy; fresh by default. */
  readonly newId?: PageId;
  /** Title of the copy; the original's by default. */
  readonly title?: string;
}

/**
 * Copies a visible page's entry (title, kind, tags, icon, template flag) to a new id placed right
 * after the original, under the same displayed parent. Children are not copied; the caller
 * copies the page doc's content. Returns the new id.
 */
export function duplicatePageEntry(doc: Y.Doc, input: DuplicatePageInput, origin: unknown): PageId {
  const tree = buildTree(doc);
  const node = tree.byId.get(input.pageId);
  if (node === undefined) throw new CommonplaceError('not-found', `no page ${input.pageId}`);
  if (node.inTrash) throw new CommonplaceError('conflict', `page ${input.pageId} is in the trash`);
  const original = node.page;
  const siblings = liveChildren(tree, node.parent);
  const index = siblings.findIndex((page) => page.id === original.id) + 1;
  return createPage(
    doc,
    {
      id: input.newId ?? newPageId(),
      title: input.title ?? original.title,
      parentId: node.parent,
      index,
      kind: original.kind,
      tags: original.tags,
      icon: original.icon,
      isTemplate: original.isTemplate,
      by: input.by,
      now: input.now,
    },
    origin,
  );
}
