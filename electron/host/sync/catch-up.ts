/**
 * Catch-up: bring every page that differs from a peer's up to date, not only the open ones.
 *
 * Runs over the workspace room's data channels, which are open whenever two hosts of a workspace
 * meet. Pages to fetch are asked for in batches (up to CATCHUP_BATCH_PAGES pages from one host in
 * one request, CATCHUP_BATCHES requests at a time): the requester sends each page's state vector;
 * the responder answers, in messages of up to PAGE_DATA_MESSAGE_BYTES, with what the requester
 * lacks of each, its own state vector and digest; the requester applies them and, for each page
 * whose digest still differs from the responder's, pushes back what the responder lacks (again
 * many pages to a message). The framing carries pages of any size.
 *
 * Why batches: with one request and one answer per page, 1,000 small pages took ~3.8 s — each
 * message cost a data-channel send, wrtc's blocking buffer accounting and a round trip, while
 * their bytes need ~30 ms on the wire. Why not a y-webrtc room per page (the first design):
 * joining a room costs a signaling round, an ICE + DTLS handshake and y-webrtc's PBKDF2 of the
 * room password — about a quarter of a second — and both peers must join the same room at once.
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
  encodePageDataEntries,
  encodePageDataEntry,
  encodePagePushEntries,
  encodePagePushEntry,
  encodePageRequest,
  MSG_PAGE_DATA,
  MSG_PAGE_PUSH,
  MSG_PAGE_REQUEST,
  PAGE_OK,
  PAGE_UNKNOWN,
  type PageData,
  type PageWant,
} from './messages';
import type { WriteCheck } from './guarded-doc';
import { digestOf, EMPTY_DIGEST, type HeldPage, type PageDocs } from './page-docs';
import type { RemotePeer } from './room-guard';

const log = createLogger('sync-catch-up');

/** Most pages asked of one host in one request. */
export const CATCHUP_BATCH_PAGES = 64;
/** Requests in flight at once (and requests served at once per peer). */
export const CATCHUP_BATCHES = 2;
/** Page answers (and pushes) are sent in messages of about this size; a bigger page goes alone. */
export const PAGE_DATA_MESSAGE_BYTES = 256 * 1024;
/** Pages a responder loads at once while answering one request. */
export const SERVE_LOADS = 8;
/** A responder waits while this much of its output to the peer is still queued (memory bound). */
export const SERVE_BACKLOG_BYTES = 8 * 1024 * 1024;
const SERVE_BACKLOG_POLL_MS = 5;
/** A page still unanswered this long after the host last sent us any page data is skipped. */
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

/**
 * What to note as a peer's digest of a page after an exchange: ours (both hold the same now) —
 * unless what we hold of theirs (`held`) is no longer the digest its answer came with: it changed
 * the page after answering (its digest broadcast can overtake a late-flushed answer), and the
 * newer digest must stay, so that the page is fetched again.
 */
export function digestAfterExchange(held: string | undefined, answered: string, ours: string): string {
  return held === undefined || held === answered ? ours : held;
}

export interface CatchUpContext {
  readonly pages: PageDocs;
  /** Whether the page is in our workspace doc's page map, or is the comments doc of one. */
  isKnownPage(pageId: PageId): boolean;
  /** The workspace-room peer of a host, if connected now. */
  peerFor(hostId: string): RemotePeer | undefined;
  /**
   * After an exchange both sides hold the same page: note the peer's digest as ours (`digest`) —
   * unless what we hold of its digest is no longer `answered`, the one its answer came with: a
   * newer one arrived meanwhile (it changed the page after answering), and still differs.
   */
  assumeDigest(hostId: string, pageId: PageId, digest: string, answered: string): void;
  /**
   * A page changed (by its digests) while we fetched it: ask for it again (`want`) if it still
   * differs now that the fetch is in — it often does not: the change we saw was our own digest of
   * the page before the fetch wrote it.
   */
  reconsider(pageId: PageId, hostId: string): void;
  /** The write policy for what the peer sends to a page. */
  writeCheck(peer: RemotePeer, pageId: PageId): WriteCheck;
}

