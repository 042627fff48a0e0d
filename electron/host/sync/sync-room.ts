/**
 * SyncRoom: one y-webrtc room for one doc (the workspace doc, or a page doc), with
 * - the room name and password derived from the workspace key (never the ids, never no password);
 * - data channels framed and guarded (framed-wrtc.ts, room-guard.ts), no ICE servers by default;
 * - a watchdog: y-webrtc does not retry a connection that never formed (two peers starting at
 *   once sometimes never connect), nor notice one whose peer vanished. Every WATCHDOG_TICK_MS the
 *   room looks at its connections; one that has not been open and healthy for WATCHDOG_MS is
 *   dropped, and if no healthy one is left the whole provider is recreated — with a new y-webrtc
 *   peer id, so peers holding a half-made connection to the old id are not in the way.
 */
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { WebrtcProvider, type WebrtcConn } from 'y-webrtc';
import { deriveRoomSecrets, type RoomSecrets } from '../../../shared/crypto/room-keys';
import type { DocId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { keepOffBroadcastChannel } from './broadcast-off';
import { createFramedWrtc } from './framed-wrtc';
import type { FramedChannel } from './framed-channel';
import type { GuardedDoc } from './guarded-doc';
import { PeerConnections } from './node-wrtc';
import { RoomGuard, type RemotePeer, type RoomAuth } from './room-guard';
import type { DocKind } from '../../../shared/model/roles-policy';
import { detachSignaling, reviveSignaling } from './signaling-detach';
import { installSignalingWebSocket, registerSignalingRoom, unregisterSignalingRoom } from './signaling-socket';
import type { IceServer, WrtcModule } from './wrtc-types';

const log = createLogger('sync-room');

/** A connection that has not been open and healthy for this long is given up and retried. */
export const WATCHDOG_MS = 4_000;
export const WATCHDOG_TICK_MS = 500;
/** A peer that stays unreachable (no route, no TURN) is retried ever less often, up to this. */
export const WATCHDOG_MAX_MS = 60_000;
/** y-webrtc's default is random 20–35; a community's LAN is smaller, and every connection costs. */
const MAX_CONNS = 32;
/** ICE states of a connection whose peer has gone (crashed, slept, changed address). */
const DEAD_ICE_STATES = new Set(['disconnected', 'failed', 'closed']);
const RECREATE_RETRY_MS = 50;
const RECREATE_ATTEMPTS = 20;

export interface SyncRoomOptions {
  readonly docId: DocId;
  readonly workspaceKey: string;
  readonly doc: GuardedDoc;
  readonly awareness: Awareness;
  /** Who we are and whom we let in (the member-key handshake, roles): WorkspaceAuth. */
  readonly auth: RoomAuth;
  /** What the doc is, for the write policy. */
  readonly kind: DocKind;
  /** For a page: who asked the question it is, now (room-guard.ts). */
  readonly askedBy?: () => string | null;
  readonly signaling: readonly string[];
  readonly iceServers: readonly IceServer[];
  readonly watchdogMs?: number;
  readonly onMessage?: (peer: RemotePeer, type: number, message: Uint8Array) => void;
  readonly onPeerOpen?: (peer: RemotePeer) => void;
  readonly onPeerClose?: (peer: RemotePeer) => void;
}

export class SyncRoom {
  /** Peers whose handshake is done and whose channel is open. */
  readonly peers = new Set<RemotePeer>();
  /** How often the watchdog recreated the provider (tests and the UI read it). */
  recreated = 0;
  private provider: WebrtcProvider;
  private readonly wrtc: WrtcModule;
  /** Every peer connection the room's providers made, until it has settled (node-wrtc.ts). */
  private readonly connections = new PeerConnections();
  private readonly signaling: string[];
  private readonly unhealthySince = new WeakMap<WebrtcConn, number>();
  private readonly timer: ReturnType<typeof setInterval>;
  private recreating = false;
  private destroyed = false;
  /** Recreations in a row that brought no healthy connection (the backoff exponent). */
  private fruitless = 0;
  private readonly guard: RoomGuard;

  private constructor(
    private readonly options: SyncRoomOptions,
    private readonly secrets: RoomSecrets,
  ) {
    const guard = new RoomGuard({
      auth: options.auth,
      room: secrets.name,
      kind: options.kind,
      askedBy: options.askedBy,
      doc: options.doc,
      awareness: options.awareness,
      onMessage: options.onMessage,
      onPeerOpen: (peer) => {
        this.peers.add(peer);
        options.onPeerOpen?.(peer);
      },
      onPeerClose: (peer) => {
        this.peers.delete(peer);
        options.onPeerClose?.(peer);
      },
    });
    this.guard = guard;
    this.wrtc = createFramedWrtc(guard, this.connections.wrtc);
    this.signaling = [...options.signaling];
    this.provider = this.createProvider();
    this.timer = setInterval(() => this.watch(), WATCHDOG_TICK_MS);
    this.timer.unref();
  }

  static async open(options: SyncRoomOptions): Promise<SyncRoom> {
    installSignalingWebSocket();
    return new SyncRoom(options, await deriveRoomSecrets(options.workspaceKey, options.docId));
  }

  get name(): string {
    return this.secrets.name;
  }

  get doc(): Y.Doc {
    return this.options.doc.doc;
  }

  /** Also signal through this server (a peer's, added by address or discovered). */
  addSignalingUrl(url: string): void {
    if (this.signaling.includes(url)) return;
    this.signaling.push(url);
    // y-webrtc shares signaling connections between rooms; connect() again adds the new one
    // (its listeners are sets, so nothing is registered twice).
    this.provider.signalingUrls.push(url);
    this.provider.connect();
    reviveSignaling(this.provider);
  }

  /** Stops signaling through this server (a discovered host that left); open connections stay. */
  removeSignalingUrl(url: string): void {
    const index = this.signaling.indexOf(url);
    if (index < 0) return;
    this.signaling.splice(index, 1);
    detachSignaling(this.provider, url);
  }

  /** Drops every connection and starts over with a new peer id. */
  async recreate(reason: string): Promise<void> {
    if (this.recreating || this.destroyed) return;
    this.recreating = true;
    this.recreated++;
    log.warn(`room ${this.name.slice(0, 8)}…: ${reason}; reconnecting`);
    try {
      await this.dispose(this.provider);
      for (let attempt = 0; !this.destroyed; attempt++) {
        try {
          this.provider = this.createProvider();
          break;
        } catch (error) {
          // y-webrtc forgets a room name a microtask after destroy; rarely later.
          if (attempt >= RECREATE_ATTEMPTS) throw error;
          await new Promise((r) => setTimeout(r, RECREATE_RETRY_MS));
        }
      }
    } finally {
      this.recreating = false;
    }
  }

  /**
   * Leaves the room. Resolves once every peer connection it made is closed natively and settled
   * (within SETTLE_MS), so a process may end right after (node-wrtc.ts); the room's name is free
   * for a new room before that.
   */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    clearInterval(this.timer);
    this.guard.dispose();
    await this.dispose(this.provider);
    await this.connections.closeAll();
  }

  /** Messages refused in this room: malformed, or writes beyond the sender's role. */
  get refused(): number {
    return this.guard.refused;
  }

  private createProvider(): WebrtcProvider {
    const provider = new WebrtcProvider(this.secrets.name, this.options.doc.doc, {
      signaling: [...this.signaling],
      password: this.secrets.password,
      awareness: this.options.awareness,
      maxConns: MAX_CONNS,
      filterBcConns: false,
      peerOpts: { wrtc: this.wrtc, config: { iceServers: this.options.iceServers } },
    });
    void keepOffBroadcastChannel(provider);
    registerSignalingRoom(this.secrets.name, provider);
    reviveSignaling(provider);
    return provider;
  }

  private async dispose(provider: WebrtcProvider): Promise<void> {
    unregisterSignalingRoom(this.secrets.name, provider);
    provider.disconnect(); // lets go of signaling connections no other room uses
    provider.destroy();
    await provider.key; // y-webrtc destroys the room (and frees its name) once the key is ready
  }

  private watch(): void {
    const room = this.provider.room;
    if (!room || this.recreating) return;
    const now = Date.now();
    const base = this.options.watchdogMs ?? WATCHDOG_MS;
    const limit = Math.min(base * 2 ** this.fruitless, Math.max(base, WATCHDOG_MAX_MS));
    let healthy = 0;
    const givenUp: WebrtcConn[] = [];
    for (const conn of room.webrtcConns.values()) {
      if (isHealthy(conn)) {
        healthy++;
        this.unhealthySince.delete(conn);
        continue;
      }
      const since = this.unhealthySince.get(conn) ?? now;
      this.unhealthySince.set(conn, since);
      if (now - since > limit) givenUp.push(conn);
    }
    if (healthy > 0) this.fruitless = 0;
    if (givenUp.length === 0) return;
    if (healthy === 0) {
      this.fruitless++;
      void this.recreate(`${givenUp.length} connection(s) not open for ${limit} ms`).catch((error: unknown) =>
        log.error('could not recreate a room', error),
      );
      return;
    }
    // Others are fine: drop only the dead ones (y-webrtc announces itself again on close).
    for (const conn of givenUp) conn.destroy();
  }
}

/** Open per y-webrtc, our channel open (handshake done), and ICE not gone. */
function isHealthy(conn: WebrtcConn): boolean {
  if (!conn.connected || conn.closed) return false;
  // simple-peer's internals, read-only: its data channel (ours) and its RTCPeerConnection.
  const peer = conn.peer as { _channel?: FramedChannel | null; _pc?: { iceConnectionState?: string } | null };
  if (peer._channel && !peer._channel.isOpen) return false;
  return !DEAD_ICE_STATES.has(peer._pc?.iceConnectionState ?? 'closed');
}
