import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId } from '../ids';
import { listMembers, readMember, roleAtLeast } from './members';
import {
  PAGE_COMMENTS,
  PAGE_CONTENT,
  SCHEMA_VERSION,
  getMeta,
  getPageComments,
  getPageContent,
  getPagesMap,
  initWorkspaceDoc,
  listPages,
  readPage,
} from './schema';
import { ALICE, BOB, TEST_ORIGIN, pid, syncAll } from './test-support';

describe('workspace meta', () => {
  it('is null until initialised, then written once with the schema version', () => {
    const doc = new Y.Doc();
    expect(getMeta(doc)).toBeNull();
    expect(initWorkspaceDoc(doc, { name: 'Lab', createdBy: ALICE, now: 5 }, TEST_ORIGIN)).toBe(true);
    expect(getMeta(doc)).toEqual({ name: 'Lab', icon: null, schemaVersion: SCHEMA_VERSION, createdAt: 5, createdBy: ALICE });
    expect(initWorkspaceDoc(doc, { name: 'Other', createdBy: BOB, now: 9 }, TEST_ORIGIN)).toBe(false);
    expect(getMeta(doc)?.name).toBe('Lab');
  });

  it('is not written again by a joiner that has synced', () => {
    const creator = new Y.Doc();
    const joiner = new Y.Doc();
    initWorkspaceDoc(creator, { name: 'Lab', createdBy: ALICE, now: 1 }, TEST_ORIGIN);
    syncAll([creator, joiner]);
    expect(initWorkspaceDoc(joiner, { name: 'Mine', createdBy: BOB, now: 2 }, TEST_ORIGIN)).toBe(false);
    expect(getMeta(joiner)?.createdBy).toBe(ALICE);
  });

  it('passes the origin to the transaction', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    initWorkspaceDoc(doc, { name: 'Lab', createdBy: ALICE, now: 1 }, TEST_ORIGIN);
    expect(origins).toEqual([TEST_ORIGIN]);
  });
});

describe('page readers', () => {
  it('read malformed entries from a peer with safe defaults', () => {
    const doc = new Y.Doc();
    const page = new Y.Map<unknown>();
    getPagesMap(doc).set(pid(1), page);
    getPagesMap(doc).set(pid(2), 'not a page');
    page.set('title', 42);
    page.set('parentId', 7);
    page.set('tags', ['plain', 'array']);
    page.set('trashedAt', Number.NaN);
    page.set('kind', '');
    expect(readPage(doc, pid(1))).toMatchObject({
      id: pid(1),
      title: '',
      parentId: null,
      order: '',
      kind: 'note',
      tags: [],
      trashedAt: null,
      isTemplate: false,
    });
    expect(readPage(doc, pid(2))).toBeNull();
    expect(readPage(doc, pid(3))).toBeNull();
    expect(listPages(doc).map((p) => p.id)).toEqual([pid(1)]);
  });

  it('collapse duplicate tags', () => {
    const doc = new Y.Doc();
    const page = new Y.Map<unknown>();
    getPagesMap(doc).set(pid(1), page);
    page.set('tags', Y.Array.from(['x', 'y', 'x', 3, '']));
    expect(readPage(doc, pid(1))?.tags).toEqual(['x', 'y']);
  });
});

describe('page doc', () => {
  it('names content and comments', () => {
    const doc = new Y.Doc();
    expect(getPageContent(doc)).toBe(doc.getXmlFragment(PAGE_CONTENT));
    expect(getPageComments(doc)).toBe(doc.getMap(PAGE_COMMENTS));
  });
});

describe('members', () => {
  it('read members with typed fields and least privilege for an unknown role', () => {
    const doc = new Y.Doc();
    const members = doc.getMap<unknown>('members');
    const alice = new Y.Map<unknown>();
    const bob = new Y.Map<unknown>();
    members.set(BOB, bob);
    members.set(ALICE, alice);
    members.set('junk', 12);
    alice.set('name', 'Alice');
    alice.set('color', '#ff0000');
    alice.set('role', 'steward');
    alice.set('joinedAt', 3);
    alice.set('grantedBy', null);
    bob.set('name', 'Bob');
    bob.set('role', 'admin');
    bob.set('grantedBy', ALICE);
    expect(readMember(doc, ALICE)).toEqual({ id: ALICE, name: 'Alice', color: '#ff0000', role: 'steward', joinedAt: 3, grantedBy: null });
    expect(readMember(doc, BOB)?.role).toBe('reader');
    expect(readMember(doc, 'nobody' as MemberId)).toBeNull();
    expect(listMembers(doc).map((m) => m.id)).toEqual([ALICE, BOB]);
  });

  it('orders roles on the ladder', () => {
    expect(roleAtLeast('steward', 'contributor')).toBe(true);
    expect(roleAtLeast('commenter', 'contributor')).toBe(false);
    expect(roleAtLeast('reader', 'reader')).toBe(true);
  });
});
