/**
 * A commenter's question, attacked by a modified host that crafts its Yjs updates by hand: each
 * test is one attempt to reach, through the "own question" allowance (question-policy.ts), beyond
 * the asker's own question. Updates are real Yjs updates, judged as a host judges a peer's: applied
 * to a shadow, described (change-set.ts), checked (roles-policy.ts checkWrite).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newWorkspaceId, type MemberId, type PageId } from '../ids';
import { addEditRecords, EDIT_WINDOW_MS } from './activity';
import { applyAndDescribe } from './change-set';
import { commentsDocId } from './comments-doc';
import { createPage, deletePageForever, getPageMap, getPagesMap, initWorkspaceDoc, renamePage, setPageKind, trashPage } from './index';
import type { Role } from './members';
import { questionAskerOf } from './question-policy';
import { checkWrite, docKindOf, type DocKind } from './roles-policy';
import { followMoves } from './text-moves';

const ANA = 'a'.repeat(64) as MemberId; // a contributor
const BEN = 'b'.repeat(64) as MemberId; // a commenter, running a modified host
/** The largest client id a crafted update can claim: its items win every concurrent conflict. */
const HIGH_CLIENT = 0xffffffff;

/** A replica of `base` (a new Y.Doc holding its state), optionally with a chosen client id. */
function replica(base: Y.Doc, clientID?: number): Y.Doc {
  const doc = new Y.Doc({ guid: base.guid, gc: base.gc });
  if (clientID !== undefined) doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  return doc;
}

/** The update `edit` makes on a replica of `base` (with `clientID`, if given). */
function scenario(base: Y.Doc, edit: (copy: Y.Doc) => void, clientID?: number): Uint8Array {
  const copy = replica(base, clientID);
  const before = Y.encodeStateVector(copy);
  edit(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

/** `base` with `updates` applied, as a new doc. */
function withUpdates(base: Y.Doc, ...updates: Uint8Array[]): Y.Doc {
  const doc = replica(base);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** The verdict of a host holding `base` on `update` from `writer` with `role`. */
function judge(role: Role | null, kind: DocKind, base: Y.Doc, update: Uint8Array, writer: string | undefined = BEN, askedBy?: string | null) {
  const shadow = replica(base);
  const changes = applyAndDescribe(shadow, update);
  return checkWrite(role, kind, changes, base, shadow, writer, askedBy);
}

const accepted = (role: Role, base: Y.Doc, update: Uint8Array) => judge(role, 'workspace', base, update).ok;
const commenterMay = (base: Y.Doc, update: Uint8Array) => accepted('commenter', base, update);

/** A question record as createPage writes it, under a key the writer chooses. */
function writeRecord(doc: Y.Doc, key: string, fields: Record<string, unknown> = {}): Y.Map<unknown> {
  const record = new Y.Map<unknown>();
  getPagesMap(doc).set(key, record);
  const all: Record<string, unknown> = {
    title: 'Mine',
    parentId: null,
    order: 'a5',
    kind: 'question',
    tags: new Y.Array<string>(),
    icon: null,
    createdBy: BEN,
    createdAt: 5,
    updatedBy: BEN,
    updatedAt: 5,
    movedAt: 5,
    trashedAt: null,
    isTemplate: false,
    ...fields,
  };
  for (const [field, value] of Object.entries(all)) if (value !== undefined) record.set(field, value);
  return record;
}

// Ana's workspace: a note, a question of Ana's, a question of Ben's.
const ws = new Y.Doc({ guid: newWorkspaceId() });
initWorkspaceDoc(ws, { name: 'W', createdBy: ANA, now: 1 }, null);
const beforeNote = replica(ws); // the workspace before Ana's note existed
const note = createPage(ws, { title: 'Field notes', parentId: null, kind: 'note', by: ANA, now: 2 }, null);
const anas = createPage(ws, { title: 'Ana asks', parentId: null, kind: 'question', by: ANA, now: 3 }, null);
const bens = createPage(ws, { title: 'Ben asks', parentId: null, kind: 'question', by: BEN, now: 4 }, null);
const FRESH = '0123456789abcdef0123456789abcdef' as PageId;

describe('the control: what a commenter may do', () => {
  it('adds a question of its own under a fresh page id, and retitles it', () => {
    expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, FRESH)))).toBe(true);
    expect(commenterMay(ws, scenario(ws, (d) => renamePage(d, { pageId: bens, title: 'Ben asks again', by: BEN, now: 6 }, null)))).toBe(true);
  });
});

