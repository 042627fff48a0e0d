/**
 * The page docs peer sync holds, and the digest of every page.
 *
 * A digest is a short hash of a page doc's state vector and delete set (a Yjs snapshot): two
 * replicas with the same digest hold the same content, whatever order it arrived in. (The state
 * vector alone misses deletions: a delete adds no struct.) Peers exchange digests to learn which
 * pages differ (catch-up.ts).
 *
 * Pages are loaded through the workspace (acquire/release), shared between a live room and a
 * catch-up exchange, with a GuardedDoc for the updates peers send. While a page is held its
 * digest follows its changes; a page written while not held is reported by the workspace's
 * `docs.onDidUpdate` (`noteWritten`), or found by polling the store (`changedInStore`).
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { DocId, PageId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { CommonplaceError } from '../../../shared/errors';
import type { DocEntry } from '../docs/doc-entry';
import type { DocStore } from '../store/doc-store';
import { GuardedDoc } from './guarded-doc';

const log = createLogger('sync-pages');

/** Digests of a page being edited are recomputed at most this often. */
export const DIGEST_DEBOUNCE_MS = 200;
/**
 * A page sync let go of stays loaded this long, in case it is wanted again: catch-up fetches a
 * page, then serves it to the next peer; a digest refresh follows an edit; the digest scan at start
 * is followed by catch-up of the pages that differ. A cache, not a correctness measure: the
 * unload/reload race it once also hid is fixed in DocRegistry (docs/doc-entry.ts).
 */
export const PAGE_LINGER_MS = 5_000;
/** Pages loaded at once to compute digests at start. */
export const DIGEST_SCAN_CONCURRENCY = 8;
/**
 * A scan of at least this many pages first lists the store's docs, and gives every page with
 * nothing stored and nothing in memory the empty digest without loading it (a host that has just
 * joined a workspace of 1,000 pages would otherwise load 2,000 empty docs, pages and comments,
 * before catch-up can start). Smaller scans just load their pages.
 */
export const BULK_SCAN_PAGES = 32;
const DIGEST_BYTES = 16;

/** Each doc's digest until its next transaction (catch-up asks for a page's up to three times in a row). */
const digests = new WeakMap<Y.Doc, string>();
const watched = new WeakSet<Y.Doc>();

/** The digest of a doc (32 hex chars). */
export function digestOf(doc: Y.Doc): string {
  const cached = digests.get(doc);
  if (cached !== undefined) return cached;
  const snapshot = Y.encodeSnapshot(Y.snapshot(doc));
  const digest = createHash('sha256').update(snapshot).digest('hex').slice(0, DIGEST_BYTES * 2);
  // Every change is made in a transaction, and afterTransaction follows it (or ends the one this
  // was computed inside): the digest is forgotten then. The listener goes with the doc.
  if (!watched.has(doc)) {
    watched.add(doc);
    doc.on('afterTransaction', () => digests.delete(doc));
  }
  digests.set(doc, digest);
  return digest;
}

/** The digest of a page nobody has written to: a peer with it has nothing to give. */
export const EMPTY_DIGEST = digestOf(new Y.Doc());

/** What peer sync needs of an open workspace (OpenWorkspace provides it). */
export interface SyncWorkspace {
  readonly id: DocId;
  readonly record: { readonly key: string };
  readonly root: DocEntry;
  /**
   * Every change to any loaded doc (DocRegistry.onDidUpdate): how sync sees writes to pages it
   * does not hold; and whether a doc is in memory (DocRegistry.isLoaded).
   */
  readonly docs?: { onDidUpdate(cb: (entry: DocEntry, origin: unknown) => void): () => void; isLoaded?(docId: DocId): boolean };
  /**
   * Without `docs`, the store's counters are polled for such writes instead (`changedInStore`).
   * With `list`, a large scan skips loading the pages the store has nothing of.
   */
  readonly store?: Pick<DocStore, 'stats'> & Partial<Pick<DocStore, 'list'>>;
  acquire(docId: DocId): Promise<DocEntry>;
  release(docId: DocId): Promise<void>;
}

/** A page held by sync; its GuardedDoc (a shadow copy) is made only when a peer's update arrives. */
export class HeldPage {
  private guard: GuardedDoc | null = null;

