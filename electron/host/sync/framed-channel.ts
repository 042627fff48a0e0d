/**
 * FramedChannel: an RTCDataChannel look-alike over a real one, handed to simple-peer (inside
 * y-webrtc) in place of the real channel. It is transparent to simple-peer, and adds:
 *
 * - framing (framing.ts): `send` cuts each message into frames of at most FRAME_BYTES and
 *   queues them; the frames go out while the real channel's bufferedAmount is under
 *   HIGH_WATER_BYTES (back-pressure), and `bufferedAmount` reports real + queued bytes. Incoming
 *   frames are reassembled; a peer's malformed frames are dropped and logged, never thrown.
 * - a handshake before the channel is reported open: the hooks exchange messages first
 *   (`receiveHandshake` / `sendInternal`), so nothing above sees a message from a peer that has
 *   not completed it. This is where a member-key handshake (issue 5) goes.
 * - an inspector on every later message, which may swallow, rewrite or pass it on.
 *
 * Why wrap the channel rather than patch y-webrtc: WebrtcConn is built inside y-webrtc's signaling
 * handler, so a subclass would never be instantiated, and a patch of node_modules is lost on every
 * install. `peerOpts.wrtc` is a supported injection point, and simple-peer only ever touches the
 * channel through the members of DataChannelLike.
 *
 * @safety wrtc dispatches channel events from process.nextTick: an exception escaping a handler
 * here would be an uncaught exception and end the host. Every handler catches.
 */
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { fingerprintOf } from './auth-handshake';
import { encodeFrames, Reassembler } from './framing';
import type { ChannelState, DataChannelLike } from './wrtc-types';

const log = createLogger('sync-channel');

/** Stop handing frames to the real channel while it buffers this much. */
export const HIGH_WATER_BYTES = 1024 * 1024;
/** wrtc has no `bufferedamountlow` event: while frames wait, poll the real channel this often. */
export const DRAIN_POLL_MS = 2;
/** A peer that does not read: past this many queued bytes the channel is closed (it reconnects and resyncs). */
export const MAX_QUEUED_BYTES = 256 * 1024 * 1024;
/** A handshake that has not finished by then closes the channel. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Messages a peer may send before the handshake is done; more closes the channel. */
const MAX_HANDSHAKE_INBOX = 16;
/** Log the first few violations of a channel, then one in this many. */
const VIOLATION_LOG_EVERY = 1000;
const VIOLATION_LOG_FIRST = 5;

export interface ChannelHooks {
  /** Runs once the real channel opens; the channel is reported open when it resolves, closed if it rejects. */
  handshake(channel: FramedChannel): Promise<void>;
  /** Sees each message after the handshake: returns what to hand up (the same, rewritten) or null to swallow it. */
  inspect(channel: FramedChannel, message: Uint8Array): Uint8Array | null;
  /** The channel closed (either side). */
  closed(channel: FramedChannel): void;
}

type Phase = 'waiting' | 'handshaking' | 'open' | 'closed';