describe('where a question goes: its key', () => {
  it('refuses a question under the id of a page that exists (its record written over)', () => {
    expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, note)))).toBe(false);
    expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, anas)))).toBe(false);
  });

  it('refuses a record crafted as concurrent with an existing page\'s, from a client id that wins the conflict', () => {
    // Made on a replica that never saw Ana's note: to Yjs the two records under one key are
    // concurrent, and the higher client id's is kept on every replica.
    const hijack = scenario(beforeNote, (d) => writeRecord(d, note), HIGH_CLIENT);
    expect(commenterMay(ws, hijack)).toBe(false);
    // Were it accepted all the same (relayed by a contributor's host, which may write anything), its
    // record would win on every replica — but it came after Ana's under that key: Ben does not
    // become the asker of Ana's note, and may not write its page doc.
    const merged = withUpdates(ws, hijack);
    expect(getPageMap(merged, note)?.get('createdBy')).toBe(BEN);
    expect(questionAskerOf(merged, note)).toBeNull();
  });

  it('a record that reached us before the page it hijacks is accepted, but its asker loses the page once the page arrives', () => {
    // OPEN (docs/roles.md, "changes are not signed"): a host that does not yet hold Ana's note
    // cannot tell Ben's fresh-looking record from a question; when Ana's record arrives (from a
    // contributor: accepted), Yjs keeps Ben's, the higher client id, on every replica.
    const hijack = scenario(beforeNote, (d) => writeRecord(d, note), HIGH_CLIENT);
    expect(commenterMay(beforeNote, hijack)).toBe(true);
    const early = withUpdates(beforeNote, hijack);
    expect(questionAskerOf(early, note)).toBe(BEN); // until the note arrives
    Y.applyUpdate(early, Y.encodeStateAsUpdate(ws));
    expect(getPageMap(early, note)?.get('createdBy')).toBe(BEN);
    expect(questionAskerOf(early, note)).toBeNull(); // from then on the note's body is not Ben's to write
    expect(commenterMay(early, scenario(early, (d) => renamePage(d, { pageId: note, title: 'Still mine?', by: BEN, now: 9 }, null)))).toBe(false);
  });

  it('refuses deleting its own question\'s record and adding a new one under the same id, in one update or two', () => {
    const swap = scenario(ws, (d) => {
      getPagesMap(d).delete(bens);
      writeRecord(d, bens, { title: 'Fresh record' });
    });
    expect(commenterMay(ws, swap)).toBe(false);
    const remove = scenario(ws, (d) => getPagesMap(d).delete(bens));
    expect(commenterMay(ws, remove)).toBe(false);
  });

  it('refuses a question under the id of a page deleted forever (whose page doc other hosts may still hold)', () => {
    const gone = replica(ws);
    trashPage(gone, { pageId: note, by: ANA, now: 6 }, null);
    deletePageForever(gone, { pageId: note }, null);
    expect(getPagesMap(gone).has(note)).toBe(false);
    expect(commenterMay(gone, scenario(gone, (d) => writeRecord(d, note)))).toBe(false);
    // A fresh id in the same workspace is fine.
    expect(commenterMay(gone, scenario(gone, (d) => writeRecord(d, FRESH)))).toBe(true);
  });

  it('refuses a question under the id of a page\'s comments doc (which would then be judged as a page: the question\'s body)', () => {
    const squat = scenario(ws, (d) => writeRecord(d, commentsDocId(note)));
    const merged = withUpdates(ws, squat);
    expect(commenterMay(ws, squat)).toBe(false);
    // What accepting it would do (a host that got it before the note: OPEN): the note's comments
    // doc is judged as a page, so commenters can no longer comment on the note; but it is nobody's
    // question, so Ben does not write it.
    expect(docKindOf(merged, commentsDocId(note))).toBe('page');
    expect(questionAskerOf(merged, commentsDocId(note))).toBeNull();
  });

  it('refuses a question under the workspace\'s id, or a key that is not a page id', () => {
    expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, ws.guid)))).toBe(false);
    for (const key of ['not-a-page-id', '', '../../etc', FRESH.toUpperCase(), `${FRESH}0`]) {
      expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, key)))).toBe(false);
    }
  });
});

