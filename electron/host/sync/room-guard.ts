/**
 * RoomGuard: the ChannelHooks of one sync room. It stands between each data channel and
 * y-webrtc, so that nothing a peer sends reaches the doc unchecked:
 *
 * - handshake: the member-key handshake (auth-handshake.ts) before y-webrtc sees the channel
 *   open: the peer proves its member key, and is let in only if it is a member; RemotePeer then
 *   reads its role, live, from the workspace's grants (auth.ts);
 * - sync updates (step 2 and update) are applied here, through GuardedDoc, with the typed origin
 *   `{ kind: 'peer', peer }` — y-webrtc would apply them with its Room as origin, and a malformed
 *   one could half-apply — and only if the peer's role permits what the update changes
 *   (shared/model/roles-policy.ts); a refused one is dropped, counted, never applied nor stored.
 *   y-webrtc is then handed an empty step 2 (so it still knows it is synced) or nothing;
 * - when roles change, a peer no longer a member is disconnected, and a peer whose role rose is
 *   asked for its state again (what we refused from it before may now be allowed);
 * - y-webrtc relays every update of the doc to every peer, even back to the peer it came from:
 *   while we apply a peer's update, the relay of that update to that peer is dropped (the peer
 *   has it; for a fresh host that is the whole workspace doc, which the peer would otherwise take
 *   through its guard a second time). Changes our side makes meanwhile (other origins) still go.
 *   Awareness likewise: a peer's cursor moves are applied here (checked to decode first) and not
 *   sent back to it; the other peers still get them;
 * - sync step 1 and awareness queries are checked to decode, then passed to y-webrtc;
 * - our own messages (type >= 100) go to `onMessage`; anything else is dropped.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { forgetPresence } from '../../../shared/presence';
import * as Y from 'yjs';
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { roleAtLeast, type Role } from '../../../shared/model/members';
import { checkWrite, type DocKind } from '../../../shared/model/roles-policy';
import type { Origin } from '../origins';
import { MSG_AUTH_PROOF, runHandshake, type HandshakeParty } from './auth-handshake';
import type { ChannelHooks, FramedChannel } from './framed-channel';
import type { GuardedDoc, WriteCheck } from './guarded-doc';
import {
  EMPTY_SYNC_STEP2,
  MSG_HELLO,
  Y_AWARENESS,
  Y_QUERY_AWARENESS,
  Y_SYNC,
  Y_SYNC_STEP1,
  Y_SYNC_STEP2,
  Y_SYNC_UPDATE,
} from './messages';

const log = createLogger('sync-guard');

/** An awareness message bigger than this is refused (a cursor and a name are a few hundred bytes). */
export const MAX_AWARENESS_BYTES = 64 * 1024;
/** A peer whose writes we refused this often on one channel is disconnected (it reconnects later). */
export const MAX_REFUSED_WRITES = 200;
/** After refusing an update that waited on changes we lacked, ask the peer for its state again this much later. */
export const RESYNC_DELAY_MS = 1_000;

/** What a room needs of the workspace's members (WorkspaceAuth has it). */
export interface RoomAuth extends HandshakeParty {
  /** The member's role now; null if it is not (or no longer) a member. */
  roleOf(memberId: string): Role | null;
  onDidChange(listener: () => void): () => void;
}

/** The other end of one data channel, once its handshake is done. */
export class RemotePeer {
  /** The origin of every change this peer makes to our docs. */
  readonly origin: Origin = { kind: 'peer', peer: this };
  /** Awareness clients (the peer's renderers) whose state came over this channel. */
  readonly awarenessClients = new Set<number>();

  /** Writes refused from this peer on this channel. */
  refusedWrites = 0;
  /**
   * Whether its state of the room's doc (its sync step 2, the answer to ours) has been judged:
   * taken in, or refused as beyond its role.
   */
  stateReceived = false;
  /** The role the peer had when we last looked (to notice it rising). */
  lastRole: Role | null;

  constructor(
    /** The peer's member id, authenticated by the handshake. */
    readonly hostId: string,
    readonly channel: FramedChannel,
    private readonly auth: Pick<RoomAuth, 'roleOf'>,
  ) {
    this.lastRole = auth.roleOf(hostId);
  }

  /** The peer's role now (grants change while connected); null once it is not a member. */
  get role(): Role | null {
    return this.auth.roleOf(this.hostId);
  }

  /** Whether the peer may write at least what `least` may. */
  may(least: Role): boolean {
    const role = this.role;
    return role !== null && roleAtLeast(role, least);
  }

  get isOpen(): boolean {
    return this.channel.isOpen;
  }

  /** Bytes of ours still waiting to go to the peer (0 if the channel cannot tell). */
  get backlog(): number {
    return this.channel.backlog ?? 0;
  }

  /** Sends one of our messages; false if the channel has closed. */
  send(message: Uint8Array): boolean {
    return this.channel.sendInternal(message);
  }
}

