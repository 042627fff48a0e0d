import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { FramedChannel } from './framed-channel';
import { GuardedDoc } from './guarded-doc';
import { EMPTY_SYNC_STEP2, encodeHello, MSG_DIGESTS, SYNC_PROTOCOL } from './messages';
import { RemotePeer, RoomGuard } from './room-guard';

/** The few members of FramedChannel the guard uses. */
function fakeChannel(handshakeReply: Uint8Array) {
  const sent: Uint8Array[] = [];
  const channel = {
    remote: null as unknown,
    isOpen: true,
    sendInternal: (m: Uint8Array) => (sent.push(m), true),
    receiveHandshake: async () => handshakeReply,
  };
  return { channel: channel as unknown as FramedChannel, sent };
}

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

async function setup() {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  const custom: number[] = [];
  const events: string[] = [];
  const guard = new RoomGuard({
    hostId: 'me',
    doc: new GuardedDoc(doc),
    awareness,
    onMessage: (_p, type) => custom.push(type),
    onPeerOpen: (p) => events.push(`open ${p.hostId}`),
    onPeerClose: (p) => events.push(`close ${p.hostId}`),
  });
  const { channel, sent } = fakeChannel(encodeHello({ protocol: SYNC_PROTOCOL, hostId: 'them' }));
  await guard.handshake(channel);
  return { doc, awareness, guard, channel, sent, custom, events, peer: channel.remote as RemotePeer };
}

describe('RoomGuard', () => {
  it('says hello and knows the peer afterwards', async () => {
    const { sent, events, peer } = await setup();
    expect(sent).toHaveLength(1);
    expect(peer.hostId).toBe('them');
    expect(events).toEqual(['open them']);
  });

  it('refuses a peer that speaks another protocol, says nothing, or is ourselves', async () => {
    const guard = new RoomGuard({ hostId: 'me', doc: new GuardedDoc(new Y.Doc()) });
    for (const reply of [encodeHello({ protocol: 'other/1', hostId: 'x' }), Uint8Array.of(1, 2), encodeHello({ protocol: SYNC_PROTOCOL, hostId: 'me' })]) {
      await expect(guard.handshake(fakeChannel(reply).channel)).rejects.toMatchObject({ code: 'forbidden' });
    }
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
