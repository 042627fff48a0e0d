import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { ErrorCode } from '../errors';
import type { PageId } from '../ids';
import { MAX_TITLE_LENGTH } from './page-writes';
import type { CreatePageInput } from './pages';
import {
  createPage,
  createPages,
  duplicatePageEntry,
  movePage,
  renamePage,
  setPageIcon,
  setPageKind,
  setPageTags,
  setPageTemplate,
} from './pages';
import { getPageMap, readPage } from './schema';
import { ALICE, BOB, TEST_ORIGIN, pid } from './test-support';
import { trashPage } from './trash';
import { buildTree } from './tree';

const O = TEST_ORIGIN;

function mk(doc: Y.Doc, n: number, parentId: PageId | null = null, now = n): PageId {
  return createPage(doc, { id: pid(n), title: `p${n}`, parentId, kind: 'note', by: ALICE, now }, O);
}

/** Ids of the visible children of a parent (null: top level), in display order. */
function kids(doc: Y.Doc, parentId: PageId | null): PageId[] {
  const tree = buildTree(doc);
  const nodes = parentId === null ? tree.roots : (tree.byId.get(parentId)?.children ?? []);
  return nodes.map((n) => n.page.id);
}

function expectCode(fn: () => unknown, code: ErrorCode): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CommonplaceError);
    expect((error as CommonplaceError).code).toBe(code);
    return;
  }
  expect.fail(`expected CommonplaceError '${code}'`);
}

/** Runs fn and asserts the doc produced no update at all. */
function expectNoWrite(doc: Y.Doc, fn: () => unknown): void {
  let updates = 0;
  const count = () => updates++;
  doc.on('update', count);
  try {
    fn();
  } catch {
    // the reject tests check the code separately; here only the absence of writes matters
  } finally {
    doc.off('update', count);
  }
  expect(updates).toBe(0);
}

describe('createPage', () => {
  it('creates a full record, last among its siblings by default', () => {
    const doc = new Y.Doc();
    const a = mk(doc, 1);
    const id = createPage(doc, { title: 'Q', parentId: a, kind: 'question', tags: [' x ', 'y', 'x'], by: BOB, now: 7 }, O);
    expect(readPage(doc, id)).toEqual({
      id,
      title: 'Q',
      parentId: a,
      order: 'a0',
      kind: 'question',
      tags: ['x', 'y'],
      icon: null,
      createdBy: BOB,
      createdAt: 7,
      updatedBy: BOB,
      updatedAt: 7,
      movedAt: 7,
      trashedAt: null,
      isTemplate: false,
    });
    mk(doc, 2);
    mk(doc, 3);
    expect(kids(doc, null)).toEqual([pid(1), pid(2), pid(3)]);
  });

  it('places at an index or after a sibling', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2);
    createPage(doc, { id: pid(3), title: '', parentId: null, index: 0, kind: 'note', by: ALICE, now: 1 }, O);
    createPage(doc, { id: pid(4), title: '', parentId: null, after: pid(1), kind: 'note', by: ALICE, now: 1 }, O);
    expect(kids(doc, null)).toEqual([pid(3), pid(1), pid(4), pid(2)]);
  });

  it('accepts a community-added kind', () => {
    const doc = new Y.Doc();
    createPage(doc, { id: pid(1), title: '', parentId: null, kind: 'recipe', by: ALICE, now: 1 }, O);
    expect(readPage(doc, pid(1))?.kind).toBe('recipe');
  });

  it('rejects bad input and writes nothing', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2);
    trashPage(doc, { pageId: pid(2), by: ALICE, now: 3 }, O);
    const base = { title: 't', kind: 'note', by: ALICE, now: 9 } as const;
    const cases: [ErrorCode, () => unknown][] = [
      ['conflict', () => createPage(doc, { ...base, id: pid(1), parentId: null }, O)],
      ['not-found', () => createPage(doc, { ...base, parentId: pid(99) }, O)],
      ['conflict', () => createPage(doc, { ...base, parentId: pid(2) }, O)],
      ['invalid-argument', () => createPage(doc, { ...base, parentId: null, index: 0, after: pid(1) }, O)],
      ['invalid-argument', () => createPage(doc, { ...base, parentId: null, index: 5 }, O)],
      ['invalid-argument', () => createPage(doc, { ...base, parentId: null, index: 0.5 }, O)],
      ['not-found', () => createPage(doc, { ...base, parentId: null, after: pid(2) }, O)],
      ['too-large', () => createPage(doc, { ...base, parentId: null, title: 'x'.repeat(MAX_TITLE_LENGTH + 1) }, O)],
      ['invalid-argument', () => createPage(doc, { ...base, parentId: null, kind: ' ' }, O)],
      ['invalid-argument', () => createPage(doc, { ...base, parentId: null, tags: [''] }, O)],
    ];
    for (const [code, fn] of cases) {
      expectCode(fn, code);
      expectNoWrite(doc, fn);
    }
  });

  it('passes the origin to one transaction', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const origin = { kind: 'local' };
    createPage(doc, { title: '', parentId: null, kind: 'note', by: ALICE, now: 1 }, origin);
    expect(origins).toEqual([origin]);
  });
});