export interface RoomGuardOptions {
  readonly auth: RoomAuth;
  /** The room's name, bound into the handshake (a proof made for one room is good for no other). */
  readonly room: string;
  /** What the room's doc is, for the write policy. */
  readonly kind: DocKind;
  /** For a page: who asked the question it is, now (null: not a question); its asker, a commenter, may write it. */
  readonly askedBy?: () => string | null;
  readonly doc: GuardedDoc;
  /** The room's awareness: states a peer brought are removed when it leaves. */
  readonly awareness?: Awareness;
  /** Our own messages (type >= 100, after the handshake). */
  readonly onMessage?: (peer: RemotePeer, type: number, message: Uint8Array) => void;
  readonly onPeerOpen?: (peer: RemotePeer) => void;
  readonly onPeerClose?: (peer: RemotePeer) => void;
}

type ApplyOutcome = 'applied' | 'refused' | 'waiting' | 'malformed';

export class RoomGuard implements ChannelHooks {
  /** Messages refused so far (malformed, or refused by the doc guard or the role policy). */
  refused = 0;
  private readonly peers = new Set<RemotePeer>();
  private readonly unwatchRoles: () => void;
  private disposed = false;
  /** The peer whose update we are applying now, if any. */
  private applyingFrom: RemotePeer | null = null;
  /** The peer whose awareness update we are applying now, if any. */
  private awarenessFrom: RemotePeer | null = null;
  /** The origin of the transaction whose update the doc is telling its listeners (y-webrtc) of. */
  private updateOrigin: unknown = null;

  constructor(private readonly options: RoomGuardOptions) {
    this.unwatchRoles = options.auth.onDidChange(() => this.rolesChanged());
    // Yjs tells a transaction's update right after its afterTransactionCleanup (nested ones too).
    options.doc.doc.on('afterTransactionCleanup', this.noteOrigin);
  }

  private readonly noteOrigin = (transaction: Y.Transaction): void => {
    this.updateOrigin = transaction.origin;
  };

  /** Whether `message`, on its way to `peer`, relays the update (or awareness) being applied from that very peer. */
  private isEcho(peer: RemotePeer, message: Uint8Array): boolean {
    if (this.awarenessFrom === peer && message[0] === Y_AWARENESS) return true;
    return this.applyingFrom === peer && this.updateOrigin === peer.origin && message[0] === Y_SYNC && message[1] === Y_SYNC_UPDATE;
  }

  async handshake(channel: FramedChannel): Promise<void> {
    const memberId = await runHandshake(channel, this.options.auth, { room: this.options.room, fingerprints: channel.fingerprints() });
    // NOTE: the channel can close, or the room go, while the handshake's last step runs (`admit`
    // checks signatures and writes a file). Its `closed` hook has then run already, with no peer
    // to report: a peer opened now would never be closed (a ghost among PeerSync's peers).
    if (channel.readyState === 'closed' || this.disposed) throw new CommonplaceError('unavailable', 'the channel closed during the handshake');
    const peer = new RemotePeer(memberId, channel, this.options.auth);
    channel.remote = peer;
    channel.dropOutgoing = (message) => this.isEcho(peer, message);
    this.peers.add(peer);
    this.options.onPeerOpen?.(peer);
  }

  /** The policy for what `peer` sends to this room's doc. */
  writeCheck(peer: RemotePeer): WriteCheck {
    return (changes, before, after) => checkWrite(peer.role, this.options.kind, changes, before, after, peer.hostId, this.options.askedBy?.() ?? null);
  }

  dispose(): void {
    this.disposed = true;
    this.unwatchRoles();
    this.options.doc.doc.off('afterTransactionCleanup', this.noteOrigin);
  }