describe('what a question\'s record holds', () => {
  it('refuses a question placed inside another page, or moved there later by writing its parentId', () => {
    expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, FRESH, { parentId: note })))).toBe(false);
    expect(commenterMay(ws, scenario(ws, (d) => getPageMap(d, bens)?.set('parentId', note)))).toBe(false);
    expect(commenterMay(ws, scenario(ws, (d) => getPageMap(d, bens)?.set('parentId', bens)))).toBe(false); // a cycle of one
  });

  it('refuses an order key that is not a fractional index (a contributor placing a page beside it would re-key every top-level page)', () => {
    for (const order of [' ', '!', 'a', 'a0 ', 'a0~', 'a0\u0000', 'Zz0']) {
      expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, FRESH, { order })))).toBe(false);
    }
    expect(commenterMay(ws, scenario(ws, (d) => getPageMap(d, bens)?.set('order', ' ')))).toBe(false); // nor a later reorder
  });

  it('an order key equal to another page\'s (a tie) changes no other page', () => {
    const first = getPageMap(ws, note)?.get('order') as string;
    const tie = scenario(ws, (d) => writeRecord(d, FRESH, { order: first }));
    expect(commenterMay(ws, tie)).toBe(true);
    const merged = withUpdates(ws, tie);
    for (const id of [note, anas, bens]) expect(getPageMap(merged, id)?.toJSON()).toEqual(getPageMap(ws, id)?.toJSON());
  });

  it('refuses Y types where the app writes plain values, and values past their limits', () => {
    const refused = (fields: Record<string, unknown>) => expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, FRESH, fields)))).toBe(false);
    refused({ title: new Y.Text('Mine') });
    refused({ createdBy: new Y.Text(BEN) });
    refused({ kind: new Y.Text('question') });
    refused({ order: new Y.Text('a5') });
    refused({ parentId: new Y.Map() });
    refused({ tags: new Y.Map() });
    refused({ tags: Y.Array.from(['help']) });
    refused({ title: 'x'.repeat(1001) });
    refused({ order: 'a'.repeat(2000) });
    refused({ createdAt: Number.POSITIVE_INFINITY });
    refused({ title: new Uint8Array(4) });
    refused({ title: { text: 'Mine' } });
    refused({ title: undefined }); // missing
  });

  it('refuses turning another page into its own question in place (its kind and author rewritten)', () => {
    const takeover = scenario(ws, (d) => {
      getPageMap(d, note)?.set('kind', 'question');
      getPageMap(d, note)?.set('createdBy', BEN);
    }, HIGH_CLIENT);
    expect(questionAskerOf(withUpdates(ws, takeover), note)).toBe(BEN); // what accepting it would do
    expect(commenterMay(ws, scenario(ws, (d) => getPageMap(d, note)?.set('createdBy', BEN)))).toBe(false);
    expect(commenterMay(ws, scenario(ws, (d) => { getPageMap(d, anas)?.set('createdBy', BEN); }))).toBe(false); // Ana's question
    expect(commenterMay(ws, takeover)).toBe(false);
  });

  it('refuses converting its question to another kind, by itself, at creation or later', () => {
    expect(commenterMay(ws, scenario(ws, (d) => writeRecord(d, FRESH, { kind: 'guide' })))).toBe(false);
    expect(commenterMay(ws, scenario(ws, (d) => setPageKind(d, { pageId: bens, kind: 'guide', by: BEN, now: 7 }, null)))).toBe(false);
  });

  it('after a contributor converts the question (concurrently with a retitle), the asker writes neither its record nor its body', () => {
    const retitle = scenario(ws, (d) => renamePage(d, { pageId: bens, title: 'Retitled offline', by: BEN, now: 7 }, null));
    const converted = withUpdates(ws, scenario(ws, (d) => setPageKind(d, { pageId: bens, kind: 'guide', by: ANA, now: 7 }, null)));
    expect(questionAskerOf(converted, bens)).toBeNull();
    expect(commenterMay(converted, retitle)).toBe(false);
  });
});