export class CatchUp {
  /** Page updates from peers refused (malformed, or beyond the peer's role). */
  refusedWrites = 0;
  /** Pages wanted, each with the hosts still to ask for it. */
  private readonly queue = new Map<PageId, Set<string>>();
  /** Pages being fetched, each with the hosts that changed it again meanwhile (asked once more after). */
  private readonly running = new Map<PageId, Set<string>>();
  private batches = 0;
  private readonly replies = new Map<string, (data: PageData | null) => void>();
  /** When each host last sent us page data: a batch's later answers queue behind its earlier ones. */
  private readonly lastHeard = new Map<string, number>();
  private readonly serving = new Map<RemotePeer, { active: number; waiting: Array<() => void> }>();
  private readonly listeners = new Set<(progress: SyncProgress) => void>();
  private readonly idleWaiters: Array<() => void> = [];
  /** This round's pages: every page wanted in it, and those of them brought up to date. */
  private readonly roundPages = new Set<PageId>();
  private readonly donePages = new Set<PageId>();
  private idleSince = 0;
  private emitQueued = false;
  private pumpQueued = false;
  private stopped = false;

  constructor(private readonly context: CatchUpContext) {}

  /** Fetch `pageId` from `hostId` (whose digest of it differs from ours). */
  want(pageId: PageId, hostId: string): void {
    if (this.stopped) return;
    const again = this.running.get(pageId);
    if (again && !this.queue.has(pageId)) {
      again.add(hostId); // changed again while we fetch it: fetch once more afterwards
      return;
    }
    this.startRoundIfIdle();
    const hosts = this.queue.get(pageId);
    if (hosts) hosts.add(hostId);
    else {
      this.queue.set(pageId, new Set([hostId]));
      // A page counts once a round, however often it is fetched: not done while it is wanted again.
      this.roundPages.add(pageId);
      this.donePages.delete(pageId);
      this.emitSoon();
    }
    this.pumpSoon();
  }

  progress(): SyncProgress {
    return { done: this.donePages.size, total: this.roundPages.size };
  }

  /** A new round of progress once catch-up has been idle a while ("Syncing 3 / 3" does not grow forever). */
  private startRoundIfIdle(): void {
    if (!this.isIdle() || Date.now() - this.idleSince <= PROGRESS_ROUND_GAP_MS) return;
    this.roundPages.clear();
    this.donePages.clear();
  }

  /** A page found the same as the peers' (nothing to fetch): done in this round, unless it is being fetched. */
  countDone(pageId: PageId): void {
    if (this.stopped || this.queue.has(pageId) || this.running.has(pageId)) return;
    this.startRoundIfIdle();
    this.roundPages.add(pageId);
    this.donePages.add(pageId);
    if (this.isIdle()) this.idleSince = Date.now(); // the round goes on while pages are still being compared
    this.emitSoon();
  }

