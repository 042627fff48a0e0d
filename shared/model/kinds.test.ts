import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { ErrorCode } from '../errors';
import {
  addKind,
  BUILTIN_KIND_DEFS,
  checkNewKind,
  describeKind,
  getKindsMap,
  kindIdFor,
  listKinds,
  MAX_KINDS,
  removeKind,
} from './kinds';
import { MAX_LABEL_LENGTH } from './page-writes';
import { BUILTIN_PAGE_KINDS } from './schema';
import { ALICE, BOB, TEST_ORIGIN, syncAll } from './test-support';

const stamp = { by: ALICE, now: 1 };

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

/** Asserts `fn` throws `code` and leaves the doc without a single update. */
function expectRejected(doc: Y.Doc, fn: () => unknown, code: ErrorCode): void {
  let updates = 0;
  const count = () => updates++;
  doc.on('update', count);
  try {
    expectCode(fn, code);
  } finally {
    doc.off('update', count);
  }
  expect(updates).toBe(0);
}

const communityIds = (doc: Y.Doc) => listKinds(doc).filter((k) => !k.builtin).map((k) => k.id);

describe('kinds', () => {
  it('lists the built-in kinds first, in their fixed order, with labels', () => {
    const doc = new Y.Doc();
    expect(listKinds(doc).map((k) => k.id)).toEqual([...BUILTIN_PAGE_KINDS]);
    expect(listKinds(doc).find((k) => k.id === 'learning-object')?.label).toBe('Learning object');
  });

  it('derives ids from labels in any script', () => {
    expect(kindIdFor('Field report')).toBe('field-report');
    expect(kindIdFor('  Protocol  v2! ')).toBe('protocol-v2');
    expect(kindIdFor('Méthode de terrain')).toBe('méthode-de-terrain');
    expect(kindIdFor('実験 ノート')).toBe('実験-ノート');
    expect(kindIdFor('🔬!!')).toBe('');
  });

  it('adds a community kind with its colour and emoji, listed after the built-in ones by label', () => {
    const doc = new Y.Doc();
    expect(addKind(doc, { label: 'Protocol', color: 'green', icon: '🧪', ...stamp }, TEST_ORIGIN)).toBe('protocol');
    expect(addKind(doc, { label: '  Field   report ', ...stamp }, TEST_ORIGIN)).toBe('field-report');
    const kinds = listKinds(doc);
    expect(kinds.slice(BUILTIN_KIND_DEFS.length)).toEqual([
      { id: 'field-report', label: 'Field report', color: 'gray', icon: null, builtin: false, known: true },
      { id: 'protocol', label: 'Protocol', color: 'green', icon: '🧪', builtin: false, known: true },
    ]);
  });

  it('writes the kind in one transaction with the given origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    addKind(doc, { label: 'Protocol', ...stamp }, 'mine');
    expect(origins).toEqual(['mine']);
  });

  it('rejects an empty label, and one with no letter or digit', () => {
    const doc = new Y.Doc();
    expectRejected(doc, () => addKind(doc, { label: '   ', ...stamp }, TEST_ORIGIN), 'invalid-argument');
    expectRejected(doc, () => addKind(doc, { label: '🔬 ✨', ...stamp }, TEST_ORIGIN), 'invalid-argument');
  });

  it('rejects a label over the limit, and accepts one at it', () => {
    const doc = new Y.Doc();
    expectRejected(doc, () => addKind(doc, { label: 'k'.repeat(MAX_LABEL_LENGTH + 1), ...stamp }, TEST_ORIGIN), 'too-large');
    expect(addKind(doc, { label: 'k'.repeat(MAX_LABEL_LENGTH), ...stamp }, TEST_ORIGIN)).toBe('k'.repeat(MAX_LABEL_LENGTH));
  });

  it('rejects a duplicate, case-insensitively, built-in kinds included', () => {
    const doc = new Y.Doc();
    addKind(doc, { label: 'Protocol', ...stamp }, TEST_ORIGIN);
    expectRejected(doc, () => addKind(doc, { label: 'protocol', ...stamp }, TEST_ORIGIN), 'conflict');
    expectRejected(doc, () => addKind(doc, { label: 'PROTOCOL!', ...stamp }, TEST_ORIGIN), 'conflict');
    expectRejected(doc, () => addKind(doc, { label: 'Guide', ...stamp }, TEST_ORIGIN), 'conflict');
    expectRejected(doc, () => addKind(doc, { label: 'learning object', ...stamp }, TEST_ORIGIN), 'conflict');
    expect(communityIds(doc)).toEqual(['protocol']);
  });

  it('rejects an unknown colour and an icon longer than one emoji', () => {
    const doc = new Y.Doc();
    expectRejected(doc, () => addKind(doc, { label: 'A', color: 'teal' as never, ...stamp }, TEST_ORIGIN), 'invalid-argument');
    expectRejected(doc, () => addKind(doc, { label: 'A', icon: 'not an emoji at all', ...stamp }, TEST_ORIGIN), 'invalid-argument');
    expect(addKind(doc, { label: 'A', icon: '👩‍🔬', ...stamp }, TEST_ORIGIN)).toBe('a');
  });

  it(`accepts ${MAX_KINDS} community kinds and rejects one more`, () => {
    const doc = new Y.Doc();
    for (let i = 0; i < MAX_KINDS; i++) addKind(doc, { label: `Kind ${i}`, ...stamp }, TEST_ORIGIN);
    expectRejected(doc, () => addKind(doc, { label: 'One too many', ...stamp }, TEST_ORIGIN), 'invalid-argument');
  });

  it('removes a community kind, and refuses to remove a built-in or unknown one', () => {
    const doc = new Y.Doc();
    addKind(doc, { label: 'Protocol', ...stamp }, TEST_ORIGIN);
    removeKind(doc, { id: 'protocol' }, TEST_ORIGIN);
    expect(communityIds(doc)).toEqual([]);
    expectRejected(doc, () => removeKind(doc, { id: 'guide' }, TEST_ORIGIN), 'forbidden');
    expectRejected(doc, () => removeKind(doc, { id: 'nothing' }, TEST_ORIGIN), 'not-found');
  });

  it('checks a label as it is typed, with the reason a form shows', () => {
    const kinds = listKinds(new Y.Doc());
    expect(checkNewKind(kinds, '  Site   visit ')).toEqual({ ok: true, label: 'Site visit', id: 'site-visit' });
    expect(checkNewKind(kinds, '')).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(checkNewKind(kinds, 'question')).toMatchObject({ ok: false, code: 'conflict', message: 'There is already a kind called “Question”.' });
    // A kind a page names but nobody defined can be defined.
    expect(checkNewKind([...kinds, describeKind(kinds, 'site-visit')], 'Site visit')).toMatchObject({ ok: true });
  });

  it('describes a kind nobody defined here with a readable stand-in', () => {
    const doc = new Y.Doc();
    const kinds = listKinds(doc);
    expect(describeKind(kinds, 'guide').label).toBe('Guide');
    expect(describeKind(kinds, 'site-visit')).toMatchObject({ label: 'Site visit', known: false, color: 'gray' });
  });

  it('skips malformed entries a peer may have written, and repairs bad colours and icons on read', () => {
    const doc = new Y.Doc();
    const kinds = getKindsMap(doc);
    kinds.set('plain', 'not a map');
    const noLabel = new Y.Map<unknown>();
    kinds.set('nolabel', noLabel);
    const odd = new Y.Map<unknown>();
    kinds.set('odd', odd);
    odd.set('label', 'Odd');
    odd.set('color', 42);
    odd.set('icon', 'x'.repeat(100));
    const shadow = new Y.Map<unknown>();
    kinds.set('guide', shadow);
    shadow.set('label', 'Not the guide');
    expect(listKinds(doc).filter((k) => !k.builtin)).toEqual([
      { id: 'odd', label: 'Odd', color: 'gray', icon: null, builtin: false, known: true },
    ]);
    expect(listKinds(doc).find((k) => k.id === 'guide')?.label).toBe('Guide');
  });

  it('merges the same kind added by two members apart into one', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addKind(a, { label: 'Protocol', color: 'green', by: ALICE, now: 1 }, TEST_ORIGIN);
    addKind(b, { label: 'protocol', color: 'red', by: BOB, now: 2 }, TEST_ORIGIN);
    addKind(b, { label: 'Site visit', by: BOB, now: 3 }, TEST_ORIGIN);
    syncAll([a, b]);
    expect(listKinds(a)).toEqual(listKinds(b));
    expect(communityIds(a)).toEqual(['protocol', 'site-visit']);
  });
});
