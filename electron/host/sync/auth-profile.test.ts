/**
 * A member's published profile (name, colour in the workspace's `members`): every host shows a
 * member as that entry says, so each member's host keeps its own entry equal to its profile — at
 * open, when roles change, at each handshake, and on a change of profile.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId } from '../../../shared/ids';
import { readMember, writeMember } from '../../../shared/model/members';
import type { AuthIdentity } from './auth';
import { runHandshake } from './auth-handshake';
import { channelPair, openAuth, testIdentity, workspaceDoc } from './auth-test-support';

/** A test identity whose profile can change, as identity.json's does on `app.setProfile`. */
async function member(name: string, color = '#46a758'): Promise<AuthIdentity & { current: { name: string; color: string } }> {
  const identity = await testIdentity(name);
  const current = { name, color };
  return { ...identity, current, profile: () => ({ ...current }) };
}

const idOf = (identity: AuthIdentity) => identity.signer.id as MemberId;

/** A steward's doc and auth, and a member granted `role` with its own (empty) replica. */
async function workspace(role: 'reader' | 'commenter' | 'contributor') {
  const ada = await member('Ada', '#e5484d');
  const bo = await member('Bo', '#0090ff');
  const doc = workspaceDoc(ada);
  const a = await openAuth(ada, doc, ada.signer.id);
  await a.setRole(bo.signer.id, role);
  return { ada, bo, doc, a };
}

describe('publishing our own profile', () => {
  it.each(['reader', 'commenter', 'contributor'] as const)('a %s publishes its profile as its workspace opens, and again when it changes', async (role) => {
    const { ada, bo, doc } = await workspace(role);
    const b = await openAuth(bo, doc, ada.signer.id);
    expect(readMember(doc, idOf(bo))).toMatchObject({ name: 'Bo', color: '#0090ff' });
    bo.current.color = '#6e56cf';
    bo.current.name = 'Bo B.';
    b.publishOwnProfile();
    expect(readMember(doc, idOf(bo))).toMatchObject({ name: 'Bo B.', color: '#6e56cf' });
  });

  it('writes nothing when the entry already says it', async () => {
    const { bo, doc, ada } = await workspace('commenter');
    const b = await openAuth(bo, doc, ada.signer.id);
    let writes = 0;
    doc.on('update', () => writes++);
    b.publishOwnProfile();
    b.publishOwnProfile();
    expect(writes).toBe(0);
  });

  it('a stale entry (another host wrote an old profile) is set right as the workspace opens', async () => {
    const { bo, doc, ada } = await workspace('commenter');
    writeMember(doc, idOf(bo), { name: 'Old Bo', color: '#ffc53d' }, null); // e.g. learned in a handshake long ago
    await openAuth(bo, doc, ada.signer.id);
    expect(readMember(doc, idOf(bo))).toMatchObject({ name: 'Bo', color: '#0090ff' });
  });

  it('not a member (not yet, or removed): nothing is written — peers would refuse it', async () => {
    const { bo, doc, ada, a } = await workspace('commenter');
    const stranger = await member('Stranger');
    const s = await openAuth(stranger, doc, ada.signer.id);
    s.publishOwnProfile();
    expect(readMember(doc, idOf(stranger))).toBeNull();
    const b = await openAuth(bo, doc, ada.signer.id);
    await a.setRole(bo.signer.id, 'removed');
    await b.refresh();
    bo.current.name = 'Gone';
    b.publishOwnProfile();
    expect(readMember(doc, idOf(bo))?.name).toBe('Bo');
  });

  it('a profile peers would refuse (hand-edited identity.json) is not published', async () => {
    const { bo, doc, ada } = await workspace('commenter');
    bo.current.color = 'red';
    await openAuth(bo, doc, ada.signer.id);
    expect(readMember(doc, idOf(bo))).toBeNull();
  });

  it('at a handshake: each side publishes its own profile, and one that may write the doc the other\'s', async () => {
    const { ada, bo, doc, a } = await workspace('commenter');
    const replica = workspaceDoc(ada, doc.guid as never);
    const b = await openAuth(bo, replica, ada.signer.id);
    // Both changed their profiles while apart; neither replica shows the other's change yet.
    ada.current.name = 'Ada L.';
    bo.current.color = '#12a594';
    const [x, y] = channelPair();
    await Promise.all([runHandshake(x, a, { room: 'r', fingerprints: null }), runHandshake(y, b, { room: 'r', fingerprints: null })]);
    expect(readMember(doc, idOf(ada))).toMatchObject({ name: 'Ada L.' });
    expect(readMember(doc, idOf(bo))).toMatchObject({ name: 'Bo', color: '#12a594' }); // learned: Ada's host may write the doc
    expect(readMember(replica, idOf(bo))).toMatchObject({ color: '#12a594' }); // Bo's own replica, by Bo
    expect(readMember(replica, idOf(ada))).toBeNull(); // a commenter never writes another member's entry
    // Synced, both replicas agree.
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica));
    for (const d of [doc, replica]) {
      expect(readMember(d, idOf(ada))).toMatchObject({ name: 'Ada L.', color: '#e5484d' });
      expect(readMember(d, idOf(bo))).toMatchObject({ name: 'Bo', color: '#12a594' });
    }
  });
});
