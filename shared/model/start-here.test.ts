import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import { buildTree, createPage, getMetaMap, trashPage } from '.';
import { isGoodFirst, isNewcomer, listGoodFirst, NEWCOMER_DAYS, readStartHere, setGoodFirst, setStartHere } from './start-here';
import { ALICE, pid, TEST_ORIGIN } from './test-support';

const DAY = 86_400_000;

function workspace() {
  const doc = new Y.Doc();
  for (const n of [1, 2, 3]) createPage(doc, { title: `P${n}`, parentId: null, kind: 'note', by: ALICE, now: n, id: pid(n) }, TEST_ORIGIN);
  createPage(doc, { title: 'child', parentId: pid(1), kind: 'note', by: ALICE, now: 4, id: pid(4) }, TEST_ORIGIN);
  return doc;
}

describe('start here', () => {
  it('pins a live page and unpins it', () => {
    const doc = workspace();
    setStartHere(doc, buildTree(doc), pid(2), TEST_ORIGIN);
    expect(readStartHere(doc, buildTree(doc))).toBe(pid(2));
    setStartHere(doc, buildTree(doc), null, TEST_ORIGIN);
    expect(readStartHere(doc, buildTree(doc))).toBeNull();
  });

  it('refuses to pin a missing or trashed page, and reads a trashed pin or a malformed value as none', () => {
    const doc = workspace();
    expect(() => setStartHere(doc, buildTree(doc), pid(9), TEST_ORIGIN)).toThrow(CommonplaceError);
    setStartHere(doc, buildTree(doc), pid(3), TEST_ORIGIN);
    trashPage(doc, { pageId: pid(3), by: ALICE, now: 5 }, TEST_ORIGIN);
    expect(() => setStartHere(doc, buildTree(doc), pid(3), TEST_ORIGIN)).toThrow(/trash/);
    expect(readStartHere(doc, buildTree(doc))).toBeNull();
    getMetaMap(doc).set('startHere', 42);
    expect(readStartHere(doc, buildTree(doc))).toBeNull();
  });

  it('marks good first contributions, listed in tree order without trashed ones', () => {
    const doc = workspace();
    for (const id of [pid(4), pid(2), pid(3)]) setGoodFirst(doc, id, true, TEST_ORIGIN);
    trashPage(doc, { pageId: pid(3), by: ALICE, now: 5 }, TEST_ORIGIN);
    expect(listGoodFirst(doc, buildTree(doc))).toEqual([pid(4), pid(2)]);
    setGoodFirst(doc, pid(4), false, TEST_ORIGIN);
    expect(isGoodFirst(doc, pid(4))).toBe(false);
    expect(() => setGoodFirst(doc, pid(9), true, TEST_ORIGIN)).toThrow(CommonplaceError);
  });

  it('calls readers, commenters and recently joined contributors newcomers, and nobody else', () => {
    const now = 100 * DAY;
    expect(isNewcomer('reader', now - 400 * DAY, now)).toBe(true);
    expect(isNewcomer('commenter', null, now)).toBe(true);
    expect(isNewcomer('contributor', now - DAY, now)).toBe(true);
    expect(isNewcomer('contributor', now - NEWCOMER_DAYS * DAY, now)).toBe(false);
    expect(isNewcomer('steward', now - DAY, now)).toBe(false); // a founder, or a co-organiser
    expect(isNewcomer(null, now - DAY, now)).toBe(false); // role not known yet
    expect(isNewcomer('contributor', 0, now)).toBe(false);
  });
});
