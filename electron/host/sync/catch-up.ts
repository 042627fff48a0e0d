/**
 * Catch-up: bring every page that differs from a peer's up to date, not only the open ones.
 *
 * Runs over the workspace room's data channels, which are open whenever two hosts of a workspace
 * meet. For each page to fetch (a few at a time, CATCHUP_CONCURRENCY), the requester sends its
 * state vector; the responder answers with what the requester lacks, its own state vector and
 * digest; the requester applies it and, if its digest now differs from the responder's, pushes
 * back what the responder lacks. Three messages per page, whatever its size (the framing carries
 * big ones), and no extra WebRTC connection.
 *
 * Why not a y-webrtc room per page for catch-up (the first design): joining a room costs a
 * signaling round, an ICE + DTLS handshake and y-webrtc's PBKDF2 of the room password — about a
 * quarter of a second — and both peers must happen to join the same room at the same time.
 * Multiplexed on the connection that already exists, 1,000 pages take seconds, not minutes.
 *
 * Only pages in our workspace doc's page map, and their comments docs (peer-sync.ts), are served
 * or written: a peer cannot create docs we do not list, nor read one we do not have. Roles
 * (issue 5): pages are served only to a peer that is a member now (a removed member's requests
 * are refused even before its connection closes), and what a peer sends is applied only as far
 * as the write policy lets its role (`writeCheck`: a commenter's or reader's page data that would
 * change anything is refused; a commenter's comments are not).
 */
