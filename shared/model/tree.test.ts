import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PageId } from '../ids';
import { movePage } from './pages';
import { getPagesMap, listPages, readPage } from './schema';
import type { PageRecord } from './schema';
import { ALICE, TEST_ORIGIN, pid, serializeTree, treeViolation } from './test-support';
import { buildTree, flattenVisible, isInTrash, pathTo } from './tree';
import type { PageTree, TreeNode } from './tree';

interface RawPage {
  parent?: number | null;
  order?: string;
  movedAt?: number;
  trashedAt?: number | null;
}

/** Writes page entries directly, as merged states from several replicas can leave them. */
function rawDoc(pages: Record<number, RawPage>): Y.Doc {
  const doc = new Y.Doc();
  for (const [key, page] of Object.entries(pages)) {
    const map = new Y.Map<unknown>();
    getPagesMap(doc).set(pid(Number(key)), map);
    map.set('title', `p${key}`);
    map.set('parentId', page.parent == null ? null : pid(page.parent));
    map.set('order', page.order ?? 'a0');
    map.set('movedAt', page.movedAt ?? 0);
    map.set('trashedAt', page.trashedAt ?? null);
  }
  return doc;
}

/** A compact picture of the tree: "1(2(3) 4) 5 | trash: 6(7)". */
function shape(tree: PageTree): string {
  const name = (id: PageId) => String(parseInt(id, 16));
  const node = (n: TreeNode): string =>
    n.children.length === 0 ? name(n.page.id) : `${name(n.page.id)}(${n.children.map(node).join(' ')})`;
  const trash = tree.trash.map((p) => tree.byId.get(p.id)).filter((n) => n !== undefined);
  return `${tree.roots.map(node).join(' ')} | trash: ${trash.map(node).join(' ')}`;
}

function check(doc: Y.Doc): PageTree {
  const tree = buildTree(doc);
  expect(treeViolation(doc, tree)).toBeNull();
  return tree;
}

describe('buildTree', () => {
  it('sorts children by order, then id', () => {
    const doc = rawDoc({ 1: { order: 'a1' }, 2: { order: 'a0' }, 3: { order: 'a1' }, 4: { parent: 1, order: 'Zz' }, 5: { parent: 1 } });
    expect(shape(check(doc))).toBe('2 1(4 5) 3 | trash: ');
  });

  it('makes a page whose parent is missing a root', () => {
    const doc = rawDoc({ 1: { parent: 99 }, 2: { parent: 1 } });
    const tree = check(doc);
    expect(shape(tree)).toBe('1(2) | trash: ');
    expect(tree.byId.get(pid(1))?.parent).toBeNull();
  });

  it('cuts a self-parent', () => {
    expect(shape(check(rawDoc({ 1: { parent: 1 } })))).toBe('1 | trash: ');
  });

  it('cuts the oldest move of a two-page cycle, so the latest move wins', () => {
    // A (1) moved under B (2) at t=5 on one replica; B moved under A at t=7 on another.
    const doc = rawDoc({ 1: { parent: 2, movedAt: 5 }, 2: { parent: 1, movedAt: 7 } });
    expect(shape(check(doc))).toBe('1(2) | trash: ');
    const swapped = rawDoc({ 1: { parent: 2, movedAt: 7 }, 2: { parent: 1, movedAt: 5 } });
    expect(shape(check(swapped))).toBe('2(1) | trash: ');
  });

  it('breaks a tie on the move stamp by the smallest id', () => {
    const doc = rawDoc({ 3: { parent: 2, movedAt: 1 }, 2: { parent: 3, movedAt: 1 } });
    expect(shape(check(doc))).toBe('2(3) | trash: ');
  });

  it('cuts each cycle once and keeps the pages hanging off it', () => {
    // Cycle 1 -> 2 -> 3 -> 1, with 4 under 3 and 5 under 4; a second cycle 6 <-> 7.
    const doc = rawDoc({
      1: { parent: 2, movedAt: 3 },
      2: { parent: 3, movedAt: 2 },
      3: { parent: 1, movedAt: 4 },
      4: { parent: 3 },
      5: { parent: 4 },
      6: { parent: 7, movedAt: 9 },
      7: { parent: 6, movedAt: 8 },
    });
    expect(shape(check(doc))).toBe('2(1(3(4(5)))) 7(6) | trash: ');
  });

  it('lists trashed pages with their subtree, newest first, even inside a cycle', () => {
    const doc = rawDoc({
      1: {},
      2: { parent: 1, trashedAt: 10 },
      3: { parent: 2 },
      4: { parent: 5, trashedAt: 20, movedAt: 1 },
      5: { parent: 4, movedAt: 2 },
    });
    const tree = check(doc);
    expect(shape(tree)).toBe('1 | trash: 4(5) 2(3)');
    expect(isInTrash(tree, pid(3))).toBe(true);
    expect(isInTrash(tree, pid(1))).toBe(false);
    expect(isInTrash(tree, pid(99))).toBe(false);
  });

  it('gives the same tree from the doc and from snapshots in any order', () => {
    const doc = rawDoc({ 1: { parent: 2, movedAt: 5 }, 2: { parent: 1, movedAt: 7 }, 3: { parent: 2 }, 4: { parent: 9 } });
    const pages = listPages(doc);
    const fromDoc = serializeTree(buildTree(doc));
    expect(serializeTree(buildTree([...pages].reverse()))).toBe(fromDoc);
    expect(serializeTree(buildTree(pages))).toBe(fromDoc);
  });

  it('handles a very deep chain without overflowing the stack', () => {
    const depth = 20_000;
    const pages: PageRecord[] = [];
    const base = readPage(rawDoc({ 1: {} }), pid(1));
    if (base === null) throw new Error('no page');
    for (let i = 1; i <= depth; i++) pages.push({ ...base, id: pid(i), parentId: i === 1 ? null : pid(i - 1) });
    const tree = buildTree(pages);
    expect(tree.roots.length).toBe(1);
    expect(pathTo(tree, pid(depth)).length).toBe(depth);
  });
});