describe('deletions carried by an update that is otherwise allowed', () => {
  /** The update that deletes, by `edit`, items of `base` (its delete set only), merged with `allowed`. */
  function withDeletions(base: Y.Doc, allowed: Uint8Array, edit: (d: Y.Doc) => void): Uint8Array {
    return Y.mergeUpdates([allowed, scenario(base, edit)]);
  }
  const ask = scenario(ws, (d) => writeRecord(d, FRESH));

  it('refuses an own question carrying the deletion of another page\'s title, record, or order', () => {
    expect(commenterMay(ws, withDeletions(ws, ask, (d) => getPageMap(d, note)?.delete('title')))).toBe(false);
    expect(commenterMay(ws, withDeletions(ws, ask, (d) => getPagesMap(d).delete(anas)))).toBe(false);
    expect(commenterMay(ws, withDeletions(ws, ask, (d) => getPageMap(d, note)?.delete('order')))).toBe(false);
    expect(commenterMay(ws, withDeletions(ws, ask, (d) => d.getMap('meta').delete('name')))).toBe(false);
  });

  it('refuses a deletion of items we do not hold yet (it would wait, and apply later unchecked)', () => {
    const ahead = replica(ws, 424242);
    getPageMap(ahead, note)?.set('title', 'Written elsewhere'); // an item our host has not seen
    const removal = scenario(ahead, (d) => getPageMap(d, note)?.set('title', 'Again'));
    // Only the delete set of `removal` (the deletion of the unseen item) rides with Ben's question.
    const onlyDeletes = Y.diffUpdate(removal, Y.encodeStateVector(withUpdates(ahead, removal)));
    expect(Y.decodeUpdate(onlyDeletes).structs).toHaveLength(0);
    expect(Y.decodeUpdate(onlyDeletes).ds.clients.size).toBeGreaterThan(0);
    expect(judge('commenter', 'workspace', ws, Y.mergeUpdates([ask, onlyDeletes]))).toEqual({ ok: false, reason: expect.stringContaining('waiting') });
  });
});

describe('edit records (edits:<member>) in a question\'s record', () => {
  const windowStart = 100 * EDIT_WINDOW_MS;
  const edits = (records: Record<string, unknown>, member: string = BEN) =>
    scenario(ws, (d) => {
      const map = new Y.Map<unknown>();
      getPageMap(d, bens)?.set(`edits:${member}`, map);
      for (const [key, value] of Object.entries(records)) map.set(key, value);
    });

  it('accepts its own, well-formed', () => {
    expect(commenterMay(ws, scenario(ws, (d) => addEditRecords(d, BEN, [{ pageId: bens, at: windowStart + 5, count: 2 }], null)))).toBe(true);
    expect(commenterMay(ws, edits({ [windowStart]: { last: windowStart + 5, count: 2 } }))).toBe(true);
  });

  it('refuses someone else\'s, malformed ones, and records carrying a payload beside their fields', () => {
    expect(commenterMay(ws, edits({ [windowStart]: { last: windowStart + 5, count: 2 } }, ANA))).toBe(false);
    expect(commenterMay(ws, edits({ [windowStart + 1]: { last: windowStart + 5, count: 2 } }))).toBe(false); // not a window
    expect(commenterMay(ws, edits({ [windowStart]: { last: windowStart - 1, count: 2 } }))).toBe(false);
    expect(commenterMay(ws, edits({ [windowStart]: { last: windowStart + 5, count: 0 } }))).toBe(false);
    expect(commenterMay(ws, edits({ [windowStart]: 'junk' }))).toBe(false);
    expect(commenterMay(ws, edits({ [windowStart]: new Y.Map() }))).toBe(false);
    // Well-formed fields, and a megabyte beside them, in the workspace doc every member loads.
    expect(commenterMay(ws, edits({ [windowStart]: { last: windowStart + 5, count: 2, note: 'x'.repeat(1 << 20) } }))).toBe(false);
    // The same hidden in a prototype: JSON.parse makes `__proto__` an own key, which Yjs encodes
    // and lib0 decodes, on the receiving host, as the record's prototype.
    const hidden = JSON.parse(`{"__proto__": {"last": ${windowStart + 5}, "count": 2, "note": "${'x'.repeat(1000)}"}}`) as unknown;
    expect(commenterMay(ws, edits({ [windowStart]: hidden }))).toBe(false);
  });

  it('refuses its own edit records in another page\'s record', () => {
    expect(commenterMay(ws, scenario(ws, (d) => addEditRecords(d, BEN, [{ pageId: note, at: windowStart, count: 1 }], null)))).toBe(false);
  });
});