describe('createPages', () => {
  const base = { kind: 'note', by: ALICE, now: 5 } as const;

  it('creates a batch as createPage one by one would, parents first, in one transaction', () => {
    const inputs = [
      { ...base, id: pid(10), title: 'folder', parentId: null },
      { ...base, id: pid(11), title: 'b', parentId: pid(10) },
      { ...base, id: pid(12), title: 'a', parentId: pid(10), index: 0 },
      { ...base, id: pid(13), title: 'c', parentId: pid(10), after: pid(11) },
      { ...base, id: pid(14), title: 'top', parentId: null, index: 0, tags: ['x', ' x'] },
      { ...base, id: pid(15), title: 'under existing', parentId: pid(1) },
    ];
    const one = new Y.Doc();
    const batch = new Y.Doc();
    for (const doc of [one, batch]) {
      mk(doc, 1);
      mk(doc, 2, pid(1));
    }
    for (const input of inputs) createPage(one, input, O);
    let transactions = 0;
    batch.on('afterTransaction', () => transactions++);
    expect(createPages(batch, inputs, O)).toEqual(inputs.map((input) => input.id));
    expect(transactions).toBe(1);
    expect(buildTree(batch).byId.size).toBe(8);
    for (const input of inputs) expect(readPage(batch, input.id)).toEqual(readPage(one, input.id));
    expect(kids(batch, null)).toEqual([pid(14), pid(1), pid(10)]);
    expect(kids(batch, pid(10))).toEqual([pid(12), pid(11), pid(13)]);
    expect(kids(batch, pid(1))).toEqual([pid(2), pid(15)]);
  });

  it('re-keys siblings as createPage does, existing ones and ones placed earlier in the batch', () => {
    const inputs = [
      { ...base, id: pid(3), title: '', parentId: null, after: pid(1) }, // between equal keys: re-keys that run
      { ...base, id: pid(4), title: '', parentId: null, index: 0 },
      { ...base, id: pid(5), title: '', parentId: null }, // after a malformed key: re-keys every sibling
      { ...base, id: pid(6), title: '', parentId: null, after: pid(3) },
    ];
    const [one, batch] = [new Y.Doc(), new Y.Doc()];
    for (const doc of [one, batch]) {
      for (const n of [1, 2, 8, 7]) mk(doc, n);
      getPageMap(doc, pid(2))?.set('order', 'a0'); // the same key as page 1
      getPageMap(doc, pid(8))?.set('order', 'a5');
      getPageMap(doc, pid(7))?.set('order', '~'); // malformed (a buggy peer), sorts last
    }
    for (const input of inputs) createPage(one, input, O);
    createPages(batch, inputs, O);
    const ids = [1, 2, 3, 4, 5, 6, 7, 8].map(pid);
    expect(ids.map((id) => readPage(batch, id))).toEqual(ids.map((id) => readPage(one, id)));
    expect(kids(batch, null)).toEqual([pid(4), pid(1), pid(3), pid(6), pid(2), pid(8), pid(7), pid(5)]);
    const orders = kids(batch, null).map((id) => readPage(batch, id)?.order as string);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('rejects a bad input anywhere in the batch and writes nothing', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2);
    trashPage(doc, { pageId: pid(2), by: ALICE, now: 3 }, O);
    const good = { ...base, id: pid(20), title: 'fine', parentId: null };
    const cases: [ErrorCode, CreatePageInput][] = [
      ['conflict', { ...base, id: pid(20), title: 'same id twice', parentId: null }],
      ['conflict', { ...base, id: pid(1), title: 'exists', parentId: null }],
      ['not-found', { ...base, id: pid(21), title: 'parent later in the batch', parentId: pid(22) }],
      ['conflict', { ...base, id: pid(21), title: 'trashed parent', parentId: pid(2) }],
      ['not-found', { ...base, id: pid(21), title: 'after a page elsewhere', parentId: pid(20), after: pid(1) }],
      ['invalid-argument', { ...base, id: pid(21), title: 'index too far', parentId: pid(20), index: 1 }],
      ['too-large', { ...base, id: pid(21), title: 'x'.repeat(MAX_TITLE_LENGTH + 1), parentId: null }],
    ];
    for (const [code, bad] of cases) {
      const fn = () => createPages(doc, [good, bad, { ...base, id: pid(22), title: 'after', parentId: null }], O);
      expectCode(fn, code);
      expectNoWrite(doc, fn);
    }
    expect(createPages(doc, [], O)).toEqual([]);
  });
});

