/**
 * The parts of a WebRTC implementation that simple-peer (inside y-webrtc) and our framing use.
 * Written by hand because @roamhq/wrtc has no types; kept to what is actually called.
 */

export type ChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** An RTCDataChannel as simple-peer drives it (properties and `on*` handlers, no addEventListener). */
export interface DataChannelLike {
  readonly label: string;
  readonly readyState: ChannelState;
  readonly bufferedAmount: number;
  binaryType: string;
  bufferedAmountLowThreshold?: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onbufferedamountlow?: ((event: unknown) => void) | null;
  send(data: Uint8Array | ArrayBuffer): void;
  close(): void;
}

export interface DataChannelEventLike {
  readonly type: string;
  readonly channel?: DataChannelLike;
  readonly target?: unknown;
}

export interface IceServer {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

export interface PeerConnectionConfig {
  readonly iceServers?: readonly IceServer[];
}

/** The few members of wrtc's RTCPeerConnection that the framing wrapper overrides or reads. */
export interface PeerConnectionLike {
  readonly iceConnectionState: string;
  createDataChannel(label: string, init?: object): DataChannelLike;
  dispatchEvent(event: DataChannelEventLike): void;
  close(): void;
}

export interface WrtcModule {
  readonly RTCPeerConnection: new (config?: PeerConnectionConfig) => PeerConnectionLike;
  readonly RTCSessionDescription: unknown;
  readonly RTCIceCandidate: unknown;
}
