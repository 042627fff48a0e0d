/**
 * HostSync: peer sync as the Host composes it — the SyncService (signaling server, PeerSync per
 * open workspace), invites and joining, the visible status with its change events, settings, and
 * the deep link waiting for the renderer.
 *
 * Wiring (host.ts):
 *   open:        hostSync = await HostSync.start({ dataDir, identity, workspaces }, options.sync)
 *                — every workspace that opens starts syncing (WorkspaceService.onDidOpen)
 *   doc stream:  hostSync.joinDoc(workspaceId, docId) on open, leaveDoc on close
 *   close:       await hostSync.close()   — before the workspaces close
 *   discovery:   started here unless `discovery: false` (LanDiscovery, mDNS); every test that
 *                does not test discovery passes `--no-discovery` / `discovery: false`
 *
 * With `sync: false` (the CLI) nothing listens and nothing connects; links can still be made.
 */
import type { DiscoveryStatus, SyncChange, SyncStatus, WorkspaceSyncSettings } from '../../../shared/bridge/sync';
import { cleanSignalingUrls } from '../../../shared/bridge/sync-urls';
import { CommonplaceError } from '../../../shared/errors';
import type { DocId, PageId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import type { Identity } from '../workspace/identity';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';
import { advertisedSignalingUrls } from './advertised-addresses';
import { InviteCodes } from './invite-codes';
import { InviteService, type InviteRoles } from './invite-service';
import { PeerBook } from './peer-book';
import { SyncService, type SyncServiceOptions } from './sync-service';
import { loadHostSyncSettings, loadWorkspaceSyncSettings, saveHostSyncSettings, saveWorkspaceSyncSettings, MAX_SAVED_PEERS } from './sync-settings';
import { SyncTracker } from './sync-status';
import { discoveryStatusOf, StatusBoard } from './status-board';
import { LanDiscovery } from './discovery';
import type { IceServer } from './wrtc-types';

const log = createLogger('host-sync');

/** Where a signaling server listens unless told otherwise: this machine only. */
export const DEFAULT_SYNC_BIND = '127.0.0.1';

export interface HostSyncOptions {
  /** Where our signaling server listens, as a flag said; wins over `<data>/sync.json`'s `bind`. */
  readonly bind?: string;
  /** Where it listens when neither says: 127.0.0.1 unless given ('0.0.0.0' for the LAN: desktop, serve --peer). */
  readonly defaultBind?: string;
  /** A fixed port; without one, the port saved in `<data>/sync.json` when `persistPort`, else any free port. */
  readonly port?: number;
  /** Keep the port and reuse it next time, so peers that know our address find us (desktop, serve --peer). */
  readonly persistPort?: boolean;
  /** Peers' signaling servers to use from the start (`--peer-address`). */
  readonly peers?: readonly string[];
  readonly iceServers?: readonly IceServer[];
  /** False: LAN discovery turned off (a setting or `--no-discovery`). */
  readonly discovery?: boolean;
  /** Limit LAN discovery to these interface names or addresses (all able ones by default). */
  readonly discoveryInterfaces?: readonly string[];
  readonly watchdogMs?: number;
}

/** What HostSync needs of a discovery service (host/sync/discovery.ts LanDiscovery has it). */
export interface DiscoverySource {
  readonly state: { readonly status: string; readonly message?: string };
  onDidChangeState(listener: (state: { readonly status: string; readonly message?: string }) => void): () => void;
  stop(): Promise<void>;
}

interface Attached {
  readonly book: PeerBook;
  readonly settings: WorkspaceSyncSettings;
  readonly dispose: () => void;
}

export class HostSync {
  readonly invites: InviteService;
  private readonly attached = new Map<WorkspaceId, Attached>();
  /** Docs renderers hold open, per workspace, with how many streams each: rejoined when sync restarts. */
  private readonly openDocs = new Map<WorkspaceId, Map<PageId, number>>();
  private readonly closeHooked = new Set<WorkspaceId>();
  private readonly board = new StatusBoard();
  private readonly inviteListeners = new Set<(link: string) => void>();
  private readonly disposers: Array<() => void> = [];
  private discoverySource: DiscoverySource | null = null;
  private discovery: DiscoveryStatus;
  private pendingInvite: string | null = null;
  private closed = false;

  private constructor(
    private readonly context: { readonly dataDir: string; readonly identity: Identity; readonly workspaces: WorkspaceService; readonly roles?: InviteRoles },
    private readonly options: HostSyncOptions | false,
    readonly service: SyncService | null,
    codes: InviteCodes | null,
  ) {
    this.discovery = !service
      ? { state: 'off', reason: 'sync is off in this host' }
      : options && options.discovery === false
        ? { state: 'off', reason: 'LAN discovery is turned off' }
        : { state: 'unavailable', reason: 'LAN discovery is not running' };
    this.invites = new InviteService({
      ...context,
      codes,
      addressesForInvite: (id) => this.addressesForInvite(id),
      lookupHosts: () => this.lookupHosts(),
    });
    // A workspace whose sync cannot start still opens (and reads offline): log, never throw.
    const attach = (workspace: OpenWorkspace) => this.attach(workspace).catch((error: unknown) => log.error(`sync of ${workspace.id} did not start`, error));
    if (service) this.disposers.push(context.workspaces.onDidOpen(attach));
  }

  static async start(
    context: {
      readonly dataDir: string;
      readonly identity: Identity;
      readonly workspaces: WorkspaceService;
      /** The members and keys of each workspace, for authenticated rooms (SyncServiceOptions.authFor). */
      readonly authFor?: SyncServiceOptions['authFor'];
      /** Signed role grants for invites (invite-roles.ts). */
      readonly roles?: InviteRoles;
    },
    options: HostSyncOptions | false | undefined,
  ): Promise<HostSync> {
    if (!options) return new HostSync(context, false, null, null);
    const saved = await loadHostSyncSettings(context.dataDir);
    const codes = new InviteCodes();
    const peers = cleanSignalingUrls([...(options.peers ?? []), ...saved.peers]);
    const start = (port: number | undefined) =>
      SyncService.start({
        hostId: context.identity.id,
        bind: options.bind ?? saved.bind ?? options.defaultBind ?? DEFAULT_SYNC_BIND,
        port,
        peers,
        iceServers: options.iceServers,
        watchdogMs: options.watchdogMs,
        authFor: context.authFor,
        onHttpRequest: (request, response) => codes.handle(request, response),
      });
    const wanted = options.port ?? (options.persistPort ? (saved.port ?? 0) : 0);
    const service = await start(wanted).catch((error: unknown) => {
      // The saved port is taken (another program, another instance): any free one will do.
      if (options.port !== undefined || wanted === 0) throw error;
      log.warn(`port ${wanted} is taken; listening on another`, error);
      return start(0);
    });
    if (options.persistPort && service.server && service.server.port !== saved.port) {
      await saveHostSyncSettings(context.dataDir, { ...saved, port: service.server.port });
    }
    const hostSync = new HostSync(context, options, service, codes);
    const server = service.server;
    if (hostSync.discoveryWanted && server) {
      // Bound to loopback, discovery opens no socket and reports 'loopback-only'.
      const discovery = await LanDiscovery.start({
        port: server.port,
        bind: server.bindAddress,
        interfaces: options.discoveryInterfaces,
        onPeer: (url) => hostSync.addPeerAddress(url, { save: false }),
        onPeerGone: (url) => hostSync.removePeerAddress(url),
      });
      hostSync.attachDiscovery(discovery);
    }
    return hostSync;
  }

  /** Our signaling addresses, for others to reach us. */
  addresses(): string[] {
    const server = this.service?.server;
    return server ? advertisedSignalingUrls(server.bindAddress, server.port) : [];
  }

  // ---- doc streams ----

  /** A renderer opened a doc: join its live room (the workspace doc's room is always joined). */
  joinDoc(workspaceId: WorkspaceId, doc: DocId): void {
    if (!this.service || doc === workspaceId) return;
    const docId = roomDoc(doc);
    let docs = this.openDocs.get(workspaceId);
    if (!docs) this.openDocs.set(workspaceId, (docs = new Map()));
    docs.set(docId, (docs.get(docId) ?? 0) + 1);
    this.service.joinPage(workspaceId, docId).catch((error: unknown) => log.warn(`could not join the room of ${docId}`, error));
  }

  async leaveDoc(workspaceId: WorkspaceId, doc: DocId): Promise<void> {
    const docId = roomDoc(doc);
    const docs = this.openDocs.get(workspaceId);
    const count = docs?.get(docId);
    if (!this.service || !docs || count === undefined) return;
    if (count > 1) docs.set(docId, count - 1);
    else docs.delete(docId);
    await this.service.leavePage(workspaceId, docId).catch((error: unknown) => log.warn(`could not leave the room of ${docId}`, error));
  }

  // ---- peers and discovery ----

  /** Signal through this peer too, in every workspace; `save` keeps it for the next start. */
  async addPeerAddress(address: string, options: { save: boolean } = { save: true }): Promise<void> {
    if (!this.service) throw new CommonplaceError('unavailable', 'sync is off in this host');
    await this.service.addPeerAddress(address);
    if (options.save) {
      const saved = await loadHostSyncSettings(this.context.dataDir);
      const peers = cleanSignalingUrls([...saved.peers, address]).slice(-MAX_SAVED_PEERS);
      await saveHostSyncSettings(this.context.dataDir, { ...saved, peers });
    }
    this.board.emitAll();
  }

  async removePeerAddress(address: string): Promise<void> {
    await this.service?.removePeerAddress(address);
    this.board.emitAll();
  }

  /** Where discovery's state comes from, once it runs; stopped with this. */
  attachDiscovery(source: DiscoverySource): void {
    this.discoverySource = source;
    const update = (state: DiscoverySource['state']) => {
      this.discovery = discoveryStatusOf(state);
      this.board.emitAll();
    };
    update(source.state);
    this.disposers.push(source.onDidChangeState(update));
  }

  /** Whether discovery should run (sync on, not turned off). */
  get discoveryWanted(): boolean {
    return this.service !== null && this.options !== false && this.options.discovery !== false;
  }

  // ---- status ----

  async status(workspaceId: WorkspaceId): Promise<SyncStatus> {
    const workspace = await this.context.workspaces.get(workspaceId);
    const attached = this.attached.get(workspaceId);
    const tracked = this.board.tracker(workspaceId)?.status() ?? { peers: [], pending: [], pendingCount: 0, progress: { done: 0, total: 0 }, stalled: [] };
    return {
      workspaceId: workspace.id,
      running: attached !== undefined,
      ...tracked,
      discovery: this.discovery,
      addresses: this.addresses(),
      knownPeers: [...new Set([...(this.service?.peerAddresses ?? []), ...(attached?.settings.signaling ?? [])])],
    };
  }

  async settings(workspaceId: WorkspaceId): Promise<WorkspaceSyncSettings> {
    return loadWorkspaceSyncSettings((await this.context.workspaces.get(workspaceId)).dir);
  }

  /** Saves a workspace's settings and restarts its sync with them. */
  async setSettings(workspaceId: WorkspaceId, settings: WorkspaceSyncSettings): Promise<WorkspaceSyncSettings> {
    const workspace = await this.context.workspaces.get(workspaceId);
    const saved = await saveWorkspaceSyncSettings(workspace.dir, settings);
    if (this.service && this.attached.has(workspaceId)) {
      await this.detach(workspaceId);
      await this.attach(workspace);
    }
    return saved;
  }

  // ---- deep links ----

  /** An invite link the OS opened the app with: kept until the renderer takes it, and announced. */
  receiveInvite(link: string): void {
    this.pendingInvite = link;
    for (const listener of this.inviteListeners) listener(link);
  }

  takeInvite(): string | null {
    const link = this.pendingInvite;
    this.pendingInvite = null;
    return link;
  }

  onDidReceiveInvite(cb: (link: string) => void): () => void {
    this.inviteListeners.add(cb);
    return () => void this.inviteListeners.delete(cb);
  }

  onDidChange(cb: (change: SyncChange) => void): () => void {
    return this.board.onDidChange(cb);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.board.close();
    for (const dispose of this.disposers.splice(0)) dispose();
    await this.discoverySource?.stop().catch((error: unknown) => log.warn('could not stop discovery', error));
    await Promise.all([...this.attached.keys()].map((id) => this.detach(id)));
    await this.service?.close();
  }

  // ---- internals ----

  private async attach(workspace: OpenWorkspace): Promise<void> {
    if (!this.service || this.closed || this.attached.has(workspace.id)) return;
    const [settings, book] = await Promise.all([loadWorkspaceSyncSettings(workspace.dir), PeerBook.load(workspace.dir)]);
    const sync = await this.service.startWorkspace(workspace, settings);
    const tracker = new SyncTracker({ selfId: this.context.identity.id, root: workspace.root }, sync, book);
    const changed = () => this.board.changed(workspace.id);
    const off = [sync.onDidChangePeers(changed), sync.onProgress(changed)];
    this.attached.set(workspace.id, { book, settings, dispose: () => off.forEach((fn) => fn()) });
    this.board.add(workspace.id, tracker);
    // Streams already open (sync restarted with new settings) join their rooms again.
    for (const [docId, count] of this.openDocs.get(workspace.id) ?? []) {
      for (let n = 0; n < count; n++) await sync.joinPage(docId).catch((error: unknown) => log.warn(`could not rejoin ${docId}`, error));
    }
    if (this.closeHooked.has(workspace.id)) return;
    this.closeHooked.add(workspace.id);
    workspace.onWillClose(async () => {
      this.closeHooked.delete(workspace.id);
      this.openDocs.delete(workspace.id);
      await this.detach(workspace.id);
    });
  }

  private async detach(workspaceId: WorkspaceId): Promise<void> {
    const attached = this.attached.get(workspaceId);
    this.attached.delete(workspaceId);
    this.board.remove(workspaceId);
    attached?.dispose();
    await this.service?.stopWorkspace(workspaceId);
    await attached?.book.close();
  }

  private async addressesForInvite(workspaceId: WorkspaceId): Promise<string[]> {
    const settings = await loadWorkspaceSyncSettings((await this.context.workspaces.get(workspaceId)).dir);
    return cleanSignalingUrls([...this.addresses(), ...(this.service?.peerAddresses ?? []), ...settings.signaling]);
  }

  private async lookupHosts(): Promise<string[]> {
    const fromWorkspaces = [...this.attached.values()].flatMap((a) => a.settings.signaling);
    return cleanSignalingUrls([...(this.service?.peerAddresses ?? []), ...fromWorkspaces, ...this.addresses()]);
  }
}

/**
 * A doc with a live room of its own: a page, or a page's comments doc. Both have 32-hex ids and
 * are loaded the same way; PeerSync's page rooms take either (catch-up fetches pages only).
 */
const roomDoc = (docId: DocId): PageId => docId as PageId;