describe('field edits', () => {
  it('rename, kind, tags, icon and template set the field and the update stamp', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    renamePage(doc, { pageId: pid(1), title: 'Hello ', by: BOB, now: 10 }, O);
    setPageKind(doc, { pageId: pid(1), kind: 'guide', by: BOB, now: 11 }, O);
    setPageTags(doc, { pageId: pid(1), tags: ['b', 'a'], by: BOB, now: 12 }, O);
    setPageTags(doc, { pageId: pid(1), tags: ['a', 'c'], by: BOB, now: 13 }, O);
    setPageIcon(doc, { pageId: pid(1), icon: '📘', by: BOB, now: 14 }, O);
    setPageTemplate(doc, { pageId: pid(1), isTemplate: true, by: BOB, now: 15 }, O);
    expect(readPage(doc, pid(1))).toMatchObject({
      title: 'Hello ',
      kind: 'guide',
      tags: ['a', 'c'],
      icon: '📘',
      isTemplate: true,
      updatedBy: BOB,
      updatedAt: 15,
      createdBy: ALICE,
    });
  });

  it('write nothing when nothing changes', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    setPageTags(doc, { pageId: pid(1), tags: ['a'], by: ALICE, now: 2 }, O);
    expectNoWrite(doc, () => renamePage(doc, { pageId: pid(1), title: 'p1', by: BOB, now: 9 }, O));
    expectNoWrite(doc, () => setPageTags(doc, { pageId: pid(1), tags: ['a '], by: BOB, now: 9 }, O));
    expectNoWrite(doc, () => setPageKind(doc, { pageId: pid(1), kind: 'note', by: BOB, now: 9 }, O));
  });

  it('reject an unknown page', () => {
    const doc = new Y.Doc();
    const stamp = { pageId: pid(1), by: ALICE, now: 1 };
    expectCode(() => renamePage(doc, { ...stamp, title: 'x' }, O), 'not-found');
    expectCode(() => setPageKind(doc, { ...stamp, kind: 'guide' }, O), 'not-found');
    expectCode(() => setPageTags(doc, { ...stamp, tags: [] }, O), 'not-found');
    expectCode(() => setPageIcon(doc, { ...stamp, icon: null }, O), 'not-found');
    expectCode(() => setPageTemplate(doc, { ...stamp, isTemplate: true }, O), 'not-found');
  });
});

