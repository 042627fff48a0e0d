import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signGrant } from '../crypto/grants';
import { generateSigner } from '../crypto/signatures';
import { newWorkspaceId, type MemberId } from '../ids';
import { applyAndDescribe } from './change-set';
import { commentsDocId } from './comments-doc';
import type { Role } from './members';
import { createPage, getPagesMap, initWorkspaceDoc, renamePage } from './index';
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

function verdict(role: Role | null, kind: DocKind, base: Y.Doc, update: Uint8Array) {
  const shadow = new Y.Doc({ guid: base.guid });
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(base));
  const changes = applyAndDescribe(shadow, update);
  return checkWrite(role, kind, changes, base, shadow).ok;
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

    it('names the kind of each doc of the workspace', () => {
      expect(docKindOf(ws, ws.guid)).toBe('workspace');
      expect(docKindOf(ws, pageId)).toBe('page');
      expect(docKindOf(ws, commentsDocId(pageId))).toBe('comments');
      expect(docKindOf(ws, newWorkspaceId())).toBeNull();
      expect(getPagesMap(ws).size).toBe(1);
    });
  });
});