import * as Y from 'yjs';
import type { PageId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import {
  decodePageData,
  decodePagePush,
  decodePageRequest,
  encodePageData,
  encodePagePush,
  encodePageRequest,
  MSG_PAGE_DATA,
  MSG_PAGE_PUSH,
  MSG_PAGE_REQUEST,
  PAGE_OK,
  PAGE_UNKNOWN,
  type PageData,
} from './messages';
import type { WriteCheck } from './guarded-doc';
import { digestOf, EMPTY_DIGEST, type PageDocs } from './page-docs';
import type { RemotePeer } from './room-guard';

const log = createLogger('sync-catch-up');

/** Pages fetched at once (and requests served at once per peer). */
export const CATCHUP_CONCURRENCY = 4;
/** A peer that has not answered a page request by then is skipped for that page. */
export const CATCHUP_REQUEST_TIMEOUT_MS = 30_000;
/**
 * A round of progress ("Syncing 120 / 1,000 pages") ends only after catch-up has been idle this
 * long: differences trickle in as digests are computed, and the count should not restart on each.
 */
export const PROGRESS_ROUND_GAP_MS = 2_000;
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

export interface SyncProgress {
  /** Pages brought up to date in this round of catch-up. */
  readonly done: number;
  /** Pages found to differ in this round (grows as peers' digests arrive). */
  readonly total: number;
}

export interface CatchUpContext {
  readonly pages: PageDocs;
  /** Whether the page is in our workspace doc's page map, or is the comments doc of one. */
  isKnownPage(pageId: PageId): boolean;
  /** The workspace-room peer of a host, if connected now. */
  peerFor(hostId: string): RemotePeer | undefined;
  /** After an exchange both sides hold the same page: note the peer's digest as ours. */
  assumeDigest(hostId: string, pageId: PageId, digest: string): void;
  /** The write policy for what the peer sends to a page. */
  writeCheck(peer: RemotePeer, pageId: PageId): WriteCheck;
}

export class CatchUp {
  /** Page updates from peers refused (malformed, or beyond the peer's role). */
  refusedWrites = 0;
  private readonly queue = new Map<PageId, Set<string>>();
  private readonly running = new Map<PageId, Set<string>>();
  private readonly replies = new Map<string, (data: PageData | null) => void>();
  private readonly serving = new Map<RemotePeer, { active: number; waiting: Array<() => void> }>();
  private readonly listeners = new Set<(progress: SyncProgress) => void>();
  private readonly idleWaiters: Array<() => void> = [];
  private done = 0;
  private total = 0;
  private idleSince = 0;
  private stopped = false;

  constructor(private readonly context: CatchUpContext) {}

  /** Fetch `pageId` from `hostId` (whose digest of it differs from ours). */
  want(pageId: PageId, hostId: string): void {
    if (this.stopped) return;
    const again = this.running.get(pageId);
    if (again) {
      again.add(hostId); // changed again while we fetch it: fetch once more afterwards
      return;
    }
    if (this.isIdle() && Date.now() - this.idleSince > PROGRESS_ROUND_GAP_MS) this.done = this.total = 0;
    const hosts = this.queue.get(pageId);
    if (hosts) hosts.add(hostId);
    else {
      this.queue.set(pageId, new Set([hostId]));
      this.total++;
      this.emit();
    }
    this.pump();
  }

  progress(): SyncProgress {
    return { done: this.done, total: this.total };
  }

  isIdle(): boolean {
    return this.queue.size === 0 && this.running.size === 0;
  }

  whenIdle(): Promise<void> {
    return this.isIdle() ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  onProgress(listener: (progress: SyncProgress) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Our catch-up messages arriving on the workspace room. */
  handle(peer: RemotePeer, type: number, message: Uint8Array): void {
    switch (type) {
      case MSG_PAGE_REQUEST: {
        const request = decodePageRequest(message);
        if (request) void this.serve(peer, () => this.answer(peer, request.pageId, request.stateVector));
        else log.warn(`host ${peer.hostId} sent a malformed page request`);
        return;
      }
      case MSG_PAGE_DATA: {
        const data = decodePageData(message);
        const reply = data && this.replies.get(replyKey(peer.hostId, data.pageId));
        if (reply) reply(data);
        else log.warn(`host ${peer.hostId} sent page data nobody asked for`);
        return;
      }
      case MSG_PAGE_PUSH: {
        const push = decodePagePush(message);
        if (push) void this.serve(peer, () => this.accept(peer, push.pageId, push.update));
        else log.warn(`host ${peer.hostId} sent a malformed page push`);
        return;
      }
      default:
        log.warn(`host ${peer.hostId} sent a message of unknown type ${type}`);
    }
  }

  peerClosed(peer: RemotePeer): void {
    for (const [key, reply] of this.replies) if (key.startsWith(`${peer.hostId} `)) reply(null);
    this.serving.delete(peer);
  }

  stop(): void {
    this.stopped = true;
    this.queue.clear();
    for (const reply of this.replies.values()) reply(null);
  }

  // ---- fetching ----

  private pump(): void {
    while (!this.stopped && this.running.size < CATCHUP_CONCURRENCY && this.queue.size > 0) {
      const [pageId, hosts] = this.queue.entries().next().value as [PageId, Set<string>];
      this.queue.delete(pageId);
      const again = new Set<string>();
      this.running.set(pageId, again);
      void this.fetch(pageId, hosts)
        .catch((error: unknown) => log.error(`catch-up of page ${pageId} failed`, error))
        .finally(() => {
          this.running.delete(pageId);
          this.done++;
          this.emit();
          for (const hostId of again) this.want(pageId, hostId);
          this.pump();
          if (!this.isIdle()) return;
          this.idleSince = Date.now();
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }

  private async fetch(pageId: PageId, hosts: ReadonlySet<string>): Promise<void> {
    const held = await this.context.pages.acquire(pageId);
    try {
      const doc = held.entry.doc;
      for (const hostId of hosts) {
        const peer = this.context.peerFor(hostId);
        if (!peer || this.stopped) continue;
        const reply = this.awaitReply(hostId, pageId);
        if (!peer.send(encodePageRequest(pageId, Y.encodeStateVector(doc)))) continue;
        const data = await reply;
        if (!data || data.status !== PAGE_OK) continue;
        if (!held.guarded.apply(data.update, peer.origin, this.context.writeCheck(peer, pageId))) {
          this.refusedWrites++;
          log.warn(`host ${hostId} sent an update of page ${pageId} that is malformed or beyond its role`);
          continue;
        }
        const digest = digestOf(doc);
        if (digest !== data.digest) {
          const back = diffFor(doc, data.stateVector);
          if (back) peer.send(encodePagePush(pageId, back));
        }
        this.context.assumeDigest(hostId, pageId, digest);
      }
    } finally {
      await this.context.pages.release(pageId);
    }
  }

  private awaitReply(hostId: string, pageId: PageId): Promise<PageData | null> {
    const key = replyKey(hostId, pageId);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), CATCHUP_REQUEST_TIMEOUT_MS);
      const finish = (data: PageData | null) => {
        clearTimeout(timer);
        if (this.replies.get(key) === finish) this.replies.delete(key);
        resolve(data);
      };
      this.replies.set(key, finish);
    });
  }

  // ---- serving ----

  /** Runs `task` when fewer than CATCHUP_CONCURRENCY of this peer's are running. */
  private async serve(peer: RemotePeer, task: () => Promise<void>): Promise<void> {
    let slot = this.serving.get(peer);
    if (!slot) this.serving.set(peer, (slot = { active: 0, waiting: [] }));
    const queue = slot;
    if (queue.active >= CATCHUP_CONCURRENCY) await new Promise<void>((resolve) => queue.waiting.push(resolve));
    queue.active++;
    try {
      if (!this.stopped && peer.isOpen) await task();
    } catch (error) {
      log.error(`serving host ${peer.hostId} failed`, error);
    } finally {
      queue.active--;
      queue.waiting.shift()?.();
    }
  }

  private async answer(peer: RemotePeer, pageId: PageId, stateVector: Uint8Array): Promise<void> {
    if (peer.role === null) return log.warn(`refused page ${pageId} to ${peer.hostId}, no longer a member`);
    if (!this.context.isKnownPage(pageId)) {
      peer.send(encodePageData({ pageId, status: PAGE_UNKNOWN, update: EMPTY_UPDATE, stateVector: EMPTY_STATE_VECTOR, digest: EMPTY_DIGEST }));
      return;
    }
    const held = await this.context.pages.acquire(pageId);
    try {
      const doc = held.entry.doc;
      const update = diffFor(doc, stateVector);
      if (!update) return log.warn(`host ${peer.hostId} sent a malformed state vector for page ${pageId}`);
      peer.send(encodePageData({ pageId, status: PAGE_OK, update, stateVector: Y.encodeStateVector(doc), digest: digestOf(doc) }));
    } finally {
      await this.context.pages.release(pageId);
    }
  }

  private async accept(peer: RemotePeer, pageId: PageId, update: Uint8Array): Promise<void> {
    if (!this.context.isKnownPage(pageId)) return log.warn(`host ${peer.hostId} pushed page ${pageId}, which we do not list`);
    const held = await this.context.pages.acquire(pageId);
    try {
      if (!held.guarded.apply(update, peer.origin, this.context.writeCheck(peer, pageId))) {
        this.refusedWrites++;
        log.warn(`host ${peer.hostId} pushed an update of page ${pageId} that is malformed or beyond its role`);
      }
    } finally {
      await this.context.pages.release(pageId);
    }
  }

  private emit(): void {
    const progress = this.progress();
    for (const listener of this.listeners) {
      try {
        listener(progress);
      } catch (error) {
        log.error('a progress listener threw', error);
      }
    }
  }
}

/** What `doc` has beyond `stateVector`; null if the state vector is malformed. */
function diffFor(doc: Y.Doc, stateVector: Uint8Array): Uint8Array | null {
  try {
    Y.decodeStateVector(stateVector);
    return Y.encodeStateAsUpdate(doc, stateVector);
  } catch {
    return null; // a peer's malformed state vector: nothing to send
  }
}

const replyKey = (hostId: string, pageId: PageId) => `${hostId} ${pageId}`;