describe('movePage', () => {
  it('reorders among the visible siblings', () => {
    const doc = new Y.Doc();
    for (const n of [1, 2, 3, 4]) mk(doc, n);
    trashPage(doc, { pageId: pid(3), by: ALICE, now: 5 }, O);
    // Visible: 1 2 4. Index counts visible siblings, the moved page excluded.
    movePage(doc, { pageId: pid(1), parentId: null, index: 2, by: ALICE, now: 6 }, O);
    expect(kids(doc, null)).toEqual([pid(2), pid(4), pid(1)]);
    movePage(doc, { pageId: pid(1), parentId: null, index: 0, by: ALICE, now: 7 }, O);
    expect(kids(doc, null)).toEqual([pid(1), pid(2), pid(4)]);
    expect(readPage(doc, pid(1))?.movedAt).toBe(1); // reordering is not a move
  });

  it('moves under another parent, with its subtree', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2);
    mk(doc, 3, pid(1));
    movePage(doc, { pageId: pid(1), parentId: pid(2), index: 0, by: BOB, now: 9 }, O);
    expect(kids(doc, null)).toEqual([pid(2)]);
    expect(kids(doc, pid(2))).toEqual([pid(1)]);
    expect(kids(doc, pid(1))).toEqual([pid(3)]);
    expect(readPage(doc, pid(1))).toMatchObject({ parentId: pid(2), movedAt: 9, updatedBy: BOB });
  });

  it('writes nothing when the page is already there', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2);
    expectNoWrite(doc, () => movePage(doc, { pageId: pid(2), parentId: null, index: 1, by: ALICE, now: 9 }, O));
  });

  it('rejects a move into its own subtree, a trashed parent, unknown pages and bad indices', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2, pid(1));
    mk(doc, 3, pid(2));
    mk(doc, 4);
    trashPage(doc, { pageId: pid(4), by: ALICE, now: 5 }, O);
    const move = (pageId: PageId, parentId: PageId | null, index = 0) => () =>
      movePage(doc, { pageId, parentId, index, by: ALICE, now: 9 }, O);
    const cases: [ErrorCode, () => unknown][] = [
      ['conflict', move(pid(1), pid(1))],
      ['conflict', move(pid(1), pid(2))],
      ['conflict', move(pid(1), pid(3))],
      ['conflict', move(pid(2), pid(4))],
      ['not-found', move(pid(99), null)],
      ['not-found', move(pid(2), pid(99))],
      ['invalid-argument', move(pid(2), null, 3)],
      ['invalid-argument', move(pid(2), null, -1)],
    ];
    for (const [code, fn] of cases) {
      expectCode(fn, code);
      expectNoWrite(doc, fn);
    }
  });

  it('accepts a move to the top level or a sibling subtree', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2, pid(1));
    mk(doc, 3, pid(1));
    movePage(doc, { pageId: pid(3), parentId: pid(2), index: 0, by: ALICE, now: 9 }, O);
    movePage(doc, { pageId: pid(2), parentId: null, index: 0, by: ALICE, now: 10 }, O);
    expect(kids(doc, null)).toEqual([pid(2), pid(1)]);
    expect(kids(doc, pid(2))).toEqual([pid(3)]);
  });
});

describe('duplicatePageEntry', () => {
  it('copies the entry right after the original', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    mk(doc, 2, pid(1));
    mk(doc, 3, pid(1));
    setPageTags(doc, { pageId: pid(2), tags: ['t'], by: ALICE, now: 4 }, O);
    const copy = duplicatePageEntry(doc, { pageId: pid(2), title: 'p2 copy', by: BOB, now: 20 }, O);
    expect(kids(doc, pid(1))).toEqual([pid(2), copy, pid(3)]);
    expect(readPage(doc, copy)).toMatchObject({ title: 'p2 copy', tags: ['t'], kind: 'note', createdBy: BOB, createdAt: 20, parentId: pid(1) });
    expect(kids(doc, copy)).toEqual([]);
  });

  it('rejects an unknown or trashed page', () => {
    const doc = new Y.Doc();
    mk(doc, 1);
    trashPage(doc, { pageId: pid(1), by: ALICE, now: 2 }, O);
    expectCode(() => duplicatePageEntry(doc, { pageId: pid(9), by: ALICE, now: 3 }, O), 'not-found');
    expectCode(() => duplicatePageEntry(doc, { pageId: pid(1), by: ALICE, now: 3 }, O), 'conflict');
  });
});