  inspect(channel: FramedChannel, message: Uint8Array): Uint8Array | null {
    const peer = channel.remote;
    if (!(peer instanceof RemotePeer)) return this.refuse('a message before the handshake');
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case Y_SYNC:
          return this.inspectSync(peer, message, decoder);
        case Y_AWARENESS: {
          const update = decoding.readVarUint8Array(decoder);
          if (!isValidAwarenessUpdate(update)) return this.refuse('a malformed awareness update');
          trackAwarenessClients(peer, update);
          return this.applyAwareness(peer, update) ? null : message;
        }
        case Y_QUERY_AWARENESS:
          return message;
        case MSG_HELLO:
        case MSG_AUTH_PROOF:
          return this.refuse('a second handshake');
        default:
          if (type >= MSG_HELLO) {
            this.options.onMessage?.(peer, type, message);
            return null;
          }
          return this.refuse(`a message of type ${type}`);
      }
    } catch (error) {
      return this.refuse(`a malformed message (${String(error)})`);
    }
  }

  closed(channel: FramedChannel): void {
    const peer = channel.remote;
    if (!(peer instanceof RemotePeer)) return;
    this.peers.delete(peer);
    // y-webrtc leaves a departed peer's cursors up until they time out (30 s); take them down now.
    const { awareness } = this.options;
    if (awareness && peer.awarenessClients.size > 0) forgetPresence(awareness, peer.awarenessClients, 'peer left');
    this.options.onPeerClose?.(peer);
  }

  private inspectSync(peer: RemotePeer, message: Uint8Array, decoder: decoding.Decoder): Uint8Array | null {
    const kind = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    switch (kind) {
      case Y_SYNC_STEP1:
        Y.decodeStateVector(payload); // throws if malformed
        return message;
      case Y_SYNC_STEP2: {
        const outcome = this.applyFrom(peer, payload);
        // Refused as beyond its role, its state is known all the same: what it holds that we do
        // not take stays apart (counted in the refusals); waiting on it would wait forever.
        // Malformed, or waiting on changes we lack (asked again), it is not known yet.
        if (outcome === 'applied' || outcome === 'refused') peer.stateReceived = true;
        return outcome === 'applied' ? EMPTY_SYNC_STEP2 : this.refuse('a sync step 2 (malformed, or beyond its role)');
      }
      case Y_SYNC_UPDATE:
        if (this.applyFrom(peer, payload) !== 'applied') return this.refuse('an update (malformed, or beyond its role)');
        return null;
      default:
        return this.refuse(`a sync message of kind ${kind}`);
    }
  }

  /**
   * Applies a peer's (valid) awareness update to the room's awareness, as y-webrtc would, so that
   * y-webrtc's relay of it back to that peer can be told apart and dropped. False when the room
   * has no awareness of ours: y-webrtc applies it then.
   */
  private applyAwareness(peer: RemotePeer, update: Uint8Array): boolean {
    const { awareness } = this.options;
    if (!awareness) return false;
    this.awarenessFrom = peer;
    try {
      applyAwarenessUpdate(awareness, update, peer.origin);
    } finally {
      this.awarenessFrom = null;
    }
    return true;
  }

  /**
   * Applies a peer's update through the doc guard: 'applied'; 'refused' as beyond its role;
   * 'waiting' on changes we lack (its state is asked for again later); or 'malformed' (counted by
   * the caller).
   */
  private applyFrom(peer: RemotePeer, update: Uint8Array): ApplyOutcome {
    const doc = this.options.doc;
    const refusedBefore = doc.refusedWrites;
    this.applyingFrom = peer;
    let applied: boolean;
    try {
      applied = doc.apply(update, peer.origin, this.writeCheck(peer));
    } finally {
      this.applyingFrom = null;
    }
    if (applied) return 'applied';
    if (doc.refusedWrites === refusedBefore) return 'malformed';
    peer.refusedWrites++;
    const waiting = doc.lastRefusal?.startsWith('an update waiting') === true;
    if (waiting) this.resyncLater(peer);
    if (peer.refusedWrites >= MAX_REFUSED_WRITES) {
      log.warn(`member ${peer.hostId.slice(0, 8)}… sent ${peer.refusedWrites} writes beyond its role: disconnecting it`);
      peer.channel.close();
    }
    return waiting ? 'waiting' : 'refused';
  }

  /** Roles changed: drop peers that are no longer members; ask those whose role rose for their state. */
  private rolesChanged(): void {
    for (const peer of [...this.peers]) {
      const role = peer.role;
      if (role === null) {
        log.warn(`member ${peer.hostId.slice(0, 8)}… is no longer a member: disconnecting it`);
        peer.channel.close();
        continue;
      }
      const rose = peer.lastRole === null || (roleAtLeast(role, peer.lastRole) && role !== peer.lastRole);
      peer.lastRole = role;
      if (rose) this.requestState(peer);
    }
  }

  private resyncLater(peer: RemotePeer): void {
    setTimeout(() => {
      if (peer.isOpen) this.requestState(peer);
    }, RESYNC_DELAY_MS).unref?.();
  }

  /** Sends the peer our state vector (a sync step 1): its y-webrtc answers with all we lack. */
  private requestState(peer: RemotePeer): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, Y_SYNC);
    encoding.writeVarUint(e, Y_SYNC_STEP1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(this.options.doc.doc));
    peer.send(encoding.toUint8Array(e));
  }

  private refuse(what: string): null {
    this.refused++;
    log.debug(`refused ${what}`);
    return null;
  }
}

/** Notes which awareness clients the peer speaks for (a null state means one has gone). */
function trackAwarenessClients(peer: RemotePeer, update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    if (decoding.readVarString(decoder) === 'null') peer.awarenessClients.delete(client);
    else peer.awarenessClients.add(client);
  }
}

/** Decodes an awareness update fully (y-protocols would throw half-way through a bad one). */
export function isValidAwarenessUpdate(update: Uint8Array): boolean {
  if (update.byteLength > MAX_AWARENESS_BYTES) return false;
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      decoding.readVarUint(decoder); // client id
      decoding.readVarUint(decoder); // clock
      JSON.parse(decoding.readVarString(decoder));
    }
    return !decoding.hasContent(decoder);
  } catch {
    return false; // truncated or not JSON: malformed
  }
}
