/**
 * PeerSync: peer-to-peer sync of one open workspace.
 *
 * - The workspace doc's room is joined for as long as sync runs; each page's room while the page
 *   is open locally (`joinPage` / `leavePage`, reference-counted), for live co-editing and presence.
 * - Catch-up (catch-up.ts) brings every other page that differs up to date over the workspace
 *   room's connections; peers learn what differs from each page's digest (page-docs.ts), which
 *   each host sends in full when a connection opens and then as pages change. "Pages" here are
 *   the page docs the workspace lists and each one's comments doc (comments, answers, votes):
 *   comments made while two hosts were apart reach each other too, not only through live rooms.
 *   A comments doc is fetched from members who may comment, and written as far as the comments
 *   policy lets the sender; a host without this code answers PAGE_UNKNOWN for one, harmlessly.
 * - Everything a peer changes is applied with origin `{ kind: 'peer', peer }`: the store persists
 *   it and renderer streams forward it like any change — if the peer's role permits it: every
 *   connection is a member authenticated by the member-key handshake (auth-handshake.ts), and
 *   its updates pass the role policy (room-guard.ts; catch-up applies page data the same way).
 *   Pages are fetched only from members who may write pages, and served only to members.
 * - When the workspace key rotates (a member was removed; auth-keys.ts), every room moves to the
 *   new key; the previous key's workspace room stays open as a lobby (auth-rooms.ts).
 *
 * It is started per open workspace by the host (see the report of this module for the wiring).
 */
