/**
 * PersistedDoc binds a Y.Doc to a DocStore, in the y-indexeddb / y-leveldb provider pattern:
 * open() loads the stored state into the doc (origin = this PersistedDoc, so the load is not
 * appended back), then every doc update from any other origin is appended to the store.
 *
 * Saved state: the store makes appends durable in call order, so when an append resolves,
 * the doc state right after that update's transaction (`transaction.afterState`, computed by
 * Yjs anyway) is on disk. That is savedStateVector(); onDidSave fires once per flushed batch.
 *
 * Compaction (the doc's full state replaces its records), never on the keystroke path:
 * - after a flush, when the bytes appended since the snapshot exceed
 *   max(compactAfterBytes, snapshot size): each compaction writes at most about twice the
 *   bytes appended since the last one, so its cost is amortised O(bytes appended);
 * - when the doc has been quiet for compactWhenIdleMs, and on destroy (the doc is unloaded),
 *   if more than one record is left: the next load then reads one snapshot.
 * A failed append is repaired the same way: the snapshot holds every update so far.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../../../shared/errors';
import type { DocId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { applyLoaded, type DocStore, type DocStoreStats, type LoadedDoc, type StoreProblem } from './doc-store';

/** Compact once this many update bytes have piled up since the snapshot (or the snapshot's size, if larger). */
export const COMPACT_AFTER_BYTES = 256 * 1024;
/** Fold the records of a doc that has had no update for this long. */
export const COMPACT_WHEN_IDLE_MS = 10_000;

export interface PersistedDocOptions {
  /** Overrides COMPACT_AFTER_BYTES (tests use small values to exercise compaction). */
  readonly compactAfterBytes?: number;
  /** Overrides COMPACT_WHEN_IDLE_MS. */
  readonly compactWhenIdleMs?: number;
}

const log = createLogger('persisted-doc');

type StateMap = Map<number, number>;
type Waiter = { resolve(): void; reject(error: unknown): void };

/** More than one record: a compaction would leave fewer to read on load. */
const foldable = (stats: DocStoreStats): boolean => stats.recordsSinceSnapshot > (stats.snapshotBytes > 0 ? 0 : 1);

export class PersistedDoc {
  /** Records the store set aside while loading this doc. */
  problems: readonly StoreProblem[] = [];
  private savedState: StateMap = new Map();
  private pending = 0; // append promises not yet settled (the store may share one among appends)
  private lastWrite: { readonly done: Promise<void>; after: StateMap } | null = null;
  private unsaved: unknown = null; // an append failed and no snapshot has covered it yet
  private compacting: Promise<void> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private notifyScheduled = false;
  private destroyed = false;
  private readonly saveListeners = new Set<() => void>();
  private saveWaiters: Waiter[] = [];
  private idleWaiters: Array<() => void> = [];
  private readonly compactAfterBytes: number;
  private readonly compactWhenIdleMs: number;

  private constructor(
    readonly store: DocStore,
    readonly docId: DocId,
    readonly doc: Y.Doc,
    options: PersistedDocOptions,
  ) {
    this.compactAfterBytes = options.compactAfterBytes ?? COMPACT_AFTER_BYTES;
    this.compactWhenIdleMs = options.compactWhenIdleMs ?? COMPACT_WHEN_IDLE_MS;
  }

  /**
   * Loads the doc's stored state into `doc` and starts persisting its updates. Content the doc
   * had before open, and updates made while loading, are appended too.
   */
  static async open(store: DocStore, docId: DocId, doc: Y.Doc, options: PersistedDocOptions = {}): Promise<PersistedDoc> {
    const persisted = new PersistedDoc(store, docId, doc, options);
    // NOTE: no 'update' listener until the stored state is in: Yjs encodes a transaction's
    // update only when someone listens, and for the load that would re-encode the whole doc
    // (it doubled the load time of a large page). Edits made meanwhile are only noted.
    let changedMeanwhile = doc.store.clients.size > 0;
    const noteChange = (tr: Y.Transaction): void => void (changedMeanwhile ||= changed(tr));
    doc.on('afterTransaction', noteChange);
    let loaded: LoadedDoc;
    try {
      loaded = await store.load(docId);
    } finally {
      doc.off('afterTransaction', noteChange);
    }
    persisted.problems = loaded.problems;
    if (doc.isDestroyed) {
      persisted.destroyed = true; // destroyed while loading: nothing to bind to
      return persisted;
    }
    applyLoaded(doc, loaded, persisted);
    doc.on('update', persisted.handleUpdate);
    doc.on('destroy', persisted.handleDocDestroy);
    if (!changedMeanwhile) {
      persisted.savedState = stateOf(doc);
    } else {
      // Rare: content from before open or made while loading. One full-state append covers it;
      // until it is durable, the saved state vector stays empty (a safe under-statement).
      persisted.write(Y.encodeStateAsUpdate(doc), stateOf(doc));
    }
    return persisted;
  }

  /** The state vector of everything durable in the store (encoded as Y.encodeStateVector does). */
  savedStateVector(): Uint8Array {
    return Y.encodeStateVector(this.savedState);
  }

