/**
 * GracefulChannel: a wrtc data channel that is closed without racing the peer.
 *
 * @safety @roamhq/wrtc forgets a data channel's native object on libwebrtc's signaling thread as
 * soon as the channel closes (RTCDataChannel::OnStateChange → CleanupInternals), while the main
 * thread may be inside `send`, `readyState` or `bufferedAmount` on the same object: the process
 * then dies of SIGSEGV in RTCDataChannel::Send, with no message. Closing a channel while the peer
 * is still sending on it does exactly that to the peer — and our hosts close channels all the
 * time on purpose: a refused handshake, a member removed, a watchdog retrying, rooms moving to a
 * new key. (Measured, issue 3: in a stress of rooms that refuse each other and are recreated every
 * few hundred ms, hosts died there in 7 of 21 runs of 90 s without this protocol, in none of 32 with it.)
 *
 * So a deliberate close is a short protocol, in band, under the framing:
 *   1. the closing side sends CLOSE_NOTICE and from then on never touches the native channel;
 *   2. the side that receives it stops too (its last native call), reports the channel closed,
 *      and closes it natively: the only native close, made while the other side is idle;
 *   3. the closing side sees the native close arrive and is done.
 * If both close at once, only the side that created the channel closes it natively. A peer
 * without this code drops the notice (our framing only ever sends binary: a text message is a
 * violation it logs) and the closing side closes natively after CLOSE_GRACE_MS, as before.
 * A peer connection closes natively only once its channels are settled (`settled`), so
 * simple-peer's `destroy` (channel.close(), then pc.close() in the same breath) cannot skip step 2.
 * Closes nobody chose (a peer that crashed, a network gone) still race; they are rare.
 */
import { createLogger } from '../../../shared/log';
import type { ChannelState, DataChannelLike } from './wrtc-types';

const log = createLogger('sync-channel');

/** "I will not touch this channel again: close it." Text, so it cannot be confused with our (binary) frames. */
export const CLOSE_NOTICE = 'commonplace/close';
/** How long a closing side waits for the peer to close the channel before closing it itself. */
export const CLOSE_GRACE_MS = 2_000;

type State = 'live' | 'closing' | 'closed';

export class GracefulChannel implements DataChannelLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  /** Resolves once the native channel is closed (or we closed it): its peer connection may close then. */
  readonly settled: Promise<void>;
  /** Read once: the native getter reads the object the signaling thread may free. */
  readonly label: string;
  private state: State = 'live';
  private closeReported = false;
  private settle!: () => void;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private noticeSent = false;

  constructor(
    private readonly native: DataChannelLike,
    /** Whether we created the channel (createDataChannel), rather than the peer: it closes natively when both close at once. */
    private readonly createdHere: boolean,
    private readonly graceMs = CLOSE_GRACE_MS,
  ) {
    this.label = native.label;
    this.settled = new Promise((resolve) => (this.settle = resolve));
    native.onopen = (event) => {
      if (this.state === 'live') this.onopen?.(event);
      else if (this.state === 'closing') this.sendNotice(); // closed before it opened (or before we heard)
    };
    native.onmessage = (event) => this.received(event);
    native.onclose = (event) => this.nativeClosed(event);
    native.onerror = (event) => {
      if (this.state === 'live') this.onerror?.(event);
    };
  }

  get readyState(): ChannelState {
    if (this.state === 'live') return this.native.readyState;
    return this.state === 'closing' ? 'closing' : 'closed';
  }

  get bufferedAmount(): number {
    return this.state === 'live' ? this.native.bufferedAmount : 0;
  }

  get binaryType(): string {
    return this.native.binaryType;
  }

  set binaryType(value: string) {
    this.native.binaryType = value;
  }

  send(data: Uint8Array | ArrayBuffer): void {
    if (this.state !== 'live') throw new Error(`data channel ${this.label} is ${this.readyState}`);
    this.native.send(data);
  }

  /**
   * A deliberate close: tells the peer, then leaves the native close to it (see the module
   * comment). A channel not open yet here may be open at the peer's end already, sending: the
   * notice then goes out as soon as it opens.
   */
  close(): void {
    if (this.state !== 'live') return;
    this.state = 'closing';
    this.graceTimer = setTimeout(() => this.closeNatively(this.noticeSent ? 'the peer did not close it in time' : 'it never opened'), this.graceMs);
    this.graceTimer.unref?.();
    if (this.native.readyState === 'open') this.sendNotice();
  }

  /** Once only: a second send could meet the peer's native close, which the first one asked for. */
  private sendNotice(): void {
    if (this.noticeSent) return;
    this.noticeSent = true;
    try {
      // A string goes out as a text message (DataChannelLike types only the binary sends we make).
      (this.native as unknown as { send(text: string): void }).send(CLOSE_NOTICE);
    } catch (error) {
      log.debug(`channel ${this.label} would not take the close notice; closing it now`, error);
      this.closeNatively('the notice could not be sent');
    }
  }

  private received(event: { readonly data: unknown }): void {
    if (event.data === CLOSE_NOTICE) return this.peerClosing();
    if (this.state === 'live') this.onmessage?.(event);
  }

  /** The peer will not touch the channel again: stop, and close it natively (unless it is ours to close and we are closing too). */
  private peerClosing(): void {
    if (this.state === 'closed') return;
    if (this.state === 'closing' && !this.createdHere) return; // both closing: the creator closes natively
    this.closeNatively('the peer asked');
  }

  private closeNatively(why: string): void {
    if (this.state === 'closed') return;
    log.debug(`closing channel ${this.label}: ${why}`);
    this.state = 'closed';
    if (this.graceTimer) clearTimeout(this.graceTimer);
    try {
      this.native.close();
    } catch (error) {
      log.debug(`closing channel ${this.label} failed`, error);
    }
    this.settle();
    this.reportClosed({ type: 'close' });
  }

  private nativeClosed(event: unknown): void {
    this.state = 'closed';
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.settle();
    this.reportClosed(event);
  }

  private reportClosed(event: unknown): void {
    if (this.closeReported) return;
    this.closeReported = true;
    this.onclose?.(event);
  }
}