import type * as Y from 'yjs';
import type { PageId } from '../../../shared/ids';
import { isPageId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { getPagesMap } from '../../../shared/model';
import { commentsDocId } from '../../../shared/model/comments-doc';
import { questionAskerOf } from '../../../shared/model/question-policy';
import { ASK_ROLE, checkWrite, docKindOf, WRITE_ROLE, type DocKind } from '../../../shared/model/roles-policy';
import { CatchUp, digestAfterExchange, type SyncProgress } from './catch-up';
import { GuardedDoc } from './guarded-doc';
import { decodeDigests, encodeDigests, MSG_DIGESTS } from './messages';
import { EMPTY_DIGEST, PageDocs, type SyncWorkspace } from './page-docs';
import type { RemotePeer } from './room-guard';
import { PageRooms } from './page-rooms';
import type { SyncRoom } from './sync-room';
import { WorkspaceRooms, type SyncAuth } from './auth-rooms';
import type { IceServer } from './wrtc-types';

const log = createLogger('peer-sync');

/** Changed digests are sent to peers at most this often. */
export const DIGEST_BROADCAST_MS = 50;
/** Without DocRegistry.onDidUpdate: how often the store is checked for pages written while sync did not hold them. */
export const STORE_WATCH_MS = 1_000;

export interface PeerSyncOptions {
  readonly workspace: SyncWorkspace;
  /** Who we are in handshakes, whom we let in, what each may write, and the workspace key. */
  readonly auth: SyncAuth;
  /** Signaling servers: our own, and those of peers we know. Never a public default. */
  readonly signaling: readonly string[];
  /** STUN/TURN servers; none by default (a LAN needs none, and the defaults phone home). */
  readonly iceServers?: readonly IceServer[];
  readonly watchdogMs?: number;
  /** Fetch pages that differ from peers' (default true; off only in tests and benchmarks). */
  readonly catchUp?: boolean;
}

export interface SyncPeer {
  readonly hostId: string;
  readonly connectedAt: number;
  /** The peer's role now. */
  readonly role: string | null;
}

export type PageSyncState = 'synced' | 'differs' | 'unknown';

/** A doc whose digest differs from a peer's: a page, or a page's comments doc; `pageId` is the page either way. */
export interface DocDifference {
  readonly docId: PageId;
  readonly pageId: PageId;
  readonly mine: string;
  readonly theirs: string;
}

export class PeerSync {
  private readonly pages: PageDocs;
  private readonly catchUp: CatchUp;
  private readonly rootGuard: GuardedDoc;
  private readonly peersByHost = new Map<string, { peer: RemotePeer; connectedAt: number }>();
  private readonly theirDigests = new Map<string, Map<PageId, string>>();
  private readonly pageRooms: PageRooms;
  private readonly pendingDigests = new Map<PageId, string>();
  /** Comments doc id → its page, for every page listed since we started (a deleted page's is removed). */
  private readonly commentsDocs = new Map<PageId, PageId>();
  private readonly peerListeners = new Set<(peers: SyncPeer[]) => void>();
  private readonly signaling: string[];
  private workspaceRoom: WorkspaceRooms | null = null;
  /** Workspace-room connections of each host (a host may be in the current room and the lobby). */
  private readonly connections = new Set<RemotePeer>();
  private unwatchKey: (() => void) | null = null;
  private rekeying: Promise<void> = Promise.resolve();
  private broadcastTimer: ReturnType<typeof setTimeout> | null = null;
  private storeWatch: ReturnType<typeof setInterval> | null = null;
  private unwatchDocs: (() => void) | null = null;
  private rescanning = false;
  private stopped = false;
  /**
   * Docs a connected peer has (by its digests) that are ours but not digested here yet: not
   * compared, so neither known to differ nor known not to. A host that has just taken in the
   * workspace doc lists thousands of pages it has not digested yet; progress counts them as work
   * to come. Kept as digests and peers come and go (`recountUndigested` when it is not simple).
   */
  private readonly undigested = new Set<PageId>();
  /**
   * Whether our first digest scan is done. Until then we tell peers no digests: a table that
   * lacks pages we have not digested yet would tell them we lack those pages (and let them think
   * themselves in sync with us); they get the whole table once it is done.
   */
  private digestsComplete = false;
  /** Connected hosts whose whole digest table (not only changes) has come. */
  private readonly fullTables = new Set<string>();
  /** Docs a scan could not digest (they could not be loaded): not waited for as "not compared yet". */
  private readonly undigestable = new Set<PageId>();
  /** Page rooms being left: `stop` waits for them too (their peer connections are still closing). */
  private readonly leaving = new Set<Promise<void>>();
  /** Resolves when the first digest scan is done. */
  ready: Promise<void> = Promise.resolve();

  private constructor(private readonly options: PeerSyncOptions) {
    this.signaling = [...options.signaling];
    this.pages = new PageDocs(
      options.workspace,
      (pageId, digest) => this.digestChanged(pageId, digest),
      (pageId) => this.digestFailed(pageId),
    );
    this.catchUp = new CatchUp({
      pages: this.pages,
      isKnownPage: (docId) => this.isKnownDoc(docId),
      peerFor: (hostId) => this.peersByHost.get(hostId)?.peer,
      assumeDigest: (hostId, pageId, digest, answered) => {
        const table = this.theirDigests.get(hostId);
        table?.set(pageId, digestAfterExchange(table.get(pageId), answered, digest));
      },
      reconsider: (pageId, hostId) => this.consider(pageId, hostId),
      writeCheck: (peer, pageId) => (changes, before, after) =>
        checkWrite(peer.role, this.kindOf(pageId), changes, before, after, peer.hostId, this.askerOf(pageId)),
    });
    this.rootGuard = new GuardedDoc(options.workspace.root.doc);
    const { auth, iceServers = [], watchdogMs } = options;
    this.pageRooms = new PageRooms(this.pages, {
      workspaceKey: auth.keys.current.key,
      auth,
      kindOf: (docId) => this.kindOf(docId),
      askerOf: (docId) => this.askerOf(docId),
      signaling: this.signaling,
      iceServers,
      watchdogMs,
    });
  }

  static async start(options: PeerSyncOptions): Promise<PeerSync> {
    const sync = new PeerSync(options);
    await sync.begin();
    return sync;
  }

  /** A page, or a page's comments doc (a doc the workspace does not list is judged as a page: nobody below contributor writes it). */
  private kindOf(docId: PageId): DocKind {
    const kind = docKindOf(this.options.workspace.root.doc, docId);
    return kind === 'comments' ? 'comments' : 'page';
  }

  /** Who asked the question a page is (null: not a question, or not a page); its asker, a commenter, may write it. */
  private askerOf(docId: PageId): string | null {
    return questionAskerOf(this.options.workspace.root.doc, docId);
  }

  /** A page the workspace lists, or the comments doc of one. */
  private isKnownDoc(docId: PageId): boolean {
    if (this.pagesMap.has(docId)) return true;
    const pageId = this.commentsDocs.get(docId);
    return pageId !== undefined && this.pagesMap.has(pageId);
  }

  /** The docs catch-up keeps in step for these pages: each page doc and its comments doc. */
  private docsOf(pageIds: Iterable<string>): PageId[] {
    const docs: PageId[] = [];
    for (const pageId of pageIds) {
      if (!isPageId(pageId)) continue;
      const comments = commentsDocId(pageId) as string as PageId; // sync's docs are keyed as pages (page-rooms.ts)
      this.commentsDocs.set(comments, pageId);
      docs.push(pageId, comments);
    }
    return docs;
  }

  private get pagesMap(): Y.Map<unknown> {
    return getPagesMap(this.options.workspace.root.doc) as Y.Map<unknown>;
  }

  /** Joins the page's room while it is open locally (call once per local opener). */
  joinPage(pageId: PageId): Promise<void> {
    return this.pageRooms.join(pageId);
  }

  leavePage(pageId: PageId): Promise<void> {
    const left = this.pageRooms.leave(pageId);
    const settled = left.catch(() => undefined).finally(() => this.leaving.delete(settled));
    this.leaving.add(settled);
    return left;
  }

  /** Also signal through this server ("add a peer by address", or one discovery found). */
  addSignalingUrl(url: string): void {
    if (this.signaling.includes(url)) return;
    this.signaling.push(url);
    this.workspaceRoom?.addSignalingUrl(url);
    this.pageRooms.addSignalingUrl(url);
  }

  /** Stops signaling through this server (a discovered host that left). */
  removeSignalingUrl(url: string): void {
    const index = this.signaling.indexOf(url);
    if (index < 0) return;
    this.signaling.splice(index, 1);
    this.workspaceRoom?.removeSignalingUrl(url);
    this.pageRooms.removeSignalingUrl(url);
  }

  /** Per connected peer: the docs (pages and their comments docs) whose digests (both known) differ from ours. */
  differences(): Map<string, DocDifference[]> {
    const out = new Map<string, DocDifference[]>();
    for (const hostId of this.peersByHost.keys()) {
      const list: DocDifference[] = [];
      for (const [docId, theirs] of this.theirDigests.get(hostId) ?? []) {
        const mine = this.pages.digests.get(docId);
        if (mine === undefined || mine === theirs) continue;
        const pageId = this.pageOf(docId);
        if (pageId !== null) list.push({ docId, pageId, mine, theirs });
      }
      out.set(hostId, list);
    }
    return out;
  }

  /** The page a doc belongs to (itself, or the page whose comments doc it is), if the workspace lists it. */
  private pageOf(docId: PageId): PageId | null {
    const pageId = this.pagesMap.has(docId) ? docId : this.commentsDocs.get(docId);
    return pageId !== undefined && this.pagesMap.has(pageId) ? pageId : null;
  }

  /**
   * Whether a peer's state is known (it is "compared"): its workspace doc judged (until then the
   * pages it has are not even listed here, so none can differ), its whole digest table in, and
   * every page it lists digested here.
   */
  knowsStateOf(hostId: string): boolean {
    const table = this.theirDigests.get(hostId);
    if (!table || !this.fullTables.has(hostId) || this.peersByHost.get(hostId)?.peer.stateReceived !== true) return false;
    if (this.undigested.size > 0) for (const docId of table.keys()) if (this.undigested.has(docId)) return false;
    return true;
  }

  /** Whether a doc of a peer's (its digest `theirs`) is ours and not digested here yet. */
  private isUndigested(docId: PageId, theirs: string | undefined): boolean {
    return theirs !== undefined && theirs !== EMPTY_DIGEST && !this.pages.digests.has(docId) && !this.undigestable.has(docId) && this.isKnownDoc(docId);
  }

  private recountUndigested(): void {
    this.undigested.clear();
    for (const hostId of this.peersByHost.keys()) {
      for (const [docId, theirs] of this.theirDigests.get(hostId) ?? []) if (this.isUndigested(docId, theirs)) this.undigested.add(docId);
    }
    this.catchUp.progressChanged();
  }

  /** Recomputes a page's digest after a change made outside sync's view (e.g. a host-side write). */
  refreshDigest(pageId: PageId): Promise<void> {
    return this.pages.refresh(pageId);
  }

  peers(): SyncPeer[] {
    return [...this.peersByHost].map(([hostId, { connectedAt, peer }]) => ({ hostId, connectedAt, role: peer.role }));
  }

  onDidChangePeers(listener: (peers: SyncPeer[]) => void): () => void {
    this.peerListeners.add(listener);
    return () => void this.peerListeners.delete(listener);
  }

  /**
   * Catch-up's round, with the pages connected peers have that we have not compared yet counted
   * in: they are work to come, and the total does not creep up while our digests are computed.
   */
  progress(): SyncProgress {
    const { done, total } = this.catchUp.progress();
    // Disjoint: catch-up wants only pages whose digests (ours too) are known.
    return { done, total: total + this.undigested.size };
  }

  onProgress(listener: (progress: SyncProgress) => void): () => void {
    return this.catchUp.onProgress(() => listener(this.progress()));
  }

  /** Resolves once no page is being fetched. */
  whenCaughtUp(): Promise<void> {
    return this.catchUp.whenIdle();
  }

  /** Whether our page matches what every connected peer last told us of it. */
  pageState(pageId: PageId): PageSyncState {
    const mine = this.pages.digests.get(pageId);
    if (!mine) return 'unknown';
    for (const hostId of this.peersByHost.keys()) {
      const theirs = this.theirDigests.get(hostId)?.get(pageId);
      if (theirs === undefined) return 'unknown';
      if (theirs !== mine) return 'differs';
    }
    return 'synced';
  }

  /** Hosts connected in a page's live room (empty if we have not joined it). */
  pagePeers(pageId: PageId): string[] {
    return this.pageRooms.peersOf(pageId);
  }

  /** The rooms now open (the workspace room first), for diagnostics and the watchdog's counters. */
  rooms(): SyncRoom[] {
    return [...(this.workspaceRoom?.rooms() ?? []), ...this.pageRooms.rooms()];
  }

  /** Messages refused so far in every room: malformed, or writes beyond the sender's role. */
  refusedMessages(): number {
    return this.rooms().reduce((n, room) => n + room.refused, this.catchUp.refusedWrites);
  }

  /** Moves every room to the workspace key now current (after a rotation). */
  rekey(): Promise<void> {
    this.rekeying = this.rekeying.then(async () => {
      if (this.stopped) return;
      log.warn(`workspace ${this.options.workspace.id}: moving every room to key epoch ${this.options.auth.keys.current.epoch}`);
      await this.workspaceRoom?.rekey();
      await this.pageRooms.rekey(this.options.auth.keys.current.key);
    });
    return this.rekeying;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unwatchKey?.();
    await this.rekeying;
    this.pagesMap.unobserve(this.onPagesChange);
    if (this.broadcastTimer) clearTimeout(this.broadcastTimer);
    if (this.storeWatch) clearInterval(this.storeWatch);
    this.unwatchDocs?.();
    this.catchUp.stop();
    // With the page rooms still being left: each resolves only once its peer connections are
    // closed natively (a while when a peer does not answer: node-wrtc.ts); together, so waits do not add up.
    await Promise.all([this.pageRooms.closeAll(), this.workspaceRoom?.destroy(), ...this.leaving]);
    await this.pages.closeAll();
    this.rootGuard.destroy();
  }

  // ---- start ----

  private async begin(): Promise<void> {
    const { workspace, auth, iceServers = [], watchdogMs } = this.options;
    this.workspaceRoom = await WorkspaceRooms.open({
      docId: workspace.id,
      doc: this.rootGuard,
      awareness: workspace.root.awareness,
      auth,
      signaling: this.signaling,
      iceServers,
      watchdogMs,
      onPeerOpen: (peer) => this.peerOpened(peer),
      onPeerClose: (peer) => this.peerClosed(peer),
      onMessage: (peer, type, message) => this.received(peer, type, message),
    });
    this.unwatchKey = auth.keys.onDidChangeKey(() => void this.rekey().catch((error: unknown) => log.error('could not move to the new key', error)));
    this.pagesMap.observe(this.onPagesChange);
    this.ready = this.pages
      .scan(this.docsOf(this.pagesMap.keys()), () => this.stopped)
      .catch((error: unknown) => log.error('the first digest scan failed; telling peers what it digested', error))
      .then(() => {
        this.digestsComplete = true;
        this.sendAllDigests();
      });
    if (workspace.docs) {
      this.unwatchDocs = workspace.docs.onDidUpdate((entry) => {
        if (isPageId(entry.docId) && entry.docId !== workspace.id) this.pages.noteWritten(entry.docId);
      });
    } else {
      this.storeWatch = setInterval(() => this.rescanChanged(), STORE_WATCH_MS);
      this.storeWatch.unref();
    }
  }

  /** Recomputes the digests of pages written while we did not hold them (page-docs.ts). */
  private rescanChanged(): void {
    if (this.rescanning || this.stopped) return;
    const changed = this.pages.changedInStore(this.docsOf(this.pagesMap.keys()));
    if (changed.length === 0) return;
    log.debug(`pages written outside sync: ${changed.join(', ')}`);
    this.rescanning = true;
    void this.pages.scan(changed, () => this.stopped).finally(() => (this.rescanning = false));
  }

  // ---- peers and digests ----

  private peerOpened(peer: RemotePeer): void {
    this.connections.add(peer);
    this.peersByHost.set(peer.hostId, { peer, connectedAt: Date.now() });
    if (this.digestsComplete) peer.send(encodeDigests({ full: true, entries: this.pages.digests })); // else once they are
    this.emitPeers();
  }

  private peerClosed(peer: RemotePeer): void {
    this.connections.delete(peer);
    if (this.peersByHost.get(peer.hostId)?.peer === peer) {
      this.peersByHost.delete(peer.hostId);
      // Still connected to that host in another of our workspace rooms (the lobby): use that one.
      const other = [...this.connections].find((c) => c.hostId === peer.hostId && c.isOpen);
      if (other) this.peersByHost.set(other.hostId, { peer: other, connectedAt: Date.now() });
      else this.fullTables.delete(peer.hostId); // a table is whole only as long as its host is here to keep it so
    }
    this.catchUp.peerClosed(peer);
    this.recountUndigested();
    this.emitPeers();
  }

  private received(peer: RemotePeer, type: number, message: Uint8Array): void {
    if (type !== MSG_DIGESTS) return this.catchUp.handle(peer, type, message);
    const digests = decodeDigests(message);
    if (!digests) return log.warn(`host ${peer.hostId} sent malformed digests`);
    let table = this.theirDigests.get(peer.hostId);
    if (!table || digests.full) this.theirDigests.set(peer.hostId, (table = new Map()));
    if (digests.full) this.fullTables.add(peer.hostId);
    for (const [pageId, digest] of digests.entries) {
      table.set(pageId, digest);
      if (this.isUndigested(pageId, digest)) this.undigested.add(pageId);
      this.consider(pageId, peer.hostId);
    }
    if (digests.full) this.recountUndigested(); // what the table replaced may have been all that waited
  }

  /** A page could not be digested: sync cannot compare it, and progress and status stop waiting for it. */
  private digestFailed(pageId: PageId): void {
    this.undigestable.add(pageId);
    if (this.undigested.delete(pageId)) this.catchUp.progressChanged();
  }

  private digestChanged(pageId: PageId, digest: string): void {
    log.debug(`digest of page ${pageId} is now ${digest}`);
    this.undigestable.delete(pageId);
    const wasWaiting = this.undigested.delete(pageId);
    this.pendingDigests.set(pageId, digest);
    if (this.digestsComplete) this.broadcastTimer ??= setTimeout(() => this.broadcastDigests(), DIGEST_BROADCAST_MS);
    for (const hostId of this.peersByHost.keys()) this.consider(pageId, hostId);
    // Compared now: done in this round of progress unless `consider` queued it for fetching (a
    // restarted host counts up through its pages as it digests them; its total does not shrink).
    if (wasWaiting) this.catchUp.countDone(pageId);
  }

  /** Fetches the page from the host if our digests differ and it has something we may lack. */
  private consider(pageId: PageId, hostId: string): void {
    const mine = this.pages.digests.get(pageId);
    const theirs = this.theirDigests.get(hostId)?.get(pageId);
    if (mine === undefined || theirs === undefined || mine === theirs) return;
    if (theirs === EMPTY_DIGEST || !this.isKnownDoc(pageId) || this.options.catchUp === false) return;
    if (this.isLiveWith(pageId, hostId)) return; // the page's room keeps us in step already
    const least = WRITE_ROLE[this.pagesMap.has(pageId) ? 'page' : 'comments'];
    const peer = this.peersByHost.get(hostId)?.peer;
    // It may not write this doc (unless it is a question it asked): nothing to take from it.
    if (peer === undefined || (!peer.may(least) && !(this.askerOf(pageId) === hostId && peer.may(ASK_ROLE)))) return;
    log.debug(`page ${pageId} differs from host ${hostId}: fetching it`);
    this.catchUp.want(pageId, hostId);
  }

  private isLiveWith(pageId: PageId, hostId: string): boolean {
    return this.pageRooms.peersOf(pageId).includes(hostId);
  }

  private broadcastDigests(): void {
    this.broadcastTimer = null;
    if (this.pendingDigests.size === 0 || this.stopped) return;
    const message = encodeDigests({ full: false, entries: new Map(this.pendingDigests) });
    this.pendingDigests.clear();
    for (const { peer } of this.peersByHost.values()) peer.send(message);
  }

  private sendAllDigests(): void {
    if (this.stopped) return;
    this.pendingDigests.clear();
    const message = encodeDigests({ full: true, entries: this.pages.digests });
    for (const { peer } of this.peersByHost.values()) peer.send(message);
  }

  private readonly onPagesChange = (event: Y.YMapEvent<unknown>): void => {
    const added: PageId[] = [];
    for (const [key, change] of event.changes.keys) {
      if (!isPageId(key)) continue;
      if (change.action === 'add') added.push(key);
      else if (change.action === 'delete') {
        // Deleted forever: the host deletes both docs from the store (workspace-service.ts, question-service.ts).
        const comments = commentsDocId(key) as string as PageId;
        this.commentsDocs.delete(comments);
        this.pages.forget(key);
        this.pages.forget(comments);
      }
    }
    if (added.length > 0) void this.pages.scan(this.docsOf(added), () => this.stopped);
    // Pages a peer has are listed here now (or gone): until digested they are work to come.
    if (this.peersByHost.size > 0 && event.changes.keys.size > 0) this.recountUndigested();
  };

  private emitPeers(): void {
    const peers = this.peers();
    for (const listener of this.peerListeners) {
      try {
        listener(peers);
      } catch (error) {
        log.error('a peers listener threw', error);
      }
    }
  }
}
