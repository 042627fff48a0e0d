import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { Role } from '../../../shared/model/members';
import type { DocKind } from '../../../shared/model/roles-policy';
import { runHandshake } from './auth-handshake';
import { channelPair, openAuth, testIdentity, workspaceDoc } from './auth-test-support';
import type { FramedChannel } from './framed-channel';
import { GuardedDoc } from './guarded-doc';
import { EMPTY_SYNC_STEP2, MSG_DIGESTS } from './messages';
import { RemotePeer, RoomGuard } from './room-guard';

function sync(kind: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** Our guard (we are the workspace's creator) and a peer with `role`, handshake done over an in-memory pair. */
async function setup(role: Role | 'removed' = 'contributor', kind: DocKind = 'page') {
  const me = await testIdentity('Ada');
  const them = await testIdentity('Bo');
  const workspace = workspaceDoc(me);
  const auth = await openAuth(me, workspace, me.signer.id);
  await auth.setRole(them.signer.id, role);
  const theirAuth = await openAuth(them, workspaceDoc(me, workspace.guid as never), me.signer.id);
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  const custom: number[] = [];
  const events: string[] = [];
  const guard = new RoomGuard({
    auth,
    room: 'room',
    kind,
    doc: new GuardedDoc(doc),
    awareness,
    onMessage: (_p, type) => custom.push(type),
    onPeerOpen: (p) => events.push(`open ${p.hostId === them.signer.id ? 'them' : p.hostId}`),
    onPeerClose: (p) => events.push(`close ${p.hostId === them.signer.id ? 'them' : p.hostId}`),
  });
  const [ours, theirs] = channelPair();
  let closed = 0;
  const channel = Object.assign(ours, { remote: null as unknown, isOpen: true, fingerprints: () => null, close: () => void closed++ }) as unknown as FramedChannel;
  const [result] = await Promise.allSettled([guard.handshake(channel), runHandshake(theirs, theirAuth, { room: 'room', fingerprints: null })]);
  return { doc, awareness, guard, channel, ours, custom, events, auth, them, result, closed: () => closed, peer: channel.remote as RemotePeer };
}

describe('RoomGuard', () => {
  it('authenticates the peer and knows it (and its role) afterwards', async () => {
    const { events, peer, them } = await setup();
    expect(peer.hostId).toBe(them.signer.id);
    expect(peer.role).toBe('contributor');
    expect(events).toEqual(['open them']);
  });

  it('refuses a removed member at the handshake', async () => {
    const { result, events } = await setup('removed');
    expect(result.status).toBe('rejected');
    expect(events).toEqual([]);
  });

  it.each([
    ['reader', 'page', false],
    ['commenter', 'page', false],
    ['contributor', 'page', true],
    ['commenter', 'comments', true],
    ['reader', 'comments', false],
  ] as const)('a %s writing a %s doc: applied %s', async (role, kind, allowed) => {
    const { doc, guard, channel, peer } = await setup(role, kind);
    const other = new Y.Doc();
    other.getMap('m').set('a', 1);
    const message = sync(2, Y.encodeStateAsUpdate(other));
    expect(guard.inspect(channel, message)).toBeNull();
    expect(doc.getMap('m').toJSON()).toEqual(allowed ? { a: 1 } : {});
    expect(peer.refusedWrites).toBe(allowed ? 0 : 1);
    // What changes nothing is no write: a step 2 of what we hold is fine from anyone.
    expect(guard.inspect(channel, sync(1, Y.encodeStateAsUpdate(doc)))).toEqual(EMPTY_SYNC_STEP2);
  });

  it('disconnects a peer once it is removed, and asks a promoted one for its state again', async () => {
    const { guard, auth, them, ours, closed } = await setup('reader');
    const sentBefore = ours.sent.length;
    await auth.setRole(them.signer.id, 'contributor');
    const step1 = ours.sent.slice(sentBefore).find((m) => m[0] === 0 && m[1] === 0);
    expect(step1).toBeDefined();
    await auth.setRole(them.signer.id, 'removed');
    expect(closed()).toBe(1);
    guard.dispose();
  });

  it('applies sync step 2 and updates itself, with the peer as origin', async () => {
    const { doc, guard, channel, peer } = await setup();
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const other = new Y.Doc();
    other.getMap('m').set('a', 1);
    expect(guard.inspect(channel, sync(1, Y.encodeStateAsUpdate(other)))).toEqual(EMPTY_SYNC_STEP2);
    other.getMap('m').set('b', 2);
    expect(guard.inspect(channel, sync(2, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc))))).toBeNull();
    expect(doc.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
    expect(origins).toEqual([peer.origin, peer.origin]);
    expect(peer.origin).toEqual({ kind: 'peer', peer });
  });

  it('passes a sync step 1 to y-webrtc and refuses malformed sync messages', async () => {
    const { doc, guard, channel } = await setup();
    const step1 = sync(0, Y.encodeStateVector(doc));
    expect(guard.inspect(channel, step1)).toBe(step1);
    const before = Y.encodeStateAsUpdate(doc);
    for (const bad of [sync(1, Uint8Array.of(9, 9, 9)), sync(2, Uint8Array.of(1)), sync(7, Uint8Array.of()), Uint8Array.of(0)]) {
      expect(guard.inspect(channel, bad)).toBeNull();
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(guard.refused).toBe(4);
  });

  it('checks awareness, drops broadcast-channel messages, hands ours up', async () => {
    const { guard, channel, custom } = await setup();
    const remote = new Awareness(new Y.Doc());
    remote.setLocalState({ user: { name: 'Ada' } });
    const good = awarenessMessage(encodeAwarenessUpdate(remote, [remote.clientID]));
    expect(guard.inspect(channel, good)).toBe(good);
    expect(guard.inspect(channel, awarenessMessage(Uint8Array.of(1, 5, 1, 3, 123, 34, 120)))).toBeNull(); // not JSON
    expect(guard.inspect(channel, Uint8Array.of(3))).toEqual(Uint8Array.of(3)); // query awareness
    expect(guard.inspect(channel, Uint8Array.of(4, 1, 0))).toBeNull(); // bc peer id: not over WebRTC
    expect(guard.inspect(channel, Uint8Array.of(MSG_DIGESTS, 0, 0))).toBeNull();
    expect(custom).toEqual([MSG_DIGESTS]);
    remote.destroy();
  });

  it("takes down a departed peer's cursors at once", async () => {
    const { awareness, guard, channel, events } = await setup();
    const remote = new Awareness(new Y.Doc());
    remote.setLocalState({ user: { name: 'Ada' } });
    const message = awarenessMessage(encodeAwarenessUpdate(remote, [remote.clientID]));
    // y-webrtc would apply it; do it here as it would
    guard.inspect(channel, message);
    awareness.setLocalState(null);
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(remote, [remote.clientID]), 'y-webrtc');
    expect(awareness.getStates().has(remote.clientID)).toBe(true);
    guard.closed(channel);
    expect(awareness.getStates().has(remote.clientID)).toBe(false);
    expect(events).toEqual(['open them', 'close them']);
    remote.destroy();
  });
});
