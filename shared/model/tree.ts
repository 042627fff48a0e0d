/**
 * The page tree, computed from the stored parent pointers and order keys.
 *
 * The stored state is not always a tree, and this module never writes to repair it (repairs by
 * every replica would themselves conflict). Instead every replica resolves the same state to the
 * same tree with these rules:
 * 1. Missing parent: a page whose `parentId` names no page (deleted forever, possibly
 *    concurrently) is a root.
 * 2. Cycles: concurrent moves can form parent-pointer cycles (A under B here, B under A there).
 *    In each cycle the page whose last move is oldest — smallest `movedAt`, ties by smallest id —
 *    is cut from its parent and becomes a root. So the most recent move wins, as for any other
 *    field. Since each connected component of a parent-pointer graph holds at most one cycle,
 *    one cut per cycle leaves a forest. `movedAt` is a wall-clock stamp from the mover's machine;
 *    a skewed clock can only change which page is cut, never make replicas disagree.
 * 3. Children sort by (order, id), code-unit comparison.
 * 4. Trash: a page with `trashedAt` set is listed in `trash` instead of under its parent; its
 *    subtree (pages whose own `trashedAt` is null) hangs under it and is hidden with it.
 * Every page is therefore reachable exactly once: from `roots` or from `trash`.
 */
import * as Y from 'yjs';
import type { PageId } from '../ids';
import { compareByOrder } from './order';
import { compareStrings, listPages } from './schema';
import type { PageRecord } from './schema';

export interface TreeNode {
  readonly page: PageRecord;
  /** Resolved children that are not themselves trashed, sorted by (order, id). */
  readonly children: readonly TreeNode[];
  /** The resolved parent: differs from `page.parentId` when that parent is missing or was cut. */
  readonly parent: PageId | null;
  /** True when the page or one of its resolved ancestors is trashed. */
  readonly inTrash: boolean;
}

export interface PageTree {
  /** Top-level visible pages, sorted by (order, id). */
  readonly roots: readonly TreeNode[];
  /** Every page, trashed or not. */
  readonly byId: ReadonlyMap<PageId, TreeNode>;
  /** Pages the user trashed (own `trashedAt` set), most recently trashed first, ties by id. */
  readonly trash: readonly PageRecord[];
}

/** Builds the tree from a workspace doc or from page snapshots (ids must be unique). */
export function buildTree(source: Y.Doc | readonly PageRecord[]): PageTree {
  const pages = source instanceof Y.Doc ? listPages(source) : source;
  const records = new Map<PageId, PageRecord>();
  for (const page of pages) if (!records.has(page.id)) records.set(page.id, page);

  const parents = resolveParents(records);

  const childrenOf = new Map<PageId | null, PageRecord[]>();
  const trash: PageRecord[] = [];
  for (const page of records.values()) {
    if (page.trashedAt !== null) {
      trash.push(page);
      continue;
    }
    const parent = parents.get(page.id) ?? null;
    const siblings = childrenOf.get(parent);
    if (siblings === undefined) childrenOf.set(parent, [page]);
    else siblings.push(page);
  }
  trash.sort((a, b) => (b.trashedAt ?? 0) - (a.trashedAt ?? 0) || compareStrings(a.id, b.id));

  const byId = new Map<PageId, TreeNode>();
  // Iterative post-order build: a deep tree must not overflow the stack.
  const build = (top: PageRecord, inTrash: boolean): TreeNode => {
    const stack: { page: PageRecord; kids: PageRecord[]; built: TreeNode[] }[] = [];
    const push = (page: PageRecord) => {
      const kids = [...(childrenOf.get(page.id) ?? [])].sort(compareByOrder);
      stack.push({ page, kids: kids.reverse(), built: [] });
    };
    push(top);
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) throw new Error('unreachable: tree stack underflow');
      const next = frame.kids.pop();
      if (next !== undefined) {
        push(next);
        continue;
      }
      stack.pop();
      const node: TreeNode = {
        page: frame.page,
        children: frame.built,
        parent: parents.get(frame.page.id) ?? null,
        inTrash,
      };
      byId.set(frame.page.id, node);
      const up = stack[stack.length - 1];
      if (up === undefined) return node;
      up.built.push(node);
    }
  };

  const roots = [...(childrenOf.get(null) ?? [])].sort(compareByOrder).map((p) => build(p, false));
  for (const page of trash) build(page, true);
  return { roots, byId, trash };
}

