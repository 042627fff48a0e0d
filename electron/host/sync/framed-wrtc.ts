/**
 * A wrtc module whose data channels are FramedChannels: pass it to y-webrtc as `peerOpts.wrtc`
 * and every message simple-peer sends or receives is framed, back-pressured and inspected
 * (framed-channel.ts) without simple-peer or y-webrtc knowing.
 *
 * Works with wrtc's JS RTCPeerConnection, which announces incoming channels through its own
 * (overridable) `dispatchEvent`; a browser's native RTCPeerConnection would need another hook.
 */
import { FramedChannel, type ChannelHooks } from './framed-channel';
import { nodeWrtc } from './node-wrtc';
import type { DataChannelEventLike, DataChannelLike, PeerConnectionConfig, WrtcModule } from './wrtc-types';

export function createFramedWrtc(hooks: ChannelHooks, base: WrtcModule = nodeWrtc): WrtcModule {
  class FramedPeerConnection extends base.RTCPeerConnection {
    constructor(config?: PeerConnectionConfig) {
      super(config);
    }

    override createDataChannel(label: string, init?: object): DataChannelLike {
      return this.frame(super.createDataChannel(label, init));
    }

    override dispatchEvent(event: DataChannelEventLike): void {
      if (event.type === 'datachannel' && event.channel) {
        super.dispatchEvent({ type: 'datachannel', channel: this.frame(event.channel), target: this });
        return;
      }
      super.dispatchEvent(event);
    }

    private frame(native: DataChannelLike): FramedChannel {
      const channel = new FramedChannel(native, hooks);
      channel.connection = this as FramedChannel['connection']; // its SDP names the DTLS fingerprints the handshake binds
      return channel;
    }
  }
  return { RTCPeerConnection: FramedPeerConnection, RTCSessionDescription: base.RTCSessionDescription, RTCIceCandidate: base.RTCIceCandidate };
}
