import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPage } from '../../../shared/model';
import { readMember, writeMember } from '../../../shared/model/members';
import type { MemberId } from '../../../shared/ids';
import { openAuth, testIdentity, workspaceDoc } from '../sync/auth-test-support';
import { WriteGate } from './write-gate';

const ORIGIN = { kind: 'bridge' as const, stream: {} };

async function gateFor(role: 'reader' | 'commenter' | 'contributor' | 'steward') {
  const steward = await testIdentity('Ada');
  const me = await testIdentity('Bo');
  const root = workspaceDoc(steward);
  const pageId = createPage(root, { title: 'P', parentId: null, kind: 'note', by: steward.signer.id as MemberId, now: 1 }, null);
  const admin = await openAuth(steward, root, steward.signer.id);
  if (role !== 'steward') await admin.setRole(me.signer.id, role);
  const auth = role === 'steward' ? admin : await openAuth(me, root, steward.signer.id);
  const page = new Y.Doc({ guid: pageId });
  return { gate: new WriteGate(auth, root, pageId, page, () => undefined), page, root, admin, me };
}

const typing = () => {
  const d = new Y.Doc();
  d.getXmlFragment('content').insert(0, [new Y.XmlText('typed')]);
  return Y.encodeStateAsUpdate(d);
};

describe("our own renderer's writes", () => {
  it.each([
    ['reader', false],
    ['commenter', false],
    ['contributor', true],
    ['steward', true],
  ] as const)('to a page, as a %s: applied %s', async (role, applied) => {
    const { gate, page } = await gateFor(role);
    expect(gate.apply(typing(), ORIGIN)).toBe(applied);
    expect(page.getXmlFragment('content').length).toBe(applied ? 1 : 0);
    expect(gate.refused).toBe(applied ? 0 : 1);
  });

  it('asks the renderer again once our role rises after a refusal', async () => {
    const { gate, admin, me } = await gateFor('reader');
    let asked = 0;
    gate.whenRoleRises(() => asked++);
    gate.apply(typing(), ORIGIN);
    await admin.setRole(me.signer.id, 'contributor');
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toBe(1);
    expect(gate.apply(typing(), ORIGIN)).toBe(true);
  });

  it.each(['reader', 'commenter'] as const)('to the workspace doc, as a %s: its own profile only', async (role) => {
    const { root, admin, me } = await gateFor(role);
    const auth = await openAuth(me, root, admin.me);
    const gate = new WriteGate(auth, root, root.guid as never, root, () => undefined);
    const edit = (write: (d: Y.Doc) => void) => {
      const copy = new Y.Doc({ guid: root.guid });
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(root));
      const before = Y.encodeStateVector(copy);
      write(copy);
      return Y.encodeStateAsUpdate(copy, before);
    };
    const bo = me.signer.id as MemberId;
    expect(gate.apply(edit((d) => writeMember(d, bo, { name: 'Bo B.', color: '#6e56cf' }, null)), ORIGIN)).toBe(true);
    expect(readMember(root, bo)).toMatchObject({ name: 'Bo B.', color: '#6e56cf' });
    expect(gate.apply(edit((d) => writeMember(d, admin.me, { name: 'Not Ada' }, null)), ORIGIN)).toBe(false);
    expect(gate.apply(edit((d) => writeMember(d, bo, { role: 'steward' }, null)), ORIGIN)).toBe(false);
    expect(gate.refused).toBe(2);
    gate.dispose();
  });

  it.each([
    ['reader', false],
    ['commenter', true],
  ] as const)('a question of our own, as a %s: asked and written %s; never as someone else', async (role, allowed) => {
    const { root, admin, me } = await gateFor(role);
    const auth = await openAuth(me, root, admin.me);
    const gate = new WriteGate(auth, root, root.guid as never, root, () => undefined);
    const bo = me.signer.id as MemberId;
    const ask = (by: MemberId) => {
      const copy = new Y.Doc({ guid: root.guid });
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(root));
      const before = Y.encodeStateVector(copy);
      const pageId = createPage(copy, { title: 'How?', parentId: null, kind: 'question', by, now: 2 }, null);
      return { pageId, update: Y.encodeStateAsUpdate(copy, before) };
    };
    expect(gate.apply(ask(admin.me).update, ORIGIN)).toBe(false); // in Ada's name
    const mine = ask(bo);
    expect(gate.apply(mine.update, ORIGIN)).toBe(allowed);
    if (!allowed) return;
    // Its body, on the question's page doc; not the body of Ada's page.
    const body = new WriteGate(auth, root, mine.pageId, new Y.Doc({ guid: mine.pageId }), () => undefined);
    expect(body.apply(typing(), ORIGIN)).toBe(true);
    const anas = createPage(root, { title: 'Ada asks', parentId: null, kind: 'question', by: admin.me, now: 3 }, null);
    const other = new WriteGate(auth, root, anas, new Y.Doc({ guid: anas }), () => undefined);
    expect(other.apply(typing(), ORIGIN)).toBe(false);
    for (const g of [gate, body, other]) g.dispose();
  });
});
