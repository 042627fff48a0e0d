/**
 * The Node WebRTC implementation the host passes to y-webrtc as `peerOpts.wrtc` (@roamhq/wrtc:
 * N-API, installs offline, loads in Electron without a rebuild). Bundlers must keep it external.
 *
 * wrtc's description getters and its closing race libwebrtc's signaling thread and crash the
 * process now and then (SIGSEGV, no message: in SdpSerialize, and in RTCDataChannel::Send), so its
 * peer connections here
 * - read their session descriptions from what was set, not from libwebrtc (wrtc-descriptions.ts);
 * - wrap every data channel in a GracefulChannel and close natively only once each channel is
 *   settled, so a peer never has its channel closed under it while it sends (graceful-channel.ts).
 * The room-churn stress of issue 3 crashed in both places without them, and in neither with both.
 *
 * @safety That graceful close finishes later than `close()` returns (a round trip to the peer, up
 * to 2 × CLOSE_GRACE_MS if it does not answer). A process that ends meanwhile tears down
 * connections libwebrtc's threads still drive (`~RTCPeerConnection` inside node's
 * FreeEnvironment: Electron's quit). So whoever makes connections keeps them in a PeerConnections
 * and, before it reports itself closed, awaits `closeAll()`: every one closed natively, and wrtc
 * done with it (its 'closed' signaling state delivered, after which it lets go of its event-loop
 * handle), within a bound.
 */
import wrtc from '@roamhq/wrtc';
import { createLogger } from '../../../shared/log';
import { CLOSE_GRACE_MS, GracefulChannel } from './graceful-channel';
import { recordDescriptions, type NativeDescriptions } from './wrtc-descriptions';
import type { DataChannelLike, PeerConnectionConfig, WrtcModule } from './wrtc-types';

const log = createLogger('sync-channel');
/** Connection states in which the peer may have a channel open to us that we have not been told of yet. */
const CONNECTED_STATES = new Set(['connecting', 'connected']);
/**
 * How long `PeerConnections.closeAll` lets graceful closes run before it closes the rest natively
 * at once: a close waits up to CLOSE_GRACE_MS for a channel to be announced, then up to
 * CLOSE_GRACE_MS for the peer to close it; the rest is slack for a busy machine.
 */
export const SETTLE_MS = 2 * CLOSE_GRACE_MS + 1_000;
/** After a native close, how long to wait for wrtc to deliver the 'closed' state before going on regardless. */
const CLOSED_EVENT_MS = 1_000;
const base = wrtc as WrtcModule;

/** wrtc's JS wrapper keeps the native peer connection, which announces incoming channels, as `_pc`. */
interface NativePeerConnection extends NativeDescriptions {
  ondatachannel: ((channel: DataChannelLike) => void) | null;
}

/** What wrtc's JS RTCPeerConnection has beyond PeerConnectionLike (its EventTarget). */
interface WrtcEvents {
  addEventListener(type: string, listener: () => void): void;
  readonly signalingState: string;
}

/** Every connection not settled yet, in this process (diagnostics: what a process would leave behind if it ended now). */
const unsettled = new Set<PeerConnection>();

class PeerConnection extends base.RTCPeerConnection {
  declare readonly connectionState: string;
  /** Resolves once the connection is closed natively and wrtc has said so: nothing of it is left running. */
  readonly settled: Promise<void>;
  private readonly channels = new Set<GracefulChannel>();
  private closing = false;
  private closedNatively = false;
  /** While closing with no channel yet: called when one is announced (or the wait is over). */
  private announced: (() => void) | null = null;
  private grace: ReturnType<typeof setTimeout> | null = null;

  constructor(config?: PeerConnectionConfig) {
    super(config);
    const native = (this as unknown as { readonly _pc: NativePeerConnection })._pc;
    recordDescriptions(native);
    const announce = native.ondatachannel;
    native.ondatachannel = (channel) => announce?.call(native, this.track(new GracefulChannel(channel, false)));
    unsettled.add(this);
    let settle!: () => void;
    this.settled = new Promise<void>((resolve) => (settle = resolve)).then(() => void unsettled.delete(this));
    // wrtc stops the connection's event-loop handle right after it delivers the 'closed' state: one more turn.
    const events = this as unknown as WrtcEvents;
    events.addEventListener('signalingstatechange', () => {
      if (this.closedNatively && events.signalingState === 'closed') setImmediate(settle);
    });
  }

