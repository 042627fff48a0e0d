/**
 * Where the sidebar's move commands (menu, keyboard, drag and drop) put a page, as pure functions
 * of the page tree. Each returns the `movePage` target, or null when the move does not apply
 * (first page moved up, a root outdented, a drop into the page's own subtree).
 */
import type { PageId } from '../../../shared/ids';
import { isSelfOrDescendant, type PageTree, type TreeNode } from '../../../shared/model';

export interface MoveTarget {
  readonly parentId: PageId | null;
  /** Position among the new parent's visible children, the moved page excluded. */
  readonly index: number;
}

export type DropZone = 'before' | 'inside' | 'after';

function siblingsOf(tree: PageTree, node: TreeNode): readonly TreeNode[] {
  if (node.parent === null) return tree.roots;
  return tree.byId.get(node.parent)?.children ?? [];
}

function liveNode(tree: PageTree, pageId: PageId): TreeNode | null {
  const node = tree.byId.get(pageId);
  return node === undefined || node.inTrash ? null : node;
}

function position(tree: PageTree, node: TreeNode): { siblings: readonly TreeNode[]; index: number } {
  const siblings = siblingsOf(tree, node);
  return { siblings, index: siblings.findIndex((sibling) => sibling.page.id === node.page.id) };
}

export function moveUpTarget(tree: PageTree, pageId: PageId): MoveTarget | null {
  const node = liveNode(tree, pageId);
  if (node === null) return null;
  const { index } = position(tree, node);
  return index > 0 ? { parentId: node.parent, index: index - 1 } : null;
}

export function moveDownTarget(tree: PageTree, pageId: PageId): MoveTarget | null {
  const node = liveNode(tree, pageId);
  if (node === null) return null;
  const { siblings, index } = position(tree, node);
  return index >= 0 && index < siblings.length - 1 ? { parentId: node.parent, index: index + 1 } : null;
}

/** Nests the page as the last child of its previous sibling. */
export function indentTarget(tree: PageTree, pageId: PageId): MoveTarget | null {
  const node = liveNode(tree, pageId);
  if (node === null) return null;
  const { siblings, index } = position(tree, node);
  const previous = index > 0 ? siblings[index - 1] : undefined;
  return previous === undefined ? null : { parentId: previous.page.id, index: previous.children.length };
}

/** Moves the page out of its parent, right after it. */
export function outdentTarget(tree: PageTree, pageId: PageId): MoveTarget | null {
  const node = liveNode(tree, pageId);
  if (node === null || node.parent === null) return null;
  const parent = tree.byId.get(node.parent);
  if (parent === undefined) return null;
  return { parentId: parent.parent, index: position(tree, parent).index + 1 };
}

/** Dropping `dragged` before, onto or after the row of `target`. */
export function dropTarget(tree: PageTree, dragged: PageId, target: PageId, zone: DropZone): MoveTarget | null {
  const node = liveNode(tree, target);
  if (node === null || liveNode(tree, dragged) === null) return null;
  if (isSelfOrDescendant(tree, target, dragged)) return null;
  if (zone === 'inside') {
    const children = node.children.filter((child) => child.page.id !== dragged);
    return { parentId: node.page.id, index: children.length };
  }
  const siblings = siblingsOf(tree, node).filter((sibling) => sibling.page.id !== dragged);
  const index = siblings.findIndex((sibling) => sibling.page.id === target);
  return { parentId: node.parent, index: zone === 'before' ? index : index + 1 };
}
