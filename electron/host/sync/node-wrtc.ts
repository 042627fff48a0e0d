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
 */
import wrtc from '@roamhq/wrtc';
import { createLogger } from '../../../shared/log';
import { CLOSE_GRACE_MS, GracefulChannel } from './graceful-channel';
import { recordDescriptions, type NativeDescriptions } from './wrtc-descriptions';
import type { DataChannelLike, PeerConnectionConfig, WrtcModule } from './wrtc-types';

const log = createLogger('sync-channel');
/** Connection states in which the peer may have a channel open to us that we have not been told of yet. */
const CONNECTED_STATES = new Set(['connecting', 'connected']);
const base = wrtc as WrtcModule;

/** wrtc's JS wrapper keeps the native peer connection, which announces incoming channels, as `_pc`. */
interface NativePeerConnection extends NativeDescriptions {
  ondatachannel: ((channel: DataChannelLike) => void) | null;
}

class PeerConnection extends base.RTCPeerConnection {
  declare readonly connectionState: string;
  private readonly channels = new Set<GracefulChannel>();
  private closing = false;
  /** While closing with no channel yet: called when one is announced (or the wait is over). */
  private announced: (() => void) | null = null;

  constructor(config?: PeerConnectionConfig) {
    super(config);
    const native = (this as unknown as { readonly _pc: NativePeerConnection })._pc;
    recordDescriptions(native);
    const announce = native.ondatachannel;
    native.ondatachannel = (channel) => announce?.call(native, this.track(new GracefulChannel(channel, false)));
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
    const grace = setTimeout(() => this.announced?.(), CLOSE_GRACE_MS);
    grace.unref?.();
    for (const channel of this.channels) channel.close();
    void announced
      .then(() => Promise.all([...this.channels].map((channel) => channel.settled)))
      .then(() => {
        clearTimeout(grace);
        super.close();
      })
      .catch((error: unknown) => log.warn('closing a peer connection failed', error));
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