describe('pathTo and flattenVisible', () => {
  const doc = rawDoc({ 1: { order: 'a0' }, 2: { parent: 1, order: 'a0' }, 3: { parent: 2 }, 4: { parent: 1, order: 'a1' }, 5: { order: 'a1' } });
  const tree = buildTree(doc);

  it('gives breadcrumbs top first, or [] for an unknown page', () => {
    expect(pathTo(tree, pid(3)).map((p) => p.id)).toEqual([pid(1), pid(2), pid(3)]);
    expect(pathTo(tree, pid(5)).map((p) => p.id)).toEqual([pid(5)]);
    expect(pathTo(tree, pid(99))).toEqual([]);
  });

  it('lists visible rows in pre-order, descending only into expanded pages', () => {
    const rows = (expanded: PageId[]) =>
      flattenVisible(tree, new Set(expanded)).map((r) => `${parseInt(r.node.page.id, 16)}@${r.depth}${r.expanded ? '-' : r.hasChildren ? '+' : ''}`);
    expect(rows([])).toEqual(['1@0+', '5@0']);
    expect(rows([pid(1)])).toEqual(['1@0-', '2@1+', '4@1', '5@0']);
    expect(rows([pid(1), pid(2), pid(5)])).toEqual(['1@0-', '2@1-', '3@2', '4@1', '5@0']);
    expect(rows([pid(2)])).toEqual(['1@0+', '5@0']);
  });
});

describe('movePage next to a resolved cycle', () => {
  it('materializes a cut ancestor so the move does not re-cut the tree', () => {
    // Stored: 1 <-> 2, 1 is the oldest move, so the tree shows 1(2 3) with 3 under 1.
    const doc = rawDoc({ 1: { parent: 2, movedAt: 5, order: 'a0' }, 2: { parent: 1, movedAt: 7, order: 'a0' }, 3: { parent: 1, movedAt: 1, order: 'a1' } });
    expect(shape(check(doc))).toBe('1(2 3) | trash: ');
    // Moving 2 under 3 would close 2 -> 3 -> 1 -> 2 through 1's stored parent.
    movePage(doc, { pageId: pid(2), parentId: pid(3), index: 0, by: ALICE, now: 9 }, TEST_ORIGIN);
    expect(shape(check(doc))).toBe('1(3(2)) | trash: ');
    expect(readPage(doc, pid(1))?.parentId).toBeNull();
  });
});
