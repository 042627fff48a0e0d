import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { MemberId } from '../../../shared/ids';
import { readMember, writeMember, type Role } from '../../../shared/model/members';
import type { DocKind } from '../../../shared/model/roles-policy';
import { runHandshake } from './auth-handshake';
import { channelPair, openAuth, testIdentity, workspaceDoc } from './auth-test-support';
import type { FramedChannel } from './framed-channel';
import { GuardedDoc } from './guarded-doc';
import { EMPTY_SYNC_STEP2, MSG_DIGESTS } from './messages';
import { RemotePeer, RoomGuard, type RoomAuth } from './room-guard';

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

/** A second connection to `guard`, handshake done (here: the same member again, as from another of its rooms). */
async function secondConnection(guard: RoomGuard, theirAuth: RoomAuth): Promise<FramedChannel> {
  const [ours, theirs] = channelPair();
  const second = Object.assign(ours, { remote: null as unknown, isOpen: true, readyState: 'connecting', fingerprints: () => null, close: () => undefined }) as unknown as FramedChannel;
  await Promise.all([guard.handshake(second), runHandshake(theirs, theirAuth, { room: 'room', fingerprints: null })]);
  return second;
}

/** Something that happens to our side while its handshake admits the peer (the handshake's last, slowest step). */
type Interrupt = (guard: RoomGuard, channel: FramedChannel & { readyState: string }) => void;

/** `auth`, running `interrupt` once it has admitted a peer and before the handshake goes on. */
function interruptingAdmit(auth: RoomAuth, interrupt: () => void): RoomAuth {
  return {
    me: auth.me,
    sign: (message) => auth.sign(message),
    credentials: () => auth.credentials(),
    roleOf: (memberId) => auth.roleOf(memberId),
    onDidChange: (listener) => auth.onDidChange(listener),
    admit: async (memberId, credentials) => {
      const admitted = await auth.admit(memberId, credentials);
      interrupt();
      return admitted;
    },
  };
}

