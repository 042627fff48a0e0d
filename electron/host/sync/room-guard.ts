/**
 * RoomGuard: the ChannelHooks of one sync room. It stands between each data channel and
 * y-webrtc, so that nothing a peer sends reaches the doc unchecked:
 *
 * - handshake: HELLO both ways before y-webrtc sees the channel open (issue 5's member-key
 *   handshake replaces this: the peer proves a member key, and its role is kept on RemotePeer);
 * - sync updates (step 2 and update) are applied here, through GuardedDoc, with the typed origin
 *   `{ kind: 'peer', peer }` — y-webrtc would apply them with its Room as origin, and a malformed
 *   one could half-apply. y-webrtc is then handed an empty step 2 (so it still knows it is synced)
 *   or nothing;
 * - sync step 1, awareness and awareness queries are checked to decode, then passed to y-webrtc;
 * - our own messages (type >= 100) go to `onMessage`; anything else is dropped.
 */
import * as decoding from 'lib0/decoding';
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import type { Origin } from '../origins';
import type { ChannelHooks, FramedChannel } from './framed-channel';
import type { GuardedDoc } from './guarded-doc';
import {
  decodeHello,
  EMPTY_SYNC_STEP2,
  encodeHello,
  MSG_HELLO,
  SYNC_PROTOCOL,
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

/** The other end of one data channel, once its handshake is done. */
export class RemotePeer {
  /** The origin of every change this peer makes to our docs. */
  readonly origin: Origin = { kind: 'peer', peer: this };
  /** Awareness clients (the peer's renderers) whose state came over this channel. */
  readonly awarenessClients = new Set<number>();

  constructor(
    readonly hostId: string,
    readonly channel: FramedChannel,
  ) {}

  get isOpen(): boolean {
    return this.channel.isOpen;
  }

  /** Sends one of our messages; false if the channel has closed. */
  send(message: Uint8Array): boolean {
    return this.channel.sendInternal(message);
  }
}

export interface RoomGuardOptions {
  readonly hostId: string;
  readonly doc: GuardedDoc;
  /** The room's awareness: states a peer brought are removed when it leaves. */
  readonly awareness?: Awareness;
  /** Our own messages (type >= 100, after the handshake). */
  readonly onMessage?: (peer: RemotePeer, type: number, message: Uint8Array) => void;
  readonly onPeerOpen?: (peer: RemotePeer) => void;
  readonly onPeerClose?: (peer: RemotePeer) => void;
}

export class RoomGuard implements ChannelHooks {
  /** Messages refused so far (malformed, or refused by the doc guard). */
  refused = 0;

  constructor(private readonly options: RoomGuardOptions) {}

  async handshake(channel: FramedChannel): Promise<void> {
    channel.sendInternal(encodeHello({ protocol: SYNC_PROTOCOL, hostId: this.options.hostId }));
    const hello = decodeHello(await channel.receiveHandshake());
    if (!hello) throw new CommonplaceError('forbidden', 'the peer did not say hello');
    if (hello.protocol !== SYNC_PROTOCOL) throw new CommonplaceError('forbidden', `the peer speaks ${hello.protocol}`);
    if (hello.hostId === this.options.hostId) throw new CommonplaceError('forbidden', 'a connection to ourselves');
    const peer = new RemotePeer(hello.hostId, channel);
    channel.remote = peer;
    this.options.onPeerOpen?.(peer);
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
          return message;
        }
        case Y_QUERY_AWARENESS:
          return message;
        case MSG_HELLO:
          return this.refuse('a second hello');
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
    // y-webrtc leaves a departed peer's cursors up until they time out (30 s); take them down now.
    const { awareness } = this.options;
    if (awareness && peer.awarenessClients.size > 0) removeAwarenessStates(awareness, [...peer.awarenessClients], 'peer left');
    this.options.onPeerClose?.(peer);
  }

  private inspectSync(peer: RemotePeer, message: Uint8Array, decoder: decoding.Decoder): Uint8Array | null {
    const kind = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    switch (kind) {
      case Y_SYNC_STEP1:
        Y.decodeStateVector(payload); // throws if malformed
        return message;
      case Y_SYNC_STEP2:
        if (!this.options.doc.apply(payload, peer.origin)) return this.refuse('a malformed sync step 2');
        return EMPTY_SYNC_STEP2;
      case Y_SYNC_UPDATE:
        if (!this.options.doc.apply(payload, peer.origin)) return this.refuse('a malformed update');
        return null;
      default:
        return this.refuse(`a sync message of kind ${kind}`);
    }
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