  /** True when every update of the doc is durable. */
  isSaved(): boolean {
    return this.pending === 0 && this.unsaved === null;
  }

  /** Fires after each flushed batch of this doc's updates (and after a repair). */
  onDidSave(listener: () => void): () => void {
    this.saveListeners.add(listener);
    return () => void this.saveListeners.delete(listener);
  }

  /** Resolves once isSaved(); rejects if the store failed and could not be repaired. */
  whenSaved(): Promise<void> {
    if (this.isSaved()) return Promise.resolve();
    return new Promise((resolve, reject) => this.saveWaiters.push({ resolve, reject }));
  }

  /**
   * Stops persisting and removes its listeners and timer; folds the doc's records into one
   * snapshot if there is more than one, and resolves once every write started is settled.
   */
  async destroy(): Promise<void> {
    if (this.destroyed) return this.whenIdle();
    this.destroyed = true;
    this.doc.off('update', this.handleUpdate);
    this.doc.off('destroy', this.handleDocDestroy);
    this.saveListeners.clear();
    this.clearIdleTimer();
    await this.whenIdle(); // so the stats count every record before deciding to fold
    this.compactIf(foldable);
    await this.whenIdle();
    if (!this.isSaved()) this.failWaiters(this.unsaved ?? new CommonplaceError('internal', 'destroyed before saving'));
  }

  // ---- writes ----

  private readonly handleUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    if (origin !== this) this.write(update, tr.afterState);
  };

  private readonly handleDocDestroy = (): void => void this.destroy();

  private write(update: Uint8Array, after: StateMap): void {
    const done = this.store.append(this.docId, update);
    const last = this.lastWrite;
    if (last?.done === done) {
      // The store put this update in the same record as the previous one: one callback covers both.
      last.after = after;
      return;
    }
    const entry = { done, after };
    this.lastWrite = entry;
    this.pending += 1;
    const settled = (): void => {
      this.pending -= 1;
      if (this.lastWrite === entry) this.lastWrite = null;
      this.afterFlush();
    };
    done.then(
      () => {
        this.savedState = entry.after; // appends resolve in order: this covers every earlier one
        settled();
      },
      (error: unknown) => {
        log.error(`doc ${this.docId}: an update could not be saved`, error);
        this.unsaved ??= error;
        settled();
      },
    );
  }

  /** Runs after each settled append promise; batches its effects to once per flushed batch. */
  private afterFlush(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    // The store settles a whole batch in one go: a microtask runs after all of its callbacks.
    queueMicrotask(() => {
      this.notifyScheduled = false;
      if (!this.destroyed) {
        const repair = this.unsaved !== null && this.pending === 0;
        this.compactIf((s) => repair || s.bytesSinceSnapshot > Math.max(this.compactAfterBytes, s.snapshotBytes));
        this.armIdleTimer();
      }
      this.notifySaved();
    });
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.pending === 0 && !this.destroyed) this.compactIf(foldable);
    }, this.compactWhenIdleMs);
    this.idleTimer.unref?.(); // never keeps the process alive
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Starts a compaction if none is running and `due` says so for the store's stats. */
  private compactIf(due: (stats: DocStoreStats) => boolean): void {
    if (this.compacting) return;
    const repair = this.unsaved !== null && this.pending === 0;
    try {
      if (!due(this.store.stats(this.docId))) return;
    } catch (error) {
      if (repair) this.failWaiters(error); // the store is closed: nothing can be saved any more
      return;
    }
    // The snapshot holds every update so far, including any whose append failed.
    const after = stateOf(this.doc);
    const covered = this.unsaved;
    this.compacting = this.store
      .compact(this.docId, Y.encodeStateAsUpdate(this.doc))
      .then(
        () => {
          if (this.unsaved === covered && this.pending === 0) this.unsaved = null;
          this.savedState = maxState(this.savedState, after);
        },
        (error: unknown) => {
          log.error(`doc ${this.docId}: compaction failed`, error);
          if (repair) this.failWaiters(error);
        },
      )
      .finally(() => {
        this.compacting = null;
        this.notifySaved();
      });
  }

  private notifySaved(): void {
    for (const listener of this.saveListeners) {
      try {
        listener();
      } catch (error) {
        log.error(`doc ${this.docId}: an onDidSave listener threw`, error);
      }
    }
    if (this.isSaved()) for (const waiter of this.saveWaiters.splice(0)) waiter.resolve();
    if (this.pending === 0 && !this.compacting) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private failWaiters(error: unknown): void {
    const wrapped = CommonplaceError.from(error);
    for (const waiter of this.saveWaiters.splice(0)) waiter.reject(wrapped);
  }

  private whenIdle(): Promise<void> {
    if (this.pending === 0 && !this.compacting) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

/** Whether a transaction changed the doc (Yjs also runs empty ones). */
function changed(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

function stateOf(doc: Y.Doc): StateMap {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

function maxState(a: StateMap, b: StateMap): StateMap {
  const merged = new Map(a);
  for (const [client, clock] of b) merged.set(client, Math.max(clock, merged.get(client) ?? 0));
  return merged;
}