  constructor(readonly entry: DocEntry) {}

  get guarded(): GuardedDoc {
    this.guard ??= new GuardedDoc(this.entry.doc);
    return this.guard;
  }

  dispose(): void {
    this.guard?.destroy();
  }
}

interface SlotState {
  refs: number;
  /** The digest debounce. */
  timer: ReturnType<typeof setTimeout> | null;
  /** Set while the page lingers after its last release. */
  linger: ReturnType<typeof setTimeout> | null;
  dispose: () => void;
}

interface Slot extends SlotState {
  readonly held: Promise<HeldPage>;
}

export class PageDocs {
  /** Our digest of each page we know; absent until computed. */
  readonly digests = new Map<PageId, string>();
  private readonly slots = new Map<PageId, Slot>();
  /** The store's counters of each page when we last computed its digest. */
  private readonly seenStats = new Map<PageId, string>();
  private readonly written = new Set<PageId>();
  private writtenTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly workspace: SyncWorkspace,
    /** Called when a page's digest changes. */
    private readonly onDigest: (pageId: PageId, digest: string) => void,
    /** Called when a scan could not digest a page (it could not be loaded): it has no digest until it is written again. */
    private readonly onDigestFailed: (pageId: PageId) => void = () => undefined,
  ) {}

  acquire(pageId: PageId): Promise<HeldPage> {
    if (this.closed) return Promise.reject(new CommonplaceError('unavailable', 'peer sync has stopped'));
    let slot = this.slots.get(pageId);
    if (!slot) {
      const state: SlotState = { refs: 0, timer: null, linger: null, dispose: () => undefined };
      const held = this.load(pageId, state);
      slot = Object.assign(state, { held });
      this.slots.set(pageId, slot);
      held.catch(() => this.slots.delete(pageId));
    }
    slot.refs++;
    if (slot.linger) {
      clearTimeout(slot.linger);
      slot.linger = null;
    }
    return slot.held;
  }

  /** Lets go of a page; it is unloaded PAGE_LINGER_MS later unless acquired again. */
  async release(pageId: PageId): Promise<void> {
    const slot = this.slots.get(pageId);
    if (!slot || slot.refs === 0) return;
    slot.refs--;
    if (slot.refs > 0) return;
    const held = await slot.held;
    this.setDigest(pageId, digestOf(held.entry.doc));
    if (this.closed) return this.unload(pageId, slot);
    slot.linger = setTimeout(() => void this.unload(pageId, slot).catch((error: unknown) => log.error(`could not unload ${pageId}`, error)), PAGE_LINGER_MS);
    slot.linger.unref?.();
  }

  private async unload(pageId: PageId, slot: Slot): Promise<void> {
    if (slot.refs > 0 || this.slots.get(pageId) !== slot) return;
    this.slots.delete(pageId);
    if (slot.linger) clearTimeout(slot.linger);
    const held = await slot.held;
    slot.dispose();
    if (slot.timer) clearTimeout(slot.timer);
    this.setDigest(pageId, digestOf(held.entry.doc));
    held.dispose();
    await this.workspace.release(pageId);
  }

  /** Loads a page briefly to (re)compute its digest, or reads it from the held doc. */
  async refresh(pageId: PageId): Promise<void> {
    const held = await this.acquire(pageId);
    try {
      this.setDigest(pageId, digestOf(held.entry.doc));
    } finally {
      await this.release(pageId);
    }
  }

  /** Computes the digest of every page given, a few at a time. */
  async scan(pageIds: readonly PageId[], isStopped: () => boolean): Promise<void> {
    const queue = pageIds.length >= BULK_SCAN_PAGES ? await this.withoutEmpty(pageIds) : [...pageIds];
    const worker = async () => {
      for (let pageId = queue.shift(); pageId !== undefined && !isStopped(); pageId = queue.shift()) {
        await this.refresh(pageId).catch((error: unknown) => {
          log.error(`could not digest page ${pageId}`, error);
          this.onDigestFailed(pageId);
        });
      }
    };
    await Promise.all(Array.from({ length: DIGEST_SCAN_CONCURRENCY }, worker));
  }

  /** Gives pages that are neither stored nor in memory the empty digest; returns the others. */
  private async withoutEmpty(pageIds: readonly PageId[]): Promise<PageId[]> {
    const { store, docs } = this.workspace;
    const isLoaded = docs?.isLoaded?.bind(docs);
    if (!store?.list || !isLoaded) return [...pageIds];
    let stored: Set<string>;
    try {
      stored = new Set(await store.list());
    } catch (error) {
      log.warn('could not list the stored docs; loading every page to digest it', error);
      return [...pageIds];
    }
    const rest: PageId[] = [];
    for (const pageId of pageIds) {
      // Written after the listing? Then it is in memory, or was (and noteWritten rescans it).
      if (stored.has(pageId) || this.slots.has(pageId) || isLoaded(pageId)) rest.push(pageId);
      else if (!this.closed) this.setDigest(pageId, EMPTY_DIGEST);
    }
    return rest;
  }

  /** A page changed somewhere in the host: if we do not hold it, recompute its digest soon. */
  noteWritten(pageId: PageId): void {
    if (this.closed || this.slots.has(pageId)) return; // held: its digest follows its updates already
    this.written.add(pageId);
    this.writtenTimer ??= setTimeout(() => {
      this.writtenTimer = null;
      const pages = [...this.written];
      this.written.clear();
      void this.scan(pages, () => this.closed);
    }, DIGEST_DEBOUNCE_MS);
  }

  /**
   * Pages written while sync does not hold them (a host-side duplicate, an import, a renderer
   * editing a page whose room we have not joined) change no digest we see. The store's in-memory
   * counters do change on every append: returns the pages whose counters moved since their
   * digest was computed, for a `scan`. Cheap enough to call every second for thousands of pages.
   * Only for a workspace without `docs`, which reports such writes itself (`noteWritten`): with
   * `docs`, the counters are not kept and nothing is returned.
   */
  changedInStore(pageIds: Iterable<PageId>): PageId[] {
    const store = this.workspace.store;
    if (!store) return [];
    const changed: PageId[] = [];
    for (const pageId of pageIds) {
      if (this.slots.has(pageId)) continue; // held: its digest follows its updates already
      const seen = this.seenStats.get(pageId);
      if (seen !== undefined && seen !== statsKey(store, pageId)) changed.push(pageId);
    }
    return changed;
  }

  forget(pageId: PageId): void {
    this.digests.delete(pageId);
    this.seenStats.delete(pageId);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    if (this.writtenTimer) clearTimeout(this.writtenTimer);
    const slots = [...this.slots];
    for (const [, slot] of slots) slot.refs = 0;
    await Promise.all(slots.map(([pageId, slot]) => this.unload(pageId, slot).catch((error: unknown) => log.error(`could not release ${pageId}`, error))));
  }

  private async load(pageId: PageId, slot: SlotState): Promise<HeldPage> {
    const entry = await this.workspace.acquire(pageId);
    const onUpdate = () => {
      if (slot.timer) return;
      slot.timer = setTimeout(() => {
        slot.timer = null;
        this.setDigest(pageId, digestOf(entry.doc));
      }, DIGEST_DEBOUNCE_MS);
    };
    entry.doc.on('update', onUpdate);
    slot.dispose = () => entry.doc.off('update', onUpdate);
    return new HeldPage(entry);
  }

  private setDigest(pageId: PageId, digest: string): void {
    // Only `changedInStore` reads the counters, and only a workspace without `docs` needs it.
    if (this.workspace.store && !this.workspace.docs) this.seenStats.set(pageId, statsKey(this.workspace.store, pageId));
    if (this.digests.get(pageId) === digest) return;
    this.digests.set(pageId, digest);
    this.onDigest(pageId, digest);
  }
}

function statsKey(store: Pick<DocStore, 'stats'>, pageId: PageId): string {
  try {
    const { recordsSinceSnapshot, bytesSinceSnapshot, snapshotBytes } = store.stats(pageId);
    return `${recordsSinceSnapshot}/${bytesSinceSnapshot}/${snapshotBytes}`;
  } catch {
    return 'closed'; // the store is closed: nothing more will change
  }
}
