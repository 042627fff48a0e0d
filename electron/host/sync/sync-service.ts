/**
 * SyncService: peer sync for a whole host — its signaling server, the addresses of the peers it
 * knows, and one PeerSync per open workspace. What the Host composes (ARCHITECTURE.md §1).
 *
 * Wiring, in the Host:
 *   open:            sync = await SyncService.start({ hostId: identity.id, bind, port, peers })
 *   workspace open:  await sync.startWorkspace(openWorkspace)
 *   doc stream open: await sync.joinPage(workspaceId, pageId)   (close: leavePage)
 *   close:           await sync.close()   — before the workspaces close
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkSignalingUrl } from '../../../shared/bridge/sync-urls';
import { CommonplaceError } from '../../../shared/errors';
import type { PageId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import type { SyncWorkspace } from './page-docs';
import { PeerSync } from './peer-sync';
import { SignalingServer, type SignalingLimits } from './signaling-server';
import type { IceServer } from './wrtc-types';
import type { SyncAuth } from './auth-rooms';

const log = createLogger('sync-service');

export interface SyncServiceOptions {
  /** This installation's member id (HELLO). */
  readonly hostId: string;
  /** Where our signaling server listens: 127.0.0.1 by default; the LAN address for the desktop app. */
  readonly bind?: string;
  /** 0 (default) picks a free port; a fixed one lets peers find us again after a restart. */
  readonly port?: number;
  /** Signaling servers of peers we know (added by address, or found by discovery). */
  readonly peers?: readonly string[];
  readonly iceServers?: readonly IceServer[];
  readonly limits?: Partial<SignalingLimits>;
  /** Run no signaling server of our own (a host that only connects out). */
  readonly noServer?: boolean;
  /** Passed to every PeerSync (tests and benchmarks). */
  readonly watchdogMs?: number;
  readonly catchUp?: boolean;
  /** Plain HTTP requests to our signaling server (the invite-code lookup). */
  readonly onHttpRequest?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /**
   * The members and keys of a workspace (host/members/member-service.ts `MemberService.syncAuth`):
   * every connection is authenticated and role-checked with it. Required to sync a workspace.
   */
  readonly authFor?: (workspaceId: WorkspaceId) => Promise<SyncAuth>;
}

/** What one workspace adds to the host's sync options (its settings, host/sync/sync-settings.ts). */
export interface WorkspaceSyncOptions {
  /** Signaling servers this workspace also uses. */
  readonly signaling?: readonly string[];
  /** Replaces the host's ICE servers for this workspace when not empty. */
  readonly iceServers?: readonly IceServer[];
}

export class SyncService {
  private readonly workspaces = new Map<WorkspaceId, Promise<PeerSync>>();
  private readonly peers: string[];

  private constructor(
    private readonly options: SyncServiceOptions,
    readonly server: SignalingServer | null,
  ) {
    this.peers = [...(options.peers ?? [])];
  }

  static async start(options: SyncServiceOptions): Promise<SyncService> {
    const { bind: host, port, limits, onHttpRequest } = options;
    const server = options.noServer ? null : await SignalingServer.start({ host, port, limits, onHttpRequest });
    return new SyncService(options, server);
  }

  /** Our own signaling server's URL, to give to peers (null without one). */
  get signalingUrl(): string | null {
    return this.server?.url ?? null;
  }

  /** The signaling servers every room uses: ours, then the peers'. */
  get signaling(): string[] {
    return [...(this.server ? [this.server.url] : []), ...this.peers];
  }

  /** The peers' signaling servers we know (not our own). */
  get peerAddresses(): string[] {
    return [...this.peers];
  }

  startWorkspace(workspace: SyncWorkspace & { readonly id: WorkspaceId }, extra: WorkspaceSyncOptions = {}): Promise<PeerSync> {
    let sync = this.workspaces.get(workspace.id);
    if (!sync) {
      const { authFor, watchdogMs, catchUp } = this.options;
      const signaling = [...new Set([...this.signaling, ...(extra.signaling ?? [])])];
      const iceServers = extra.iceServers?.length ? extra.iceServers : this.options.iceServers;
      if (!authFor) return Promise.reject(new CommonplaceError('unavailable', 'peer sync needs the members of the workspace (SyncServiceOptions.authFor)'));
      sync = authFor(workspace.id).then((auth) => PeerSync.start({ workspace, auth, signaling, iceServers, watchdogMs, catchUp }));
      this.workspaces.set(workspace.id, sync);
      sync.catch((error: unknown) => {
        log.error(`could not start sync of workspace ${workspace.id}`, error);
        this.workspaces.delete(workspace.id);
      });
    }
    return sync;
  }

  /** The workspace's PeerSync, if started. */
  get(workspaceId: WorkspaceId): Promise<PeerSync> | undefined {
    return this.workspaces.get(workspaceId);
  }

  async stopWorkspace(workspaceId: WorkspaceId): Promise<void> {
    const sync = this.workspaces.get(workspaceId);
    this.workspaces.delete(workspaceId);
    await (await sync?.catch(() => null))?.stop();
  }

  async joinPage(workspaceId: WorkspaceId, pageId: PageId): Promise<void> {
    await (await this.workspaces.get(workspaceId))?.joinPage(pageId);
  }

  async leavePage(workspaceId: WorkspaceId, pageId: PageId): Promise<void> {
    await (await this.workspaces.get(workspaceId))?.leavePage(pageId);
  }

  /** "Add a peer by address": signal through its server too, in every workspace. */
  async addPeerAddress(address: string): Promise<void> {
    const verdict = checkSignalingUrl(address);
    if (!verdict.ok) throw new CommonplaceError('invalid-argument', `not a signaling address (${verdict.reason}): ${address}`);
    const url = verdict.url;
    if (this.peers.includes(url)) return;
    this.peers.push(url);
    for (const sync of this.workspaces.values()) (await sync.catch(() => null))?.addSignalingUrl(url);
  }

  /** Stops signaling through a server (a discovered host that left); open connections stay. */
  async removePeerAddress(address: string): Promise<void> {
    const verdict = checkSignalingUrl(address);
    const url = verdict.ok ? verdict.url : address;
    const index = this.peers.indexOf(url);
    if (index < 0) return;
    this.peers.splice(index, 1);
    for (const sync of this.workspaces.values()) (await sync.catch(() => null))?.removeSignalingUrl(url);
  }

  async close(): Promise<void> {
    const all = [...this.workspaces.keys()];
    await Promise.all(all.map((id) => this.stopWorkspace(id)));
    await this.server?.close();
  }
}
