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
 * digest follows its changes; a page changed while not held (e.g. by a host-side write) is
 * refreshed with `refresh`.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { DocId, PageId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import type { DocEntry } from '../docs/doc-entry';
import { GuardedDoc } from './guarded-doc';

const log = createLogger('sync-pages');

/** Digests of a page being edited are recomputed at most this often. */
export const DIGEST_DEBOUNCE_MS = 200;
/** Pages loaded at once to compute digests at start. */
export const DIGEST_SCAN_CONCURRENCY = 8;
const DIGEST_BYTES = 16;

/** The digest of a doc (32 hex chars). */
export function digestOf(doc: Y.Doc): string {
  const snapshot = Y.encodeSnapshot(Y.snapshot(doc));
  return createHash('sha256').update(snapshot).digest('hex').slice(0, DIGEST_BYTES * 2);
}

/** The digest of a page nobody has written to: a peer with it has nothing to give. */
export const EMPTY_DIGEST = digestOf(new Y.Doc());

/** What peer sync needs of an open workspace (OpenWorkspace provides it). */
export interface SyncWorkspace {
  readonly id: DocId;
  readonly record: { readonly key: string };
  readonly root: DocEntry;
  acquire(docId: DocId): Promise<DocEntry>;
  release(docId: DocId): Promise<void>;
}

export interface HeldPage {
  readonly entry: DocEntry;
  readonly guarded: GuardedDoc;
}

interface SlotState {
  refs: number;
  timer: ReturnType<typeof setTimeout> | null;
  dispose: () => void;
}

interface Slot extends SlotState {
  readonly held: Promise<HeldPage>;
}

export class PageDocs {
  /** Our digest of each page we know; absent until computed. */
  readonly digests = new Map<PageId, string>();
  private readonly slots = new Map<PageId, Slot>();

  constructor(
    private readonly workspace: SyncWorkspace,
    /** Called when a page's digest changes. */
    private readonly onDigest: (pageId: PageId, digest: string) => void,
  ) {}

  acquire(pageId: PageId): Promise<HeldPage> {
    let slot = this.slots.get(pageId);
    if (!slot) {
      const state: SlotState = { refs: 0, timer: null, dispose: () => undefined };
      const held = this.load(pageId, state);
      slot = Object.assign(state, { held });
      this.slots.set(pageId, slot);
      held.catch(() => this.slots.delete(pageId));
    }
    slot.refs++;
    return slot.held;
  }

  async release(pageId: PageId): Promise<void> {
    const slot = this.slots.get(pageId);
    if (!slot) return;
    slot.refs--;
    if (slot.refs > 0) return;
    this.slots.delete(pageId);
    const held = await slot.held;
    slot.dispose();
    if (slot.timer) clearTimeout(slot.timer);
    this.setDigest(pageId, digestOf(held.entry.doc));
    held.guarded.destroy();
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
    const queue = [...pageIds];
    const worker = async () => {
      for (let pageId = queue.shift(); pageId !== undefined && !isStopped(); pageId = queue.shift()) {
        await this.refresh(pageId).catch((error: unknown) => log.error(`could not digest page ${pageId}`, error));
      }
    };
    await Promise.all(Array.from({ length: DIGEST_SCAN_CONCURRENCY }, worker));
  }

  forget(pageId: PageId): void {
    this.digests.delete(pageId);
  }

  async closeAll(): Promise<void> {
    const pages = [...this.slots.keys()];
    for (const slot of this.slots.values()) slot.refs = 1;
    await Promise.all(pages.map((pageId) => this.release(pageId).catch((error: unknown) => log.error(`could not release ${pageId}`, error))));
  }

  private async load(pageId: PageId, slot: SlotState): Promise<HeldPage> {
    const entry = await this.workspace.acquire(pageId);
    const guarded = new GuardedDoc(entry.doc);
    const onUpdate = () => {
      if (slot.timer) return;
      slot.timer = setTimeout(() => {
        slot.timer = null;
        this.setDigest(pageId, digestOf(entry.doc));
      }, DIGEST_DEBOUNCE_MS);
    };
    entry.doc.on('update', onUpdate);
    slot.dispose = () => entry.doc.off('update', onUpdate);
    return { entry, guarded };
  }

  private setDigest(pageId: PageId, digest: string): void {
    if (this.digests.get(pageId) === digest) return;
    this.digests.set(pageId, digest);
    this.onDigest(pageId, digest);
  }
}