export class FramedChannel implements DataChannelLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onbufferedamountlow: ((event: unknown) => void) | null = null;
  bufferedAmountLowThreshold = 0;
  /** Kept for simple-peer, which sets it; messages are always handed up as ArrayBuffer. */
  binaryType = 'arraybuffer';
  /** Free for the hooks: who is on the other end, once the handshake says so. */
  remote: unknown = null;
  /** The peer connection the channel belongs to (framed-wrtc.ts sets it), for its DTLS fingerprints. */
  connection: { readonly localDescription?: { sdp?: string } | null; readonly remoteDescription?: { sdp?: string } | null } | null = null;
  violations = 0;
  /**
   * Set by the hooks: a message from the connection above that this returns true for is not sent
   * (RoomGuard: y-webrtc relays every doc update to every peer, even the update a peer has just
   * sent us back to that peer — for a fresh host, the whole workspace doc).
   */
  dropOutgoing: ((message: Uint8Array) => boolean) | null = null;
  /** Messages `dropOutgoing` kept from going out. */
  droppedOutgoing = 0;

  private phase: Phase = 'waiting';
  private readonly reassembler = new Reassembler();
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private drainTimer: ReturnType<typeof setTimeout> | null = null;
  private lowArmed = false;
  private readonly inbox: Uint8Array[] = [];
  private inboxWaiter: ((message: Uint8Array | null) => void) | null = null;

  constructor(
    readonly native: DataChannelLike,
    private readonly hooks: ChannelHooks,
  ) {
    native.binaryType = 'arraybuffer';
    native.onopen = () => this.startHandshake();
    native.onmessage = (event) => this.receiveFrame(event.data);
    native.onclose = () => this.handleClose();
    native.onerror = (event) => this.guard('error handler', () => this.onerror?.(event));
    if (native.readyState === 'open') queueMicrotask(() => this.startHandshake());
  }

  get label(): string {
    return this.native.label;
  }

  /** 'connecting' until the handshake is done, whatever the real channel says. */
  get readyState(): ChannelState {
    if (this.phase === 'closed') return 'closed';
    return this.phase === 'open' ? this.native.readyState : 'connecting';
  }

  get bufferedAmount(): number {
    return this.native.bufferedAmount + this.queuedBytes;
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  /** Bytes waiting to go: queued here, plus the real channel's buffer when last read (no blocking read). */
  get backlog(): number {
    return this.queuedBytes + this.nativeBuffered;
  }

  /** Our and the peer's DTLS certificate fingerprints, as the SDP of the connection says; null if unknown. */
  fingerprints(): { local: string; remote: string } | null {
    const local = fingerprintOf(this.connection?.localDescription?.sdp);
    const remote = fingerprintOf(this.connection?.remoteDescription?.sdp);
    return local && remote ? { local, remote } : null;
  }

  /** The DataChannel `send`, for the connection above: only once open, like a real channel. */
  send(data: Uint8Array | ArrayBuffer): void {
    if (this.phase !== 'open') throw new CommonplaceError('unavailable', `data channel is ${this.readyState}`);
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    if (!(bytes instanceof Uint8Array)) throw new CommonplaceError('invalid-argument', 'only binary messages are framed');
    if (this.dropOutgoing?.(bytes)) {
      this.droppedOutgoing++;
      return;
    }
    this.enqueue(bytes);
  }

  /** Sends one of our own messages (handshake, catch-up): returns false if the channel is closed. */
  sendInternal(message: Uint8Array): boolean {
    if (this.phase === 'closed' || this.phase === 'waiting') return false;
    return this.enqueue(message);
  }

  /** The next message during the handshake; rejects after `timeoutMs` or if the channel closes. */
  receiveHandshake(timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<Uint8Array> {
    const next = this.inbox.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.inboxWaiter = null;
        reject(new CommonplaceError('unavailable', 'handshake timed out'));
      }, timeoutMs);
      this.inboxWaiter = (message) => {
        clearTimeout(timer);
        this.inboxWaiter = null;
        if (message) resolve(message);
        else reject(new CommonplaceError('unavailable', 'channel closed during the handshake'));
      };
    });
  }

  close(): void {
    if (this.phase === 'closed') return;
    try {
      this.native.close();
    } catch (error) {
      log.debug('closing the real channel failed', error);
    }
    this.handleClose();
  }

  // ---- sending ----

  private enqueue(message: Uint8Array): boolean {
    let frames: Uint8Array[];
    try {
      frames = encodeFrames(message);
    } catch (error) {
      log.error('refused to send an oversized message', error);
      return false;
    }
    for (const frame of frames) {
      this.queue.push(frame);
      this.queuedBytes += frame.byteLength;
    }
    if (this.queuedBytes > MAX_QUEUED_BYTES) {
      log.error(`closing channel ${this.label}: the peer is not reading (${this.queuedBytes} bytes queued)`);
      this.close();
      return false;
    }
    if (this.nativeBuffered + this.queuedBytes > this.bufferedAmountLowThreshold) this.lowArmed = true;
    this.schedulePump();
    return true;
  }

  /**
   * Bytes sent since the last drain poll. wrtc updates bufferedAmount from its network thread, so
   * within one turn of the event loop it can read as if nothing had been sent (every send() of a
   * burst would push another HIGH_WATER_BYTES): we count what we sent ourselves until a poll
   * has given wrtc time to account for it.
   */
  private burstBytes = 0;
  /** The real channel's bufferedAmount when last read (once per pump). */
  private nativeBuffered = 0;
  private pumpQueued = false;

  /**
   * Sends of one turn share one pump, in a microtask: wrtc's bufferedAmount and readyState
   * getters are blocking calls into its network thread (a third of catch-up's CPU time when read
   * per message), so they are read once per pump, not once per message or frame.
   */
  private schedulePump(): void {
    if (this.pumpQueued || this.drainTimer !== null) return; // the drain timer pumps soon anyway
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.phase === 'closed') return;
    if (this.queue.length === 0 && !this.lowArmed) return; // nothing to send, nobody waiting: no blocking reads
    const open = this.native.readyState === 'open';
    this.nativeBuffered = open ? this.native.bufferedAmount : 0;
    while (open && this.queue.length > 0 && this.nativeBuffered + this.burstBytes < HIGH_WATER_BYTES) {
      const frame = this.queue.shift() as Uint8Array;
      this.queuedBytes -= frame.byteLength;
      this.burstBytes += frame.byteLength;
      try {
        this.native.send(frame);
      } catch (error) {
        log.warn(`send failed on channel ${this.label}; closing it`, error);
        this.close();
        return;
      }
    }
    // One timer at a time: it lets wrtc catch up on its accounting, then sends what waits.
    if ((this.queue.length > 0 || this.burstBytes > 0) && open && this.drainTimer === null) {
      this.drainTimer = setTimeout(() => {
        this.drainTimer = null;
        this.burstBytes = 0;
        this.pump();
      }, DRAIN_POLL_MS);
    }
    if (this.lowArmed && this.queue.length === 0 && this.nativeBuffered <= this.bufferedAmountLowThreshold) {
      this.lowArmed = false;
      this.guard('bufferedamountlow handler', () => this.onbufferedamountlow?.({ type: 'bufferedamountlow' }));
    }
  }

  // ---- receiving ----

  private receiveFrame(data: unknown): void {
    if (this.phase === 'closed') return;
    const frame = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    if (!frame) return this.violation('a text frame');
    const result = this.reassembler.push(frame);
    if (result.kind === 'violation') this.violation(result.reason);
    else if (result.kind === 'message') {
      if (result.violation) this.violation(result.violation);
      this.receiveMessage(result.message);
    }
  }

  private receiveMessage(message: Uint8Array): void {
    if (this.phase !== 'open') {
      if (this.inboxWaiter) this.inboxWaiter(message);
      else if (this.inbox.length < MAX_HANDSHAKE_INBOX) this.inbox.push(message);
      else {
        log.warn(`closing channel ${this.label}: too many messages before the handshake finished`);
        this.close();
      }
      return;
    }
    let up: Uint8Array | null;
    try {
      up = this.hooks.inspect(this, message);
    } catch (error) {
      log.error(`channel ${this.label}: the inspector threw`, error);
      return;
    }
    if (up === null) return;
    const buffer = up.byteOffset === 0 && up.byteLength === up.buffer.byteLength ? up.buffer : up.slice().buffer;
    this.guard('message handler', () => this.onmessage?.({ data: buffer }));
  }

  private violation(reason: string): void {
    this.violations++;
    if (this.violations <= VIOLATION_LOG_FIRST || this.violations % VIOLATION_LOG_EVERY === 0) {
      log.warn(`dropped a malformed frame on channel ${this.label} (${reason}; ${this.violations} so far)`);
    }
  }

  // ---- lifecycle ----

  private startHandshake(): void {
    if (this.phase !== 'waiting') return;
    this.phase = 'handshaking';
    let handshake: Promise<void>;
    try {
      handshake = this.hooks.handshake(this);
    } catch (error) {
      handshake = Promise.reject(error);
    }
    handshake.then(
      () => {
        if (this.phase !== 'handshaking') return;
        this.phase = 'open';
        this.guard('open handler', () => this.onopen?.({ type: 'open' }));
        // Messages that arrived after the handshake's last one, before it resolved.
        for (const message of this.inbox.splice(0)) this.receiveMessage(message);
      },
      (error: unknown) => {
        log.warn(`handshake failed on channel ${this.label}; closing it`, error);
        this.close();
      },
    );
  }

  private handleClose(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.inbox.length = 0;
    this.inboxWaiter?.(null);
    this.guard('closed hook', () => this.hooks.closed(this));
    this.guard('close handler', () => this.onclose?.({ type: 'close' }));
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      log.error(`channel ${this.label}: the ${what} threw`, error);
    }
  }
}