describe('the body: its page doc', () => {
  const body = new Y.Doc({ guid: bens, gc: false });
  body.getXmlFragment('content').insert(0, [new Y.XmlText('How do I start?')]);
  const typing = scenario(body, (d) => (d.getXmlFragment('content').get(0) as Y.XmlText).insert(0, 'So: '));
  /** The verdict on a page-doc update from Ben, the asker being whoever `workspace` says asked `pageId`. */
  const page = (workspace: Y.Doc, pageId: string, update: Uint8Array, base: Y.Doc = body) =>
    judge('commenter', 'page', base, update, BEN, questionAskerOf(workspace, pageId)).ok;

  it('is written by its asker once our replica holds its record', () => {
    expect(page(ws, bens, typing)).toBe(true);
  });

  it('refuses a body that arrives before its record (the asker is read from our replica)', () => {
    const record = scenario(ws, (d) => writeRecord(d, FRESH));
    const early = scenario(new Y.Doc({ guid: FRESH, gc: false }), (d) => d.getXmlFragment('content').insert(0, [new Y.XmlText('Early')]));
    expect(page(ws, FRESH, early, new Y.Doc({ guid: FRESH, gc: false }))).toBe(false);
    // Once the record is in, the same bytes are fine (the peer sends them again on resync).
    expect(page(withUpdates(ws, record), FRESH, early, new Y.Doc({ guid: FRESH, gc: false }))).toBe(true);
  });

  it('refuses a body whose record our host refused (the record and the body in separate updates)', () => {
    const badRecord = scenario(ws, (d) => writeRecord(d, FRESH, { parentId: note }));
    expect(commenterMay(ws, badRecord)).toBe(false);
    // Refused, the record is never applied: our replica still has no asker for that page.
    const early = scenario(new Y.Doc({ guid: FRESH, gc: false }), (d) => d.getXmlFragment('content').insert(0, [new Y.XmlText('Early')]));
    expect(page(ws, FRESH, early, new Y.Doc({ guid: FRESH, gc: false }))).toBe(false);
  });

  it('refuses writing another page\'s doc, even one the asker\'s own record names (a question is asked of its own id only)', () => {
    expect(page(ws, note, typing)).toBe(false);
    expect(page(ws, anas, typing)).toBe(false);
    expect(page(ws, commentsDocId(bens), typing)).toBe(false);
  });

  it('refuses roots beside the body in its page doc', () => {
    for (const root of ['comments', 'suggestions', 'meta', 'pages']) {
      expect(page(ws, bens, scenario(body, (d) => d.getMap(root).set('x', 1)))).toBe(false);
    }
    // With the body, in one update: refused as a whole.
    expect(page(ws, bens, Y.mergeUpdates([typing, scenario(body, (d) => d.getMap('comments').set('x', 1))]))).toBe(false);
  });

  it('refuses a body update waiting on structs or deletions we lack (the pending path)', () => {
    const ahead = withUpdates(body, typing);
    const waiting = { ok: false, reason: expect.stringContaining('waiting') };
    const later = scenario(ahead, (d) => (d.getXmlFragment('content').get(0) as Y.XmlText).insert(1, 'x'));
    expect(judge('commenter', 'page', body, later, BEN, BEN)).toEqual(waiting);
    // Deleting the words `typing` wrote, which we lack: a delete set that waits.
    const deletesUnseen = Y.diffUpdate(scenario(ahead, (d) => (d.getXmlFragment('content').get(0) as Y.XmlText).delete(0, 4)), Y.encodeStateVector(ahead));
    expect(judge('commenter', 'page', body, deletesUnseen, BEN, BEN)).toEqual(waiting);
    expect(judge('commenter', 'page', ahead, deletesUnseen, BEN, BEN)).toEqual({ ok: true }); // once we hold them
  });

  it('textMoves entries are ids within its own doc: one naming another doc\'s characters moves nothing there', () => {
    const other = new Y.Doc({ gc: false });
    other.getXmlFragment('content').insert(0, [new Y.XmlText('Ana wrote this')]);
    const text = other.getXmlFragment('content').get(0) as Y.XmlText;
    const id = text._start?.id;
    if (id === undefined) throw new Error('no id');
    // Ben records "the characters of Ana's page moved to mine" in his own question's textMoves.
    const forged = scenario(body, (d) => d.getMap('textMoves').set(`${id.client}:${id.clock}`, { from: [id.client, id.clock, 14], to: [1, 0, 14] }));
    expect(page(ws, bens, forged)).toBe(true); // its own body: its to write
    // Anchors in Ana's page follow moves of Ana's page doc only; Ben's doc holds none of those characters.
    expect(followMoves(other, id)).toEqual(id);
    expect(followMoves(withUpdates(body, forged), id)).toEqual(id);
  });
});
