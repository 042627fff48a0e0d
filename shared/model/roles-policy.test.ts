import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signGrant } from '../crypto/grants';
import { generateSigner } from '../crypto/signatures';
import { newWorkspaceId, type MemberId, type PageId } from '../ids';
import { applyAndDescribe } from './change-set';
import { commentsDocId } from './comments-doc';
import type { Role } from './members';
import { addEditRecords } from './activity';
import { createPage, getPageMap, getPagesMap, initWorkspaceDoc, movePage, renamePage, setPageKind, setPageTags, trashPage } from './index';
import { getMembersMap, writeMember } from './members';
import { mayWritePage, questionAskerOf } from './question-policy';
import { checkWrite, docKindOf, type DocKind } from './roles-policy';

const ME = 'a'.repeat(64) as MemberId;

/** A doc, and an update made on a copy of it by `edit`. */
function scenario(base: Y.Doc, edit: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc({ guid: base.guid });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  edit(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

function verdict(role: Role | null, kind: DocKind, base: Y.Doc, update: Uint8Array, writer?: string, askedBy?: string | null) {
  const shadow = new Y.Doc({ guid: base.guid });
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(base));
  const changes = applyAndDescribe(shadow, update);
  return checkWrite(role, kind, changes, base, shadow, writer, askedBy).ok;
}

/** `base` with `update` applied, as a new doc. */
function withUpdate(base: Y.Doc, update: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ guid: base.guid });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(doc, update);
  return doc;
}

const ROLES: Array<Role | null> = [null, 'reader', 'commenter', 'contributor', 'steward'];

