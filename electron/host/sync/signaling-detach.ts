/**
 * Letting a y-webrtc provider stop using one signaling server, which y-webrtc has no API for.
 *
 * y-webrtc keeps one SignalingConn per URL for the whole process, in a module map it does not
 * export, shared by every provider that lists the URL (`conn.providers`). Detaching removes the
 * provider from the conn; the last one out disconnects it. The conn stays in y-webrtc's map —
 * destroying it would leave a dead conn there that a later `connect()` of the same URL would
 * reuse — so adding the URL again must reconnect it: `reviveSignaling` after every connect().
 * Open WebRTC connections are not affected: they no longer need signaling.
 */
import type { WebrtcProvider } from 'y-webrtc';

/** The part of y-webrtc's SignalingConn (a lib0 WebsocketClient) this module touches. */
interface SignalingConnLike {
  readonly url: string;
  readonly providers: Set<unknown>;
  readonly shouldConnect: boolean;
  connect(): void;
  disconnect(): void;
}

const connsOf = (provider: WebrtcProvider): SignalingConnLike[] => provider.signalingConns as SignalingConnLike[];

export function detachSignaling(provider: WebrtcProvider, url: string): void {
  const urls = provider.signalingUrls;
  for (let i = urls.indexOf(url); i >= 0; i = urls.indexOf(url)) urls.splice(i, 1);
  const conns = connsOf(provider);
  for (const conn of new Set(conns.filter((c) => c.url === url))) {
    conn.providers.delete(provider);
    if (conn.providers.size === 0) conn.disconnect();
  }
  provider.signalingConns = conns.filter((c) => c.url !== url);
}

/** Reconnects conns a provider uses that an earlier detach left disconnected. */
export function reviveSignaling(provider: WebrtcProvider): void {
  for (const conn of new Set(connsOf(provider))) if (!conn.shouldConnect) conn.connect();
}