/**
 * The resolved parent of every page: the stored one, or null when it is missing or cut to break a
 * cycle (rules 1 and 2 above). The result depends only on `records`, never on iteration order.
 */
function resolveParents(records: ReadonlyMap<PageId, PageRecord>): Map<PageId, PageId | null> {
  const resolved = new Map<PageId, PageId | null>();
  const rawParent = (id: PageId): PageId | null => {
    const parent = records.get(id)?.parentId ?? null;
    return parent !== null && records.has(parent) ? parent : null;
  };
  const onPath = new Map<PageId, number>(); // id → position on the current walk
  for (const start of records.keys()) {
    if (resolved.has(start)) continue;
    const path: PageId[] = [];
    let cursor: PageId | null = start;
    // Walk up until reaching the top, an already resolved page, or a page on this walk (a cycle).
    while (cursor !== null && !resolved.has(cursor) && !onPath.has(cursor)) {
      onPath.set(cursor, path.length);
      path.push(cursor);
      cursor = rawParent(cursor);
    }
    let cut: PageId | null = null;
    if (cursor !== null && onPath.has(cursor)) cut = oldestMove(path.slice(onPath.get(cursor)), records);
    for (const id of path) {
      resolved.set(id, id === cut ? null : rawParent(id));
      onPath.delete(id);
    }
  }
  return resolved;
}

/** The page of a cycle that is cut: oldest `movedAt`, ties by smallest id. */
function oldestMove(cycle: readonly PageId[], records: ReadonlyMap<PageId, PageRecord>): PageId {
  let best: PageRecord | undefined;
  for (const id of cycle) {
    const page = records.get(id);
    if (page === undefined) continue;
    if (best === undefined || page.movedAt < best.movedAt || (page.movedAt === best.movedAt && page.id < best.id)) {
      best = page;
    }
  }
  if (best === undefined) throw new Error('unreachable: empty cycle');
  return best.id;
}

/** True when the page is trashed itself (regardless of its ancestors). */
export const isTrashed = (page: PageRecord): boolean => page.trashedAt !== null;

/** True when the page or one of its resolved ancestors is trashed: it is hidden from the tree. */
export const isInTrash = (tree: PageTree, id: PageId): boolean => tree.byId.get(id)?.inTrash ?? false;

/** True when `id` is `ancestor` or lies in its resolved subtree (trashed descendants included). */
export function isSelfOrDescendant(tree: PageTree, id: PageId, ancestor: PageId): boolean {
  let cursor: PageId | null = id;
  while (cursor !== null) {
    if (cursor === ancestor) return true;
    cursor = tree.byId.get(cursor)?.parent ?? null;
  }
  return false;
}

/** Breadcrumbs: the resolved ancestors of a page, top first, ending with the page; [] if unknown. */
export function pathTo(tree: PageTree, id: PageId): PageRecord[] {
  const path: PageRecord[] = [];
  let node = tree.byId.get(id);
  while (node !== undefined) {
    path.push(node.page);
    node = node.parent === null ? undefined : tree.byId.get(node.parent);
  }
  return path.reverse();
}

/** One row of the visible sidebar tree. */
export interface VisibleRow {
  readonly node: TreeNode;
  /** 0 for roots. */
  readonly depth: number;
  readonly hasChildren: boolean;
  readonly expanded: boolean;
}

/**
 * The visible rows in display order (pre-order), descending only into expanded pages: what the
 * sidebar shows, and what up/down arrow keys walk through.
 */
export function flattenVisible(tree: PageTree, expanded: ReadonlySet<PageId>): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const stack: { node: TreeNode; depth: number }[] = tree.roots.map((node) => ({ node, depth: 0 })).reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth } = item;
    const isOpen = expanded.has(node.page.id) && node.children.length > 0;
    rows.push({ node, depth, hasChildren: node.children.length > 0, expanded: isOpen });
    if (isOpen) for (const child of [...node.children].reverse()) stack.push({ node: child, depth: depth + 1 });
  }
  return rows;
}
