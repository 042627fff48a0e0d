/**
 * Trash, restore and delete forever. Same conventions as pages.ts: one transaction per
 * operation, the origin passed through, nothing written when an operation throws.
 *
 * Only the page the user trashes gets `trashedAt`; its descendants keep `null` and are hidden
 * through it (tree.ts `inTrash`). So restoring it brings the whole subtree back, and a page of
 * the subtree that was trashed on its own before stays in the trash.
 */
import type * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { PageId } from '../ids';
import { placeAmong, requirePageMap, setField, setIfChanged, touch, writePlacement } from './page-writes';
import type { Stamp } from './page-writes';
import { asNullableNumber, getPagesMap } from './schema';
import { buildTree } from './tree';
import type { TreeNode } from './tree';

export interface TrashPageInput extends Stamp {
  readonly pageId: PageId;
}

/** Moves a page and its subtree to the trash. Trashing a trashed page keeps its first date. */
export function trashPage(doc: Y.Doc, input: TrashPageInput, origin: unknown): void {
  const map = requirePageMap(doc, input.pageId);
  if (asNullableNumber(map.get('trashedAt')) !== null) return;
  doc.transact(() => {
    setField(map, 'trashedAt', input.now);
    touch(map, input);
  }, origin);
}

export type RestorePageInput = TrashPageInput;

/**
 * Takes a trashed page (and the subtree hidden with it) out of the trash. If its parent is gone
 * or is itself in the trash, or it was cut from a cycle, it is restored at the end of the top
 * level, so that it becomes visible. Rejects a page that is not trashed itself ('conflict').
 */
export function restorePage(doc: Y.Doc, input: RestorePageInput, origin: unknown): void {
  const map = requirePageMap(doc, input.pageId);
  const tree = buildTree(doc);
  const node = tree.byId.get(input.pageId);
  if (node === undefined) throw new CommonplaceError('not-found', `no page ${input.pageId}`);
  if (node.page.trashedAt === null) throw new CommonplaceError('conflict', `page ${input.pageId} is not in the trash`);
  const parent = node.parent === null ? undefined : tree.byId.get(node.parent);
  const toTopLevel = parent === undefined ? node.page.parentId !== null : parent.inTrash;
  const placement = toTopLevel ? placeAmong(tree, null, tree.roots.length, input.pageId) : null;

  doc.transact(() => {
    setField(map, 'trashedAt', null);
    if (placement !== null) {
      if (setIfChanged(map, 'parentId', null)) setField(map, 'movedAt', input.now);
      writePlacement(doc, map, placement);
    }
    touch(map, input);
  }, origin);
}

export interface DeletePageForeverInput {
  readonly pageId: PageId;
}

/**
 * Removes a page in the trash from the workspace, with the descendants hidden with it (those
 * trashed on their own stay in the trash). Returns the removed ids, the page first, so the host
 * can delete their page docs. Rejects a page that is not in the trash ('conflict').
 *
 * Concurrency: a page another replica creates or moves under a removed page meanwhile is not
 * lost; its parent is missing after the merge, so the tree shows it at the top level.
 */
export function deletePageForever(doc: Y.Doc, input: DeletePageForeverInput, origin: unknown): PageId[] {
  requirePageMap(doc, input.pageId);
  const tree = buildTree(doc);
  const node = tree.byId.get(input.pageId);
  if (node === undefined) throw new CommonplaceError('not-found', `no page ${input.pageId}`);
  if (!node.inTrash) throw new CommonplaceError('conflict', `page ${input.pageId} is not in the trash`);
  const removed: PageId[] = [];
  const stack: TreeNode[] = [node];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    removed.push(next.page.id);
    stack.push(...[...next.children].reverse());
  }
  doc.transact(() => {
    const pages = getPagesMap(doc);
    for (const id of removed) pages.delete(id);
  }, origin);
  return removed;
}
