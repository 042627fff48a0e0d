import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { PageId } from '../ids';
import { createPage } from './pages';
import { getPagesMap, readPage } from './schema';
import { ALICE, TEST_ORIGIN, pid } from './test-support';
import { deletePageForever, restorePage, trashPage } from './trash';
import { buildTree, isInTrash } from './tree';

const O = TEST_ORIGIN;
const stamp = { by: ALICE, now: 100 };

function mk(doc: Y.Doc, n: number, parentId: PageId | null = null): PageId {
  return createPage(doc, { id: pid(n), title: `p${n}`, parentId, kind: 'note', by: ALICE, now: n }, O);
}

const rootIds = (doc: Y.Doc) => buildTree(doc).roots.map((n) => n.page.id);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CommonplaceError ? error.code : 'not a CommonplaceError';
  }
  return undefined;
}

/** 1 > 2 > 3, and 4 at the top level. */
function sample(): Y.Doc {
  const doc = new Y.Doc();
  mk(doc, 1);
  mk(doc, 2, pid(1));
  mk(doc, 3, pid(2));
  mk(doc, 4);
  return doc;
}

describe('trashPage', () => {
  it('hides the subtree and marks only the trashed page', () => {
    const doc = sample();
    trashPage(doc, { pageId: pid(2), ...stamp }, O);
    const tree = buildTree(doc);
    expect(tree.trash.map((p) => p.id)).toEqual([pid(2)]);
    expect(tree.byId.get(pid(1))?.children).toEqual([]);
    expect(isInTrash(tree, pid(3))).toBe(true);
    expect(isInTrash(tree, pid(1))).toBe(false);
    expect(readPage(doc, pid(3))?.trashedAt).toBeNull();
    expect(tree.byId.get(pid(2))?.children.map((n) => n.page.id)).toEqual([pid(3)]);
  });

  it('keeps the first trash date and rejects an unknown page', () => {
    const doc = sample();
    trashPage(doc, { pageId: pid(2), by: ALICE, now: 50 }, O);
    trashPage(doc, { pageId: pid(2), by: ALICE, now: 60 }, O);
    expect(readPage(doc, pid(2))?.trashedAt).toBe(50);
    expect(codeOf(() => trashPage(doc, { pageId: pid(9), ...stamp }, O))).toBe('not-found');
  });
});

describe('restorePage', () => {
  it('brings the whole subtree back under its parent', () => {
    const doc = sample();
    trashPage(doc, { pageId: pid(2), ...stamp }, O);
    restorePage(doc, { pageId: pid(2), ...stamp }, O);
    const tree = buildTree(doc);
    expect(tree.trash).toEqual([]);
    expect(tree.byId.get(pid(1))?.children.map((n) => n.page.id)).toEqual([pid(2)]);
    expect(isInTrash(tree, pid(3))).toBe(false);
  });

  it('restores to the end of the top level when the parent is trashed', () => {
    const doc = sample();
    trashPage(doc, { pageId: pid(3), by: ALICE, now: 10 }, O);
    trashPage(doc, { pageId: pid(1), by: ALICE, now: 11 }, O);
    restorePage(doc, { pageId: pid(3), by: ALICE, now: 12 }, O);
    expect(rootIds(doc)).toEqual([pid(4), pid(3)]);
    expect(readPage(doc, pid(3))).toMatchObject({ parentId: null, movedAt: 12, trashedAt: null });
  });

  it('restores to the top level when the parent is gone', () => {
    const doc = sample();
    trashPage(doc, { pageId: pid(3), by: ALICE, now: 10 }, O);
    getPagesMap(doc).delete(pid(2)); // as if deleted forever by a peer
    restorePage(doc, { pageId: pid(3), by: ALICE, now: 12 }, O);
    expect(rootIds(doc)).toEqual([pid(1), pid(4), pid(3)]);
    expect(readPage(doc, pid(3))?.parentId).toBeNull();
  });

  it('rejects a page that is not trashed itself, or unknown', () => {
    const doc = sample();
    trashPage(doc, { pageId: pid(1), ...stamp }, O);
    expect(codeOf(() => restorePage(doc, { pageId: pid(2), ...stamp }, O))).toBe('conflict');
    expect(codeOf(() => restorePage(doc, { pageId: pid(4), ...stamp }, O))).toBe('conflict');
    expect(codeOf(() => restorePage(doc, { pageId: pid(9), ...stamp }, O))).toBe('not-found');
  });
});

describe('deletePageForever', () => {
  it('removes the page and the subtree hidden with it, not pages trashed on their own', () => {
    const doc = sample();
    mk(doc, 5, pid(1));
    trashPage(doc, { pageId: pid(5), by: ALICE, now: 10 }, O);
    trashPage(doc, { pageId: pid(1), by: ALICE, now: 11 }, O);
    expect(deletePageForever(doc, { pageId: pid(1) }, O)).toEqual([pid(1), pid(2), pid(3)]);
    const tree = buildTree(doc);
    expect([...tree.byId.keys()].sort()).toEqual([pid(4), pid(5)]);
    expect(tree.trash.map((p) => p.id)).toEqual([pid(5)]);
    // Its parent is gone: restoring it puts it at the top level.
    restorePage(doc, { pageId: pid(5), ...stamp }, O);
    expect(rootIds(doc)).toEqual([pid(4), pid(5)]);
  });

  it('accepts a page hidden by a trashed ancestor', () => {
    const doc = sample();
    trashPage(doc, { pageId: pid(1), ...stamp }, O);
    expect(deletePageForever(doc, { pageId: pid(2) }, O)).toEqual([pid(2), pid(3)]);
  });

  it('rejects a page that is not in the trash, or unknown, and writes nothing', () => {
    const doc = sample();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(codeOf(() => deletePageForever(doc, { pageId: pid(2) }, O))).toBe('conflict');
    expect(codeOf(() => deletePageForever(doc, { pageId: pid(9) }, O))).toBe('not-found');
    expect(updates).toBe(0);
  });
});