describe('the write policy', () => {
  const page = new Y.Doc();
  page.getXmlFragment('content').insert(0, [new Y.XmlText('hello')]);
  const typing = scenario(page, (d) => (d.getXmlFragment('content').get(0) as Y.XmlText).insert(5, ' world'));
  const comments = new Y.Doc();
  const commenting = scenario(comments, (d) => d.getMap('threads').set('t1', new Y.Map()));

  it.each(ROLES)('page content and comments, for %s', (role) => {
    const contributes = role === 'contributor' || role === 'steward';
    expect(verdict(role, 'page', page, typing)).toBe(contributes);
    expect(verdict(role, 'comments', comments, commenting)).toBe(contributes || role === 'commenter');
  });

  it('an update that changes nothing (a relay of what we hold) is fine from any member', () => {
    const known = Y.encodeStateAsUpdate(page);
    for (const role of ROLES) expect(verdict(role, 'page', page, known)).toBe(true);
  });

  it('an update that adds structs where nothing shows (into a deleted paragraph) is a write, not a relay', () => {
    // A reader's host types 100 kB into a paragraph that a contributor has since deleted: Yjs
    // reports no changed type, but the page doc (gc: false) would keep, store and relay it all.
    const stale = new Y.Doc({ gc: false });
    Y.applyUpdate(stale, Y.encodeStateAsUpdate(page));
    const hidden = scenario(stale, (d) => (d.getXmlFragment('content').get(0) as Y.XmlText).insert(5, 'x'.repeat(100_000)));
    const deleted = new Y.Doc({ gc: false });
    Y.applyUpdate(deleted, Y.encodeStateAsUpdate(page));
    deleted.getXmlFragment('content').delete(0, 1);
    const shadow = new Y.Doc({ gc: false });
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(deleted));
    expect(applyAndDescribe(shadow, hidden).roots.size).toBe(0); // nothing Yjs calls a change
    for (const role of ROLES) expect(verdict(role, 'page', deleted, hidden)).toBe(role === 'contributor' || role === 'steward');
    expect(verdict('reader', 'comments', deleted, hidden)).toBe(false);
    // Its asker, a commenter, typing in its own question's deleted paragraph: the body is its to write.
    expect(verdict('commenter', 'page', deleted, hidden, 'b'.repeat(64), 'b'.repeat(64))).toBe(true);
    // Once we hold it, the same bytes are a relay again, fine from anyone.
    const holding = withUpdate(deleted, hidden);
    for (const role of ROLES) expect(verdict(role, 'page', holding, hidden)).toBe(true);
  });

  it('an update waiting on changes we lack is refused unless the role may write the doc anyway', () => {
    const first = scenario(page, (d) => d.getXmlFragment('content').insert(0, [new Y.XmlText('a')]));
    const later = new Y.Doc();
    Y.applyUpdate(later, Y.encodeStateAsUpdate(page));
    Y.applyUpdate(later, first);
    const second = scenario(later, (d) => d.getXmlFragment('content').insert(0, [new Y.XmlText('b')]));
    expect(verdict('commenter', 'page', page, second)).toBe(false);
    expect(verdict('contributor', 'page', page, second)).toBe(true);
  });

  describe('the workspace doc', () => {
    const ws = new Y.Doc({ guid: newWorkspaceId() });
    initWorkspaceDoc(ws, { name: 'W', createdBy: ME, now: 1 }, null);
    const pageId = createPage(ws, { title: 'P', parentId: null, kind: 'note', by: ME, now: 1 }, null);
    const rename = scenario(ws, (d) => renamePage(d, { pageId, title: 'Q', by: ME, now: 2 }, null));
    const meta = scenario(ws, (d) => d.getMap('meta').set('name', 'Mine now'));
    const unknown = scenario(ws, (d) => d.getMap('elsewhere').set('x', 1));

    it.each(ROLES)('pages, meta and unknown sections, for %s', (role) => {
      const contributes = role === 'contributor' || role === 'steward';
      expect(verdict(role, 'workspace', ws, rename)).toBe(contributes);
      expect(verdict(role, 'workspace', ws, meta)).toBe(role === 'steward');
      expect(verdict(role, 'workspace', ws, unknown)).toBe(role === 'steward');
    });

    it('grants may be added, well-formed, never changed or removed — even by a steward', async () => {
      const { signer } = await generateSigner();
      const g = await signGrant(signer, { workspaceId: ws.guid, memberId: signer.id, role: 'steward', invite: false, at: 1 });
      const add = scenario(ws, (d) => d.getMap('grants').set(g.sig, g));
      expect(verdict('contributor', 'workspace', ws, add)).toBe(true);
      expect(verdict('commenter', 'workspace', ws, add)).toBe(false);
      const junk = scenario(ws, (d) => d.getMap('grants').set(g.sig, { ...g, role: 'nobody' }));
      expect(verdict('steward', 'workspace', ws, junk)).toBe(false);
      const misfiled = scenario(ws, (d) => d.getMap('grants').set('x'.repeat(86), g));
      expect(verdict('steward', 'workspace', ws, misfiled)).toBe(false);
      const withGrant = new Y.Doc({ guid: ws.guid });
      Y.applyUpdate(withGrant, Y.encodeStateAsUpdate(ws));
      Y.applyUpdate(withGrant, add);
      const remove = scenario(withGrant, (d) => d.getMap('grants').delete(g.sig));
      expect(verdict('steward', 'workspace', withGrant, remove)).toBe(false);
      const overwrite = scenario(withGrant, (d) => d.getMap('grants').set(g.sig, { ...g, at: 2 }));
      expect(verdict('steward', 'workspace', withGrant, overwrite)).toBe(false);
      // The same record written again (two hosts adding it at once) is no change.
      const again = scenario(withGrant, (d) => d.getMap('grants').set(g.sig, { ...g }));
      expect(verdict('contributor', 'workspace', withGrant, again)).toBe(true);
    });

    describe('a member\'s own profile, whatever its role', () => {
      const BEN = 'b'.repeat(64) as MemberId;
      const withMembers = new Y.Doc({ guid: ws.guid });
      Y.applyUpdate(withMembers, Y.encodeStateAsUpdate(ws));
      writeMember(withMembers, ME, { name: 'Ana', color: '#46a758', role: 'steward', joinedAt: 1, grantedBy: null }, null);
      writeMember(withMembers, BEN, { name: 'Ben', color: '#0090ff', role: 'commenter', joinedAt: 2, grantedBy: ME }, null);
      const edit = (fn: (d: Y.Doc) => void) => scenario(withMembers, fn);
      const LOWER: Role[] = ['reader', 'commenter'];

      it.each(LOWER)('a %s may change its own name and colour, and publish them first time', (role) => {
        expect(verdict(role, 'workspace', withMembers, edit((d) => writeMember(d, BEN, { name: 'Benedict', color: '#6e56cf' }, null)), BEN)).toBe(true);
        // Its entry not there yet (a joiner, before the steward's host wrote it): a profile only.
        expect(verdict(role, 'workspace', ws, scenario(ws, (d) => writeMember(d, BEN, { name: 'Ben', color: '#0090ff' }, null)), BEN)).toBe(true);
        // Writing what is there already is no change.
        expect(verdict(role, 'workspace', withMembers, edit((d) => writeMember(d, BEN, { name: 'Ben' }, null)), BEN)).toBe(true);
      });

      it.each(LOWER)('a %s may not write another member\'s entry, nor its own other fields, nor anything else', (role) => {
        const refused = (update: Uint8Array, writer: string | null = BEN) => expect(verdict(role, 'workspace', withMembers, update, writer ?? undefined)).toBe(false);
        refused(edit((d) => writeMember(d, ME, { name: 'Not Ana' }, null))); // someone else's profile
        refused(edit((d) => writeMember(d, ME, { color: '#000000' }, null)));
        refused(edit((d) => writeMember(d, 'c'.repeat(64) as MemberId, { name: 'Sock puppet', color: '#000000' }, null))); // a new member
        refused(edit((d) => writeMember(d, BEN, { role: 'steward' }, null))); // role fields of its own entry
        refused(edit((d) => writeMember(d, BEN, { joinedAt: 0 }, null)));
        refused(edit((d) => writeMember(d, BEN, { grantedBy: BEN }, null)));
        refused(edit((d) => (getMembersMap(d).get(BEN) as Y.Map<unknown>).set('extra', 1))); // a field of its own making
        refused(edit((d) => (getMembersMap(d).get(BEN) as Y.Map<unknown>).delete('role')));
        refused(edit((d) => getMembersMap(d).delete(BEN))); // its entry gone, with the fields a steward's host wrote
        refused(edit((d) => getMembersMap(d).set(BEN, 'junk')));
        refused(edit((d) => getMembersMap(d).set(BEN, new Y.Map()))); // replaced by one without its fields
        refused(edit((d) => writeMember(d, BEN, { name: 'Ben', color: 'red' }, null))); // not #rrggbb
        refused(edit((d) => writeMember(d, BEN, { name: '   ' }, null))); // blank
        refused(edit((d) => writeMember(d, BEN, { name: 'x'.repeat(201) }, null)));
        refused(edit((d) => (getMembersMap(d).get(BEN) as Y.Map<unknown>).set('name', new Y.Text('Ben'))));
        refused(edit((d) => writeMember(d, BEN, { name: 'Benedict' }, null)), ME); // the writer is who the connection proved, not whose entry
        refused(edit((d) => writeMember(d, BEN, { name: 'Benedict' }, null)), null); // no writer: no allowance
        refused(edit((d) => { writeMember(d, BEN, { name: 'Benedict' }, null); d.getMap('meta').set('name', 'Mine now'); })); // with more besides
        refused(rename, BEN);
        refused(meta, BEN);
      });

      it('an entry holding only a profile may go (two hosts wrote it at once: the losing map is deleted)', () => {
        // The steward's host writes the profile Ben presented in the handshake while Ben's host
        // writes its own as it claims the invite: two maps under one key.
        const replica = (client: number) => {
          const d = new Y.Doc({ guid: ws.guid });
          d.clientID = client;
          Y.applyUpdate(d, Y.encodeStateAsUpdate(ws));
          writeMember(d, BEN, { name: 'Ben', color: '#0090ff' }, null);
          return d;
        };
        const ada = replica(1);
        const ben = replica(2);
        // Ben's host takes Ada's map, keeps its own (the higher client wins) and relays what it
        // applied: Ada's map, deleted. Ada's host, before Ben's map reaches it, sees the entry go.
        let relayed: Uint8Array | null = null;
        ben.on('update', (update: Uint8Array) => (relayed = update));
        Y.applyUpdate(ben, Y.encodeStateAsUpdate(ada, Y.encodeStateVector(ben)));
        expect((getMembersMap(ben).get(BEN) as Y.Map<unknown>)._item?.id.client).toBe(2);
        if (!relayed) throw new Error('nothing relayed');
        const shadow = new Y.Doc({ guid: ws.guid });
        Y.applyUpdate(shadow, Y.encodeStateAsUpdate(ada));
        const changes = applyAndDescribe(shadow, relayed);
        expect(getMembersMap(shadow).has(BEN)).toBe(false);
        expect(checkWrite('commenter', 'workspace', changes, ada, shadow, BEN)).toEqual({ ok: true });
        // Ben's map arrives: the entry is back, on both.
        Y.applyUpdate(ada, Y.encodeStateAsUpdate(ben));
        expect(getMembersMap(ada).toJSON()).toEqual(getMembersMap(ben).toJSON());
      });

      it('not a member: not even a profile', () => {
        expect(verdict(null, 'workspace', withMembers, edit((d) => writeMember(d, BEN, { name: 'Benedict' }, null)), BEN)).toBe(false);
      });

      it('only the workspace doc has profiles: a commenter still may not write a page', () => {
        expect(verdict('commenter', 'page', page, typing, BEN)).toBe(false);
      });

      it('an own-profile update that waits on changes we lack is refused', () => {
        const first = edit((d) => writeMember(d, BEN, { name: 'B1' }, null));
        const later = new Y.Doc({ guid: ws.guid });
        Y.applyUpdate(later, Y.encodeStateAsUpdate(withMembers));
        Y.applyUpdate(later, first);
        const second = scenario(later, (d) => writeMember(d, BEN, { name: 'B2' }, null));
        expect(verdict('commenter', 'workspace', withMembers, second, BEN)).toBe(false);
      });
    });

    describe('asking a question, below contributor', () => {
      const BEN = 'b'.repeat(64) as MemberId;
      const asked = (d: Y.Doc, by: MemberId = BEN, kind = 'question', parentId: PageId | null = null) =>
        createPage(d, { title: 'How do I start?', parentId, kind, by, now: 5 }, null);
      const ask = (fn: (d: Y.Doc, id: PageId) => void = () => undefined) => scenario(ws, (d) => fn(d, asked(d)));
      // Ben's question, already there; and one of Ana's.
      const withQuestions = new Y.Doc({ guid: ws.guid });
      Y.applyUpdate(withQuestions, Y.encodeStateAsUpdate(ws));
      const bens = asked(withQuestions);
      const anas = asked(withQuestions, ME);
      const later = (fn: (d: Y.Doc) => void) => scenario(withQuestions, fn);
      const commenter = (base: Y.Doc, update: Uint8Array, writer: string | undefined = BEN) => verdict('commenter', 'workspace', base, update, writer);

      it('a commenter may add a question of its own, retitle it, and its host record its edits of it', () => {
        expect(commenter(ws, ask())).toBe(true);
        expect(commenter(ws, ask((d, id) => renamePage(d, { pageId: id, title: 'How do I start, offline?', by: BEN, now: 6 }, null)))).toBe(true);
        expect(commenter(withQuestions, later((d) => renamePage(d, { pageId: bens, title: 'Where do I start?', by: BEN, now: 7 }, null)))).toBe(true);
        expect(commenter(withQuestions, later((d) => addEditRecords(d, BEN, [{ pageId: bens, at: 8, count: 3 }], null)))).toBe(true);
        // With its profile, in one update (a host back from offline sends all it did at once).
        expect(commenter(ws, ask((d) => writeMember(d, BEN, { name: 'Ben', color: '#0090ff' }, null)))).toBe(true);
        // Contributors and stewards may anyway.
        expect(verdict('contributor', 'workspace', ws, ask(), BEN)).toBe(true);
      });

      it('a commenter may not ask as someone else, nor add a page of another kind or anywhere else', () => {
        expect(commenter(ws, scenario(ws, (d) => asked(d, ME)))).toBe(false); // authored as Ana
        expect(commenter(ws, ask(), ME)).toBe(false); // the writer is who the connection proved
        expect(verdict('commenter', 'workspace', ws, ask())).toBe(false); // no writer: no allowance
        expect(commenter(ws, ask((d, id) => getPageMap(d, id)?.set('updatedBy', ME)))).toBe(false);
        expect(commenter(ws, scenario(ws, (d) => asked(d, BEN, 'note')))).toBe(false);
        expect(commenter(ws, scenario(ws, (d) => asked(d, BEN, 'question', pageId)))).toBe(false); // not at the top level
        expect(commenter(ws, ask((d, id) => setPageTags(d, { pageId: id, tags: ['help'], by: BEN, now: 6 }, null)))).toBe(false);
        expect(commenter(ws, ask((d, id) => getPageMap(d, id)?.set('isTemplate', true)))).toBe(false);
        expect(commenter(ws, ask((d, id) => getPageMap(d, id)?.set('trashedAt', 6)))).toBe(false);
        expect(commenter(ws, ask((d, id) => getPageMap(d, id)?.set('extra', 1)))).toBe(false); // a field of its own making
        expect(commenter(ws, ask((d, id) => getPageMap(d, id)?.delete('order')))).toBe(false);
        expect(commenter(ws, ask((d, id) => getPageMap(d, id)?.set('title', 'x'.repeat(1001))))).toBe(false);
        expect(commenter(ws, scenario(ws, (d) => getPagesMap(d).set('q'.repeat(21), 'junk')))).toBe(false);
      });

      it('a commenter may not change another page alongside its question', () => {
        expect(commenter(ws, ask((d) => renamePage(d, { pageId, title: 'Mine too', by: BEN, now: 6 }, null)))).toBe(false);
        expect(commenter(ws, ask((d) => trashPage(d, { pageId, by: BEN, now: 6 }, null)))).toBe(false);
        expect(commenter(ws, ask((d) => getPagesMap(d).delete(pageId)))).toBe(false);
        expect(commenter(ws, ask((d) => addEditRecords(d, BEN, [{ pageId, at: 8, count: 1 }], null)))).toBe(false); // edits of a page not its own
        expect(commenter(ws, ask((d) => d.getMap('meta').set('name', 'Mine now')))).toBe(false);
        expect(commenter(ws, ask((d) => writeMember(d, ME, { name: 'Not Ana' }, null)))).toBe(false);
      });

      it('a commenter may change only the title of its question afterwards, and nobody else\'s', () => {
        const refused = (fn: (d: Y.Doc) => void) => expect(commenter(withQuestions, later(fn))).toBe(false);
        refused((d) => renamePage(d, { pageId: anas, title: 'Taken over', by: BEN, now: 7 }, null)); // Ana's question
        refused((d) => setPageKind(d, { pageId: bens, kind: 'guide', by: BEN, now: 7 }, null));
        refused((d) => movePage(d, { pageId: bens, parentId: pageId, index: 0, by: BEN, now: 7 }, null));
        refused((d) => trashPage(d, { pageId: bens, by: BEN, now: 7 }, null));
        refused((d) => setPageTags(d, { pageId: bens, tags: ['help'], by: BEN, now: 7 }, null));
        refused((d) => getPageMap(d, bens)?.set('createdBy', ME));
        refused((d) => getPageMap(d, bens)?.set('updatedBy', ME));
        refused((d) => getPagesMap(d).delete(bens));
        refused((d) => {
          // Its record written over by a copy: what others wrote in the old one would go.
          const copy = new Y.Map<unknown>();
          const old = getPageMap(d, bens);
          getPagesMap(d).set(bens, copy);
          old?.forEach((value, key) => copy.set(key, value instanceof Y.AbstractType ? new Y.Array() : value));
        });
        refused((d) => addEditRecords(d, ME, [{ pageId: bens, at: 8, count: 1 }], null)); // someone else's edit records
        refused((d) => getPageMap(d, bens)?.set(`edits:${BEN}`, 'junk'));
        expect(verdict('reader', 'workspace', withQuestions, later((d) => renamePage(d, { pageId: bens, title: 'Retitled', by: BEN, now: 7 }, null)), BEN)).toBe(false);
      });

      it('a reader may not ask', () => {
        expect(verdict('reader', 'workspace', ws, ask(), BEN)).toBe(false);
        expect(verdict(null, 'workspace', ws, ask(), BEN)).toBe(false);
      });

      it('a question update that waits on changes we lack is refused', () => {
        let id = '' as PageId;
        const first = scenario(ws, (d) => (id = asked(d)));
        // A retitle of a question whose record we lack: it waits for the record.
        const second = scenario(withUpdate(ws, first), (d) => renamePage(d, { pageId: id, title: 'Retitled', by: BEN, now: 7 }, null));
        expect(commenter(withUpdate(ws, first), second)).toBe(true);
        expect(commenter(ws, second)).toBe(false);
      });

      describe('the body of a question (its page doc)', () => {
        const body = new Y.Doc();
        body.getXmlFragment('content').insert(0, [new Y.XmlText('How do I start?')]);
        const writing = scenario(body, (d) => (d.getXmlFragment('content').get(0) as Y.XmlText).insert(0, 'So: '));
        const moving = scenario(body, (d) => d.getMap('textMoves').set('m', { from: 1 }));
        const page = (role: Role | null, update: Uint8Array, writer: string | undefined, askedBy: string | null) => verdict(role, 'page', body, update, writer, askedBy);

        it('its asker, a commenter, may write it', () => {
          expect(page('commenter', writing, BEN, BEN)).toBe(true);
          expect(page('commenter', moving, BEN, BEN)).toBe(true);
        });

        it('nobody below contributor may write someone else\'s question, or a page that is not one', () => {
          expect(page('commenter', writing, BEN, ME)).toBe(false); // Ana's question
          expect(page('commenter', writing, BEN, null)).toBe(false); // not a question
          expect(page('commenter', writing, undefined, BEN)).toBe(false); // no writer: no allowance
          expect(page('reader', writing, BEN, BEN)).toBe(false); // a reader, even its own
          expect(page(null, writing, BEN, BEN)).toBe(false);
          expect(page('contributor', writing, BEN, ME)).toBe(true); // contributors write every page
        });

        it('its asker may write only the body, and nothing that waits on changes we lack', () => {
          expect(page('commenter', scenario(body, (d) => d.getMap('comments').set('t', 1)), BEN, BEN)).toBe(false);
          expect(page('commenter', scenario(body, (d) => d.getMap('elsewhere').set('x', 1)), BEN, BEN)).toBe(false);
          // Typing within words we lack: it waits for them.
          const second = scenario(withUpdate(body, writing), (d) => (d.getXmlFragment('content').get(0) as Y.XmlText).insert(2, 'x'));
          expect(page('commenter', second, BEN, BEN)).toBe(false);
          expect(verdict('commenter', 'page', withUpdate(body, writing), second, BEN, BEN)).toBe(true);
        });
      });

      it('knows who asked a question, and which pages its asker may write', () => {
        expect(questionAskerOf(withQuestions, bens)).toBe(BEN);
        expect(questionAskerOf(withQuestions, anas)).toBe(ME);
        expect(questionAskerOf(withQuestions, pageId)).toBeNull(); // a note
        expect(questionAskerOf(withQuestions, commentsDocId(bens))).toBeNull();
        expect(questionAskerOf(withQuestions, ws.guid)).toBeNull();
        const question = { kind: 'question', createdBy: BEN };
        expect(mayWritePage('commenter', question, BEN)).toBe(true);
        expect(mayWritePage('commenter', question, ME)).toBe(false);
        expect(mayWritePage('commenter', { kind: 'note', createdBy: BEN }, BEN)).toBe(false);
        expect(mayWritePage('reader', question, BEN)).toBe(false);
        expect(mayWritePage(null, question, BEN)).toBe(false);
        expect(mayWritePage('contributor', { kind: 'note', createdBy: ME }, BEN)).toBe(true);
        expect(mayWritePage('commenter', undefined, BEN)).toBe(false);
      });
    });

    it('names the kind of each doc of the workspace', () => {
      expect(docKindOf(ws, ws.guid)).toBe('workspace');
      expect(docKindOf(ws, pageId)).toBe('page');
      expect(docKindOf(ws, commentsDocId(pageId))).toBe('comments');
      expect(docKindOf(ws, newWorkspaceId())).toBeNull();
      expect(getPagesMap(ws).size).toBe(1);
    });
  });
});
