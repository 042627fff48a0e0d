/**
 * Helpers for the model's tests only (not exported from index.ts): a seeded PRNG, replica
 * syncing, a canonical serialization of a tree and its invariants.
 */
import * as Y from 'yjs';
import type { MemberId, PageId } from '../ids';
import { listPages } from './schema';
import type { PageTree, TreeNode } from './tree';

export const ALICE = 'a1'.repeat(32) as MemberId;
export const BOB = 'b2'.repeat(32) as MemberId;

/** Origin used by tests for local operations. */
export const TEST_ORIGIN = 'test';
/** Origin with which tests apply updates from another replica. */
export const REMOTE_ORIGIN = 'remote';

/** Ids in the valid format, deterministic and sorting in creation order: id(1) < id(2). */
export const pid = (n: number): PageId => n.toString(16).padStart(32, '0') as PageId;

/** mulberry32: a small, fast, seeded PRNG with floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sends everything `from` has that `to` lacks. */
export function syncOneWay(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE_ORIGIN);
}

/** Brings every replica to the same state. */
export function syncAll(docs: readonly Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) syncOneWay(from, to);
  for (const from of docs) for (const to of docs) if (from !== to) syncOneWay(from, to);
}

/** A deterministic JSON rendering of a tree: structure, resolved parents and every field. */
export function serializeTree(tree: PageTree): string {
  const node = (n: TreeNode): unknown => ({ page: n.page, parent: n.parent, inTrash: n.inTrash, children: n.children.map(node) });
  const trash = tree.trash.map((page) => {
    const n = tree.byId.get(page.id);
    return n === undefined ? { missing: page.id } : node(n);
  });
  return JSON.stringify({ roots: tree.roots.map(node), trash });
}

/**
 * Checks the tree's invariants against the doc; returns a description of the first violation,
 * or null. Every page of the doc is reached exactly once from the roots or the trash, the
 * resolved parent pointers are acyclic, `byId` holds exactly the doc's pages, and children are
 * visible pages (not trashed themselves) sorted by (order, id).
 */
export function treeViolation(doc: Y.Doc, tree: PageTree): string | null {
  const pageIds = listPages(doc).map((page) => page.id);
  const seen = new Map<PageId, number>();
  const visit = (n: TreeNode, inTrash: boolean): string | null => {
    const stack: TreeNode[] = [n];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      seen.set(next.page.id, (seen.get(next.page.id) ?? 0) + 1);
      if (next.inTrash !== inTrash) return `page ${next.page.id} has inTrash ${next.inTrash}`;
      for (let i = 0; i < next.children.length; i++) {
        const child = next.children[i];
        const prev = next.children[i - 1];
        if (child === undefined) continue;
        if (child.parent !== next.page.id) return `child ${child.page.id} has parent ${child.parent}`;
        if (child.page.trashedAt !== null) return `trashed page ${child.page.id} listed as a child`;
        if (prev !== undefined && !(prev.page.order < child.page.order || (prev.page.order === child.page.order && prev.page.id < child.page.id))) {
          return `children of ${next.page.id} out of order`;
        }
        stack.push(child);
      }
    }
    return null;
  };
  for (const root of tree.roots) {
    if (root.parent !== null) return `root ${root.page.id} has parent ${root.parent}`;
    const v = visit(root, false);
    if (v !== null) return v;
  }
  for (const page of tree.trash) {
    const n = tree.byId.get(page.id);
    if (n === undefined) return `trashed page ${page.id} not in byId`;
    const v = visit(n, true);
    if (v !== null) return v;
  }
  for (const id of pageIds) {
    const count = seen.get(id) ?? 0;
    if (count !== 1) return `page ${id} reached ${count} times`;
  }
  if (seen.size !== pageIds.length) return `tree reaches ${seen.size} pages, doc has ${pageIds.length}`;
  if (tree.byId.size !== pageIds.length) return `byId has ${tree.byId.size} pages, doc has ${pageIds.length}`;
  for (const id of pageIds) {
    // Acyclic: the resolved parent chain of every page ends at the top within |pages| steps.
    let cursor: PageId | null = id;
    for (let steps = 0; cursor !== null; steps++) {
      if (steps > pageIds.length) return `resolved parents of ${id} cycle`;
      cursor = tree.byId.get(cursor)?.parent ?? null;
    }
  }
  return null;
}