  override createDataChannel(label: string, init?: object): DataChannelLike {
    return this.track(new GracefulChannel(super.createDataChannel(label, init), true));
  }

  /**
   * Closes each channel gracefully, and the connection once they are settled. Without a channel
   * yet, one may be on its way (the peer created it and may be sending on it already): it is
   * given CLOSE_GRACE_MS to be announced, and closed gracefully if it is.
   */
  override close(): void {
    if (this.closing) return;
    this.closing = true;
    const mayGetOne = this.channels.size === 0 && CONNECTED_STATES.has(this.connectionState);
    const announced = mayGetOne ? new Promise<void>((resolve) => (this.announced = resolve)) : Promise.resolve();
    this.grace = setTimeout(() => this.announced?.(), CLOSE_GRACE_MS);
    this.grace.unref?.();
    for (const channel of this.channels) channel.close();
    void announced
      .then(() => Promise.all([...this.channels].map((channel) => channel.settled)))
      .then(() => this.closeNatively())
      .catch((error: unknown) => log.warn('closing a peer connection failed', error));
  }

  /** Closes natively now, without waiting for the channels: the time to do it gracefully is over. */
  closeNow(): void {
    this.closing = true;
    this.closeNatively();
  }

  private closeNatively(): void {
    if (this.closedNatively) return;
    this.closedNatively = true;
    if (this.grace) clearTimeout(this.grace);
    super.close();
  }

  private track(channel: GracefulChannel): GracefulChannel {
    this.channels.add(channel);
    if (this.closing) {
      channel.close(); // arrived while we close: it goes too
      this.announced?.();
    }
    return channel;
  }
}

export const nodeWrtc: WrtcModule = { RTCPeerConnection: PeerConnection, RTCSessionDescription: base.RTCSessionDescription, RTCIceCandidate: base.RTCIceCandidate };

/** Peer connections in this process not settled yet (closed natively and done); zero once every owner has closed. */
export function unsettledPeerConnections(): number {
  return unsettled.size;
}

/**
 * The peer connections one owner (a SyncRoom) makes, each kept until it has settled. Give `wrtc`
 * to y-webrtc; `closeAll()` is the owner's last step: nothing it made outlives it.
 */
export class PeerConnections {
  readonly wrtc: WrtcModule;
  private readonly live = new Set<PeerConnection>();

  constructor() {
    const live = this.live;
    class TrackedPeerConnection extends PeerConnection {
      constructor(config?: PeerConnectionConfig) {
        super(config);
        live.add(this);
        void this.settled.then(() => live.delete(this));
      }
    }
    this.wrtc = { ...nodeWrtc, RTCPeerConnection: TrackedPeerConnection };
  }

  /** Connections made here that have not settled yet. */
  get size(): number {
    return this.live.size;
  }

  /**
   * Closes every connection made here (gracefully, as `close()` does; those closing already go on)
   * and resolves once each has settled. Those still open after `timeoutMs` are closed natively at
   * once; resolves with how many that was.
   */
  async closeAll(timeoutMs = SETTLE_MS): Promise<number> {
    const pending = [...this.live];
    if (pending.length === 0) return 0;
    for (const connection of pending) connection.close();
    const all = Promise.all(pending.map((connection) => connection.settled));
    if (await within(all, timeoutMs)) return 0;
    const overdue = pending.filter((connection) => this.live.has(connection));
    log.warn(`${overdue.length} peer connection(s) still closing after ${timeoutMs} ms: closing them now`);
    for (const connection of overdue) connection.closeNow();
    if (!(await within(all, CLOSED_EVENT_MS))) log.warn(`wrtc did not report ${this.live.size} closed peer connection(s) closed`);
    return overdue.length;
  }
}

/** Whether `promise` settles within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