  /** Tells progress listeners again soon (what they add to it, e.g. pages not compared yet, changed). */
  progressChanged(): void {
    this.emitSoon();
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
        const wants = decodePageRequest(message);
        if (wants) void this.serve(peer, () => this.answer(peer, wants));
        else log.warn(`host ${peer.hostId} sent a malformed page request`);
        return;
      }
      case MSG_PAGE_DATA: {
        const answers = decodePageData(message);
        if (!answers) return log.warn(`host ${peer.hostId} sent malformed page data`);
        this.lastHeard.set(peer.hostId, Date.now());
        for (const data of answers) {
          const reply = this.replies.get(replyKey(peer.hostId, data.pageId));
          if (reply) reply(data);
          else log.warn(`host ${peer.hostId} sent data of page ${data.pageId}, which nobody asked for`);
        }
        return;
      }
      case MSG_PAGE_PUSH: {
        const pushes = decodePagePush(message);
        if (pushes) void this.serve(peer, () => this.accept(peer, pushes));
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

  /** Pages wanted in one turn (a digest table names hundreds at once) go out in full batches. */
  private pumpSoon(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && this.batches < CATCHUP_BATCHES) {
      const batch = this.takeBatch();
      if (!batch) return;
      this.batches++;
      void this.fetch(batch.hostId, batch.pageIds)
        .catch((error: unknown) => log.error(`catch-up of ${batch.pageIds.length} pages from host ${batch.hostId} failed`, error))
        .finally(() => {
          this.batches--;
          for (const pageId of batch.pageIds) this.finished(pageId);
          this.emitSoon();
          this.pump();
          if (!this.isIdle()) return;
          this.idleSince = Date.now();
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }

  /** Up to CATCHUP_BATCH_PAGES queued pages, none being fetched, to ask of one host. */
  private takeBatch(): { hostId: string; pageIds: PageId[] } | null {
    let hostId: string | undefined;
    const pageIds: PageId[] = [];
    for (const [pageId, hosts] of this.queue) {
      if (this.running.has(pageId)) continue;
      hostId ??= hosts.values().next().value;
      if (hostId === undefined || !hosts.has(hostId)) continue;
      hosts.delete(hostId);
      if (hosts.size === 0) this.queue.delete(pageId);
      this.running.set(pageId, new Set());
      pageIds.push(pageId);
      if (pageIds.length >= CATCHUP_BATCH_PAGES) break;
    }
    return hostId === undefined ? null : { hostId, pageIds };
  }

  /** A page's fetch from one host is over: done, unless other hosts are still to be asked. */
  private finished(pageId: PageId): void {
    const again = this.running.get(pageId) ?? new Set<string>();
    this.running.delete(pageId);
    if (!this.queue.has(pageId)) this.donePages.add(pageId);
    for (const hostId of again) this.context.reconsider(pageId, hostId);
  }

  private async fetch(hostId: string, pageIds: readonly PageId[]): Promise<void> {
    const peer = this.context.peerFor(hostId);
    if (!peer || this.stopped) return;
    const held = await this.acquireAll(pageIds);
    try {
      const wants: PageWant[] = held.map(({ pageId, page }) => ({ pageId, stateVector: Y.encodeStateVector(page.entry.doc) }));
      const replies = held.map(({ pageId }) => this.awaitReply(hostId, pageId));
      if (!peer.send(encodePageRequest(wants))) {
        for (const { pageId } of held) this.replies.get(replyKey(hostId, pageId))?.(null);
      }
      const pushes = new Batcher(PAGE_DATA_MESSAGE_BYTES, (entries) => peer.send(encodePagePushEntries(entries)));
      await Promise.all(
        held.map(async ({ pageId, page }, i) => {
          const data = await replies[i];
          if (!data || data.status !== PAGE_OK) return;
          const back = this.take(peer, page, data);
          if (back) pushes.add(encodePagePushEntry({ pageId, update: back }));
        }),
      );
      pushes.flush();
    } finally {
      await Promise.all(held.map(({ pageId }) => this.context.pages.release(pageId)));
    }
  }

  /** Applies a peer's answer for a page; returns what the peer lacks of it, if anything. */
  private take(peer: RemotePeer, page: HeldPage, data: PageData): Uint8Array | null {
    const { pageId } = data;
    if (!page.guarded.apply(data.update, peer.origin, this.context.writeCheck(peer, pageId))) {
      this.refusedWrites++;
      log.warn(`host ${peer.hostId} sent an update of page ${pageId} that is malformed or beyond its role`);
      return null;
    }
    const doc = page.entry.doc;
    const digest = digestOf(doc);
    this.context.assumeDigest(peer.hostId, pageId, digest, data.digest);
    return digest === data.digest ? null : diffFor(doc, data.stateVector);
  }

  private async acquireAll(pageIds: readonly PageId[]): Promise<Array<{ pageId: PageId; page: HeldPage }>> {
    const held = await Promise.all(
      pageIds.map((pageId) =>
        this.context.pages.acquire(pageId).then(
          (page) => ({ pageId, page }),
          (error: unknown) => void log.error(`could not load page ${pageId} for catch-up`, error),
        ),
      ),
    );
    return held.filter((h) => h !== undefined);
  }

  private awaitReply(hostId: string, pageId: PageId): Promise<PageData | null> {
    const key = replyKey(hostId, pageId);
    return new Promise((resolve) => {
      const asked = Date.now();
      let timer: ReturnType<typeof setTimeout>;
      // Answers come in order: while the host keeps sending page data, this one is still coming.
      const arm = (ms: number) => (timer = setTimeout(() => {
        const quiet = Date.now() - Math.max(asked, this.lastHeard.get(hostId) ?? 0);
        if (quiet < CATCHUP_REQUEST_TIMEOUT_MS) arm(CATCHUP_REQUEST_TIMEOUT_MS - quiet);
        else finish(null);
      }, ms));
      const finish = (data: PageData | null) => {
        clearTimeout(timer);
        if (this.replies.get(key) === finish) this.replies.delete(key);
        resolve(data);
      };
      arm(CATCHUP_REQUEST_TIMEOUT_MS);
      this.replies.set(key, finish);
    });
  }

  // ---- serving ----

  /** Runs `task` when fewer than CATCHUP_BATCHES of this peer's are running. */
  private async serve(peer: RemotePeer, task: () => Promise<void>): Promise<void> {
    let slot = this.serving.get(peer);
    if (!slot) this.serving.set(peer, (slot = { active: 0, waiting: [] }));
    const queue = slot;
    if (queue.active >= CATCHUP_BATCHES) await new Promise<void>((resolve) => queue.waiting.push(resolve));
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

  private async answer(peer: RemotePeer, wants: readonly PageWant[]): Promise<void> {
    if (peer.role === null) return log.warn(`refused ${wants.length} pages to ${peer.hostId}, no longer a member`);
    const out = new Batcher(PAGE_DATA_MESSAGE_BYTES, (entries) => peer.send(encodePageDataEntries(entries)));
    await inParallel(wants, SERVE_LOADS, async ({ pageId, stateVector }) => {
      if (this.stopped || !peer.isOpen) return;
      await this.drained(peer);
      const data = await this.answerOne(peer, pageId, stateVector);
      if (data) out.add(encodePageDataEntry(data));
    });
    out.flush();
  }

  private async answerOne(peer: RemotePeer, pageId: PageId, stateVector: Uint8Array): Promise<PageData | null> {
    if (!this.context.isKnownPage(pageId)) {
      return { pageId, status: PAGE_UNKNOWN, update: EMPTY_UPDATE, stateVector: EMPTY_STATE_VECTOR, digest: EMPTY_DIGEST };
    }
    const held = await this.context.pages.acquire(pageId);
    try {
      const doc = held.entry.doc;
      const update = diffFor(doc, stateVector);
      if (!update) {
        log.warn(`host ${peer.hostId} sent a malformed state vector for page ${pageId}`);
        return null;
      }
      return { pageId, status: PAGE_OK, update, stateVector: Y.encodeStateVector(doc), digest: digestOf(doc) };
    } finally {
      await this.context.pages.release(pageId);
    }
  }

  /** Waits while much of what we sent the peer has not gone out yet (a slow or stalled reader). */
  private async drained(peer: RemotePeer): Promise<void> {
    while (peer.backlog > SERVE_BACKLOG_BYTES && peer.isOpen && !this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, SERVE_BACKLOG_POLL_MS));
    }
  }

  private async accept(peer: RemotePeer, pushes: ReadonlyArray<{ pageId: PageId; update: Uint8Array }>): Promise<void> {
    await inParallel(pushes, SERVE_LOADS, async ({ pageId, update }) => {
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
    });
  }

  /** Progress is told once per turn at most (a digest table can queue a thousand pages at once). */
  private emitSoon(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      this.emit();
    });
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

/** Collects encoded entries and hands them on in groups of about `bytes` (a bigger entry goes alone). */
class Batcher {
  private entries: Uint8Array[] = [];
  private size = 0;

  constructor(
    private readonly bytes: number,
    private readonly send: (entries: Uint8Array[]) => void,
  ) {}

  add(entry: Uint8Array): void {
    if (this.size > 0 && this.size + entry.byteLength > this.bytes) this.flush();
    this.entries.push(entry);
    this.size += entry.byteLength;
    if (this.size >= this.bytes) this.flush();
  }

  flush(): void {
    if (this.entries.length === 0) return;
    const entries = this.entries;
    this.entries = [];
    this.size = 0;
    this.send(entries);
  }
}

/** Runs `task` for each item, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
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
