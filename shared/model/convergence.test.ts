/**
 * Two replicas edit while apart, then exchange updates: both must end with the same tree, and
 * concurrent edits of different fields must all survive.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PageId } from '../ids';
import { createPage, movePage, renamePage, setPageTags } from './pages';
import { readPage } from './schema';
import { ALICE, BOB, TEST_ORIGIN, pid, serializeTree, syncAll, treeViolation } from './test-support';
import { deletePageForever, restorePage, trashPage } from './trash';
import { buildTree } from './tree';

const O = TEST_ORIGIN;

function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.clientID = 1;
  b.clientID = 2;
  return [a, b];
}

function mk(doc: Y.Doc, n: number, parentId: PageId | null = null): void {
  createPage(doc, { id: pid(n), title: `p${n}`, parentId, kind: 'note', by: ALICE, now: n }, O);
}

/** Syncs, then checks both replicas compute the same valid tree; returns it. */
function converge(a: Y.Doc, b: Y.Doc) {
  syncAll([a, b]);
  const tree = buildTree(a);
  expect(treeViolation(a, tree)).toBeNull();
  expect(serializeTree(buildTree(b))).toBe(serializeTree(tree));
  return tree;
}

const childIds = (tree: ReturnType<typeof buildTree>, id: PageId | null) =>
  (id === null ? tree.roots : (tree.byId.get(id)?.children ?? [])).map((n) => n.page.id);

describe('two replicas', () => {
  it('keep a rename and a concurrent move of the same page', () => {
    const [a, b] = pair();
    mk(a, 1);
    mk(a, 2);
    syncAll([a, b]);
    renamePage(a, { pageId: pid(1), title: 'Renamed', by: ALICE, now: 10 }, O);
    movePage(b, { pageId: pid(1), parentId: pid(2), index: 0, by: BOB, now: 11 }, O);
    const tree = converge(a, b);
    expect(readPage(b, pid(1))).toMatchObject({ title: 'Renamed', parentId: pid(2) });
    expect(childIds(tree, pid(2))).toEqual([pid(1)]);
  });

  it('resolve concurrent moves that form a cycle the same way, latest move winning', () => {
    const [a, b] = pair();
    mk(a, 1);
    mk(a, 2);
    syncAll([a, b]);
    movePage(a, { pageId: pid(1), parentId: pid(2), index: 0, by: ALICE, now: 10 }, O);
    movePage(b, { pageId: pid(2), parentId: pid(1), index: 0, by: BOB, now: 20 }, O);
    const tree = converge(a, b);
    expect(childIds(tree, null)).toEqual([pid(1)]);
    expect(childIds(tree, pid(1))).toEqual([pid(2)]);
  });

  it('merge concurrent tag edits', () => {
    const [a, b] = pair();
    mk(a, 1);
    setPageTags(a, { pageId: pid(1), tags: ['old', 'keep'], by: ALICE, now: 2 }, O);
    syncAll([a, b]);
    setPageTags(a, { pageId: pid(1), tags: ['keep', 'x', 'both'], by: ALICE, now: 10 }, O);
    setPageTags(b, { pageId: pid(1), tags: ['old', 'keep', 'y', 'both'], by: BOB, now: 11 }, O);
    converge(a, b);
    expect([...(readPage(a, pid(1))?.tags ?? [])].sort()).toEqual(['both', 'keep', 'x', 'y']);
  });

  it('order concurrent appends the same way, and can insert between equal keys', () => {
    const [a, b] = pair();
    mk(a, 1);
    syncAll([a, b]);
    mk(a, 3);
    mk(b, 2);
    let tree = converge(a, b);
    expect(readPage(a, pid(2))?.order).toBe(readPage(a, pid(3))?.order);
    expect(childIds(tree, null)).toEqual([pid(1), pid(2), pid(3)]);
    movePage(b, { pageId: pid(1), parentId: null, index: 1, by: BOB, now: 30 }, O);
    tree = converge(a, b);
    expect(childIds(tree, null)).toEqual([pid(2), pid(1), pid(3)]);
  });

  it('keep a page created under a subtree another replica deleted forever', () => {
    const [a, b] = pair();
    mk(a, 1);
    mk(a, 2, pid(1));
    syncAll([a, b]);
    trashPage(a, { pageId: pid(1), by: ALICE, now: 10 }, O);
    expect(deletePageForever(a, { pageId: pid(1) }, O)).toEqual([pid(1), pid(2)]);
    mk(b, 3, pid(2));
    renamePage(b, { pageId: pid(2), title: 'edited meanwhile', by: BOB, now: 11 }, O);
    const tree = converge(a, b);
    expect(childIds(tree, null)).toEqual([pid(3)]);
    expect(tree.byId.size).toBe(1);
  });

  it('hide a page moved into a subtree trashed concurrently, and restore it with it', () => {
    const [a, b] = pair();
    mk(a, 1);
    mk(a, 2);
    syncAll([a, b]);
    trashPage(a, { pageId: pid(1), by: ALICE, now: 10 }, O);
    movePage(b, { pageId: pid(2), parentId: pid(1), index: 0, by: BOB, now: 11 }, O);
    let tree = converge(a, b);
    expect(tree.roots).toEqual([]);
    restorePage(b, { pageId: pid(1), by: BOB, now: 12 }, O);
    tree = converge(a, b);
    expect(childIds(tree, pid(1))).toEqual([pid(2)]);
  });
});