/** Our guard (we are the workspace's creator) and a peer with `role`, handshake done over an in-memory pair. */
async function setup(role: Role | 'removed' = 'contributor', kind: DocKind = 'page', interrupt?: Interrupt, askedBy?: () => string | null) {
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
  const guard: RoomGuard = new RoomGuard({
    auth: interrupt ? interruptingAdmit(auth, () => interrupt(guard, channel)) : auth,
    room: 'room',
    kind,
    askedBy,
    doc: new GuardedDoc(doc),
    awareness,
    onMessage: (_p, type) => custom.push(type),
    onPeerOpen: (p) => events.push(`open ${p.hostId === them.signer.id ? 'them' : p.hostId}`),
    onPeerClose: (p) => events.push(`close ${p.hostId === them.signer.id ? 'them' : p.hostId}`),
  });
  const [ours, theirs] = channelPair();
  let closed = 0;
  const channel = Object.assign(ours, { remote: null as unknown, isOpen: true, readyState: 'connecting', fingerprints: () => null, close: () => void closed++ }) as unknown as FramedChannel & {
    readyState: string;
  };
  const [result] = await Promise.allSettled([guard.handshake(channel), runHandshake(theirs, theirAuth, { room: 'room', fingerprints: null })]);
  return { doc, awareness, guard, channel, ours, custom, events, auth, them, theirAuth, result, closed: () => closed, peer: channel.remote as RemotePeer };
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
    ['the channel closes', (guard, channel) => {
      channel.readyState = 'closed';
      guard.closed(channel); // what FramedChannel does on close: no peer yet, nothing to report
    }],
    ['the room is destroyed', (guard) => guard.dispose()],
  ] satisfies Array<[string, Interrupt]>)('opens no peer when %s while the handshake admits it (it would never be closed)', async (_what, interrupt) => {
    const { result, events, channel } = await setup('contributor', 'page', interrupt);
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'unavailable' } });
    expect(events).toEqual([]);
    expect(channel.remote).toBeNull();
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

  it.each([
    ['commenter', 'them', true],
    ['commenter', 'us', false],
    ['commenter', 'nobody', false],
    ['reader', 'them', false],
  ] as const)("a %s writing a question page asked by %s: applied %s (the asker is read at each write)", async (role, asker, allowed) => {
    let askedBy: string | null = null;
    const { doc, guard, channel, peer, them, auth } = await setup(role, 'page', undefined, () => askedBy);
    askedBy = asker === 'them' ? them.signer.id : asker === 'us' ? auth.me : null;
    const other = new Y.Doc();
    other.getXmlFragment('content').insert(0, [new Y.XmlText('How do I start?')]);
    expect(guard.inspect(channel, sync(2, Y.encodeStateAsUpdate(other)))).toBeNull();
    expect(doc.getXmlFragment('content').length).toBe(allowed ? 1 : 0);
    expect(peer.refusedWrites).toBe(allowed ? 0 : 1);
  });

  it.each(['reader', 'commenter'] as const)('a %s may write its own profile to the workspace doc, never another member\'s', async (role) => {
    const { doc, guard, channel, peer, them, auth } = await setup(role, 'workspace');
    const send = (write: (d: Y.Doc) => void) => {
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(other);
      write(other);
      return guard.inspect(channel, sync(2, Y.encodeStateAsUpdate(other, before)));
    };
    send((d) => writeMember(d, them.signer.id as MemberId, { name: 'Bo', color: '#6e56cf' }, null));
    expect(readMember(doc, them.signer.id as MemberId)).toMatchObject({ name: 'Bo', color: '#6e56cf' });
    expect(peer.refusedWrites).toBe(0);
    send((d) => writeMember(d, auth.me, { name: 'Not Ada', color: '#000000' }, null));
    send((d) => writeMember(d, them.signer.id as MemberId, { role: 'steward' }, null));
    expect(readMember(doc, auth.me)).toBeNull();
    expect(readMember(doc, them.signer.id as MemberId)?.role).toBe('reader'); // the fallback: no role written
    expect(peer.refusedWrites).toBe(2);
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

  it("does not relay a peer's update back to it, but relays what our side writes meanwhile", async () => {
    const { doc, guard, channel } = await setup('contributor', 'page');
    // y-webrtc: every update of the doc goes out to every peer's channel (FramedChannel.send asks dropOutgoing first).
    const sent: string[] = [];
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      sent.push(`${origin === 'host' ? 'host' : origin === null ? 'local' : 'peer'} ${channel.dropOutgoing?.(sync(2, update)) ? 'dropped' : 'sent'}`);
    });
    // Our side answers the peer's change with a write of its own, inside the same apply (a nested transaction).
    doc.getMap('m').observe((event) => {
      if (event.keysChanged.has('a')) doc.transact(() => doc.getMap('m').set('seen', true), 'host');
    });
    const other = new Y.Doc();
    other.getMap('m').set('a', 1);
    expect(guard.inspect(channel, sync(1, Y.encodeStateAsUpdate(other)))).toEqual(EMPTY_SYNC_STEP2); // a sync step 2
    expect(doc.getMap('m').toJSON()).toEqual({ a: 1, seen: true });
    other.getMap('m').set('b', 2);
    expect(guard.inspect(channel, sync(2, Y.encodeStateAsUpdate(other)))).toBeNull(); // a sync update (kind 2) this time
    doc.getMap('m').set('c', 3);
    expect(sent).toEqual(['peer dropped', 'host sent', 'peer dropped', 'local sent']);
    // Nothing else is held back: a step 1 or step 2 to the peer, even one sent while applying.
    expect(channel.dropOutgoing?.(sync(0, Y.encodeStateVector(doc)))).toBe(false);
    expect(channel.dropOutgoing?.(sync(1, Y.encodeStateAsUpdate(doc)))).toBe(false);
  });

  it("does not relay a peer's cursor back to it, but relays it to the other peers, and our own to all", async () => {
    const { awareness, guard, channel, theirAuth } = await setup('contributor', 'page');
    const second = await secondConnection(guard, theirAuth);
    // y-webrtc: every awareness change goes out to every peer's channel (FramedChannel.send asks dropOutgoing first).
    const decisions: Array<[boolean | undefined, boolean | undefined]> = [];
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const relay = awarenessMessage(encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
      decisions.push([channel.dropOutgoing?.(relay), second.dropOutgoing?.(relay)]);
    });
    const remote = new Awareness(new Y.Doc());
    remote.setLocalState({ user: { name: 'Bo' }, cursor: 1 });
    guard.inspect(channel, awarenessMessage(encodeAwarenessUpdate(remote, [remote.clientID])));
    awareness.setLocalState({ user: { name: 'Ada' } });
    expect(decisions).toEqual([
      [true, false], // Bo's cursor: not back to Bo, on to the other peer
      [false, false], // ours: to everyone
    ]);
    remote.destroy();
  });

  it("relays a peer's update to the other peers", async () => {
    const { doc, guard, channel, theirAuth } = await setup('contributor', 'page');
    const second = await secondConnection(guard, theirAuth);
    const decisions: Array<[boolean | undefined, boolean | undefined]> = [];
    doc.on('update', (update: Uint8Array) => decisions.push([channel.dropOutgoing?.(sync(2, update)), second.dropOutgoing?.(sync(2, update))]));
    const other = new Y.Doc();
    other.getMap('m').set('a', 1);
    guard.inspect(channel, sync(2, Y.encodeStateAsUpdate(other)));
    expect(decisions).toEqual([[true, false]]);
  });

  it("notes when a peer's state (its sync step 2) is in or judged — not on an update, nor on a malformed step 2", async () => {
    const other = new Y.Doc();
    other.getMap('m').set('a', 1);
    const contributor = await setup('contributor', 'page');
    expect(contributor.peer.stateReceived).toBe(false);
    contributor.guard.inspect(contributor.channel, sync(2, Y.encodeStateAsUpdate(other))); // an update
    expect(contributor.peer.stateReceived).toBe(false);
    contributor.guard.inspect(contributor.channel, sync(1, Y.encodeStateAsUpdate(other))); // its step 2
    expect(contributor.peer.stateReceived).toBe(true);
    const malformed = await setup('contributor', 'page');
    malformed.guard.inspect(malformed.channel, sync(1, Uint8Array.of(9, 9, 9)));
    expect(malformed.peer.stateReceived).toBe(false);
    // Beyond its role: refused, but its state is known (what it holds apart stays apart).
    const reader = await setup('reader', 'page');
    expect(reader.guard.inspect(reader.channel, sync(1, Y.encodeStateAsUpdate(other)))).toBeNull();
    expect(reader.peer.stateReceived).toBe(true);
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

  it('checks awareness (and applies it), drops broadcast-channel messages, hands ours up', async () => {
    const { awareness, guard, channel, custom, peer } = await setup();
    const remote = new Awareness(new Y.Doc());
    remote.setLocalState({ user: { name: 'Ada' } });
    const good = awarenessMessage(encodeAwarenessUpdate(remote, [remote.clientID]));
    const origins: unknown[] = [];
    awareness.on('update', (_change: unknown, origin: unknown) => origins.push(origin));
    expect(guard.inspect(channel, good)).toBeNull(); // applied here, not by y-webrtc
    expect(awareness.getStates().get(remote.clientID)).toEqual({ user: { name: 'Ada' } });
    expect(origins).toEqual([peer.origin]);
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
    guard.inspect(channel, message);
    expect(awareness.getStates().has(remote.clientID)).toBe(true);
    guard.closed(channel);
    expect(awareness.getStates().has(remote.clientID)).toBe(false);
    expect(events).toEqual(['open them', 'close them']);
    remote.destroy();
  });
});
