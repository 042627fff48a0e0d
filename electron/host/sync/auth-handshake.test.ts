import { describe, expect, it } from 'vitest';
import { signGrant } from '../../../shared/crypto/grants';
import { addGrants } from '../../../shared/model/roles';
import type { WorkspaceAuth } from './auth';
import { decodeAuthProof, encodeAuthHello, runHandshake, type HandshakeParty } from './auth-handshake';
import { channelPair, openAuth, testIdentity, workspaceDoc } from './auth-test-support';

const ROOM = 'room-name';

/** A creator and a member it granted `role` to, each with its own replica (the member's is empty). */
async function workspace(role: 'reader' | 'contributor' | 'removed' = 'contributor') {
  const creator = await testIdentity('Ada');
  const member = await testIdentity('Bo');
  const doc = workspaceDoc(creator);
  const a = await openAuth(creator, doc, creator.signer.id);
  await a.setRole(member.signer.id, role);
  const emptyReplica = workspaceDoc(creator, doc.guid as never);
  const b = await openAuth(member, emptyReplica, creator.signer.id);
  return { creator, member, a, b };
}

function both(a: HandshakeParty, b: HandshakeParty, rooms: [string, string] = [ROOM, ROOM], fingerprints: [string, string] = ['fp-a', 'fp-b']) {
  const [x, y] = channelPair();
  return Promise.allSettled([
    runHandshake(x, a, { room: rooms[0], fingerprints: { local: fingerprints[0], remote: fingerprints[1] } }),
    runHandshake(y, b, { room: rooms[1], fingerprints: { local: fingerprints[1], remote: fingerprints[0] } }),
  ]);
}

describe('the member-key handshake', () => {
  it('authenticates both sides; each learns the role the other holds', async () => {
    const { a, b, creator, member } = await workspace();
    const [ra, rb] = await both(a, b);
    expect(ra).toEqual({ status: 'fulfilled', value: member.signer.id });
    expect(rb).toEqual({ status: 'fulfilled', value: creator.signer.id });
    // B had no grants; it learned them from A's credentials.
    expect(b.roleOf(member.signer.id)).toBe('contributor');
    expect(b.myRole).toBe('contributor');
  });

  it('refuses a removed member and an unknown one', async () => {
    const { a, b } = await workspace('removed');
    const [ra] = await both(a, b);
    expect(ra.status).toBe('rejected');
    const stranger = await openAuth(await testIdentity('X'), workspaceDoc(await testIdentity('Y')), null);
    const [rs] = await both(a, stranger);
    expect(rs.status).toBe('rejected');
  });

  it('refuses a peer that signs with another key than the member id it claims', async () => {
    const { a, b, creator } = await workspace();
    const impostor: HandshakeParty = { ...pick(b), me: creator.signer.id }; // claims to be the creator
    const [ra] = await both(a, impostor);
    expect(ra.status).toBe('rejected');
  });

  it('refuses a replayed proof (the nonce is fresh each time), another room, other DTLS fingerprints', async () => {
    const { a, b } = await workspace();
    // Record what B sends in one handshake…
    const [x, y] = channelPair();
    await Promise.all([runHandshake(x, a, { room: ROOM, fingerprints: null }), runHandshake(y, b, { room: ROOM, fingerprints: null })]);
    const recorded = y.sent;
    // …and replay it to A in a new one.
    const [x2, y2] = channelPair();
    const replay = runHandshake(x2, a, { room: ROOM, fingerprints: null });
    for (const message of recorded) y2.sendInternal(message);
    await expect(replay).rejects.toMatchObject({ code: 'forbidden' });
    expect(decodeAuthProof(recorded[1] as Uint8Array)).not.toBeNull();

    expect((await both(a, b, [ROOM, 'other-room']))[0].status).toBe('rejected');
    const [mitm] = await both(a, b, [ROOM, ROOM], ['fp-a', 'fp-b']).then(async () => {
      const [p, q] = channelPair();
      return Promise.allSettled([
        runHandshake(p, a, { room: ROOM, fingerprints: { local: 'fp-a', remote: 'fp-m' } }),
        runHandshake(q, b, { room: ROOM, fingerprints: { local: 'fp-b', remote: 'fp-m2' } }),
      ]);
    });
    expect(mitm.status).toBe('rejected');
  });

  it('refuses another protocol, garbage, and ourselves', async () => {
    const { a } = await workspace();
    for (const first of [Uint8Array.of(100, 3, 120, 120, 120), Uint8Array.of(1, 2, 3), encodeAuthHello(a.me, new Uint8Array(32))]) {
      const [x, y] = channelPair();
      const run = runHandshake(x, a, { room: ROOM, fingerprints: null });
      y.sendInternal(first);
      y.sendInternal(Uint8Array.of(105, 0, 0));
      await expect(run).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('a grant made later lets a member in that was refused before', async () => {
    const { a, creator } = await workspace();
    const late = await testIdentity('Cy');
    const c = await openAuth(late, workspaceDoc(creator), creator.signer.id);
    expect((await both(a, c))[0].status).toBe('rejected');
    const grant = await signGrant(creator.signer, { workspaceId: a.roles().effective[0]?.workspaceId ?? '', memberId: late.signer.id, role: 'reader', invite: false, at: Date.now() });
    addGrants((a as unknown as { options: { doc: import('yjs').Doc } }).options.doc, [grant], null);
    await a.refresh();
    expect((await both(a, c))[0].status).toBe('fulfilled');
  });
});

function pick(auth: WorkspaceAuth): HandshakeParty {
  return { me: auth.me, sign: (m) => auth.sign(m), credentials: () => auth.credentials(), admit: (id, c) => auth.admit(id, c) };
}
