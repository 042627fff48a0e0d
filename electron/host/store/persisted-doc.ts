/**
 * PersistedDoc binds a Y.Doc to a DocStore, in the y-indexeddb / y-leveldb provider pattern:
 * open() loads the stored state into the doc (origin = this PersistedDoc, so the load is not
 * appended back), then every doc update from any other origin is appended to the store.
 *
 * Saved state: the store makes appends durable in call order, so when an append resolves,
 * the doc state right after that update's transaction (`transaction.afterState`, computed by
 * Yjs anyway) is on disk. That is savedStateVector(); onDidSave fires once per flushed batch.
 *
 * Compaction: after a flush, if the bytes appended since the last snapshot exceed
 * max(compactFloorBytes, snapshot size), the doc's full state replaces its records. Each
 * compaction writes at most about twice the bytes appended since the last one, so its cost is
 * amortised O(bytes appended), and never runs on the keystroke path.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../../../shared/errors';
import type { DocId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import type { DocStore, StoreProblem } from './doc-store';

/** Compact once this many update bytes have piled up since the snapshot (or the snapshot's size, if larger). */
export const COMPACT_AFTER_BYTES = 256 * 1024;

export interface PersistedDocOptions {
  /** Overrides COMPACT_AFTER_BYTES (tests use small values to exercise compaction). */
  readonly compactAfterBytes?: number;
}

const log = createLogger('persisted-doc');

type StateMap = Map<number, number>;
type Waiter = { resolve(): void; reject(error: unknown): void };

export class PersistedDoc {
  /** Records the store set aside while loading this doc. */
  problems: readonly StoreProblem[] = [];
  private savedState: StateMap = new Map();
  private pending = 0; // appends not yet resolved
  private unsaved: unknown = null; // an append failed and no snapshot has covered it yet
  private compacting: Promise<void> | null = null;
  private notifyScheduled = false;
  private destroyed = false;
  private loaded = false;
  private readonly earlyUpdates: Uint8Array[] = []; // made while loading; folded into one append
  private readonly saveListeners = new Set<() => void>();
  private saveWaiters: Waiter[] = [];
  private idleWaiters: Array<() => void> = [];
  private readonly compactAfterBytes: number;

  private constructor(
    readonly store: DocStore,
    readonly docId: DocId,
    readonly doc: Y.Doc,
    options: PersistedDocOptions,
  ) {
    this.compactAfterBytes = options.compactAfterBytes ?? COMPACT_AFTER_BYTES;
  }

  /**
   * Loads the doc's stored state into `doc` and starts persisting its updates. Content the doc
   * had before open, and updates made while loading, are appended too.
   */
  static async open(store: DocStore, docId: DocId, doc: Y.Doc, options: PersistedDocOptions = {}): Promise<PersistedDoc> {
    const persisted = new PersistedDoc(store, docId, doc, options);
    const before = doc.store.clients.size > 0 ? Y.encodeStateAsUpdate(doc) : null;
    doc.on('update', persisted.handleUpdate);
    doc.on('destroy', persisted.handleDocDestroy);
    let loadedUpdate: Uint8Array | null;
    try {
      const loaded = await store.load(docId);
      persisted.problems = loaded.problems;
      loadedUpdate = loaded.update;
      if (loadedUpdate) Y.applyUpdate(doc, loadedUpdate, persisted);
    } catch (error) {
      doc.off('update', persisted.handleUpdate);
      doc.off('destroy', persisted.handleDocDestroy);
      throw error;
    }
    persisted.loaded = true;
    if (!before && persisted.earlyUpdates.length === 0) {
      persisted.savedState = stateOf(doc);
    } else {
      // Rare: content from before open or made while loading. One full-state append covers it;
      // until it is durable, only what was loaded counts as saved.
      persisted.earlyUpdates.length = 0;
      const stored = loadedUpdate ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(loadedUpdate)) : new Map<number, number>();
      persisted.savedState = stored;
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
    return this.pending === 0 && this.unsaved === null && this.earlyUpdates.length === 0;
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

  /** Stops persisting, removes its listeners and waits for writes already started. */
  async destroy(): Promise<void> {
    if (this.destroyed) return this.whenIdle();
    this.destroyed = true;
    this.doc.off('update', this.handleUpdate);
    this.doc.off('destroy', this.handleDocDestroy);
    this.saveListeners.clear();
    await this.whenIdle();
    if (!this.isSaved()) this.failWaiters(this.unsaved ?? new CommonplaceError('internal', 'destroyed before saving'));
  }

  // ---- writes ----

  private readonly handleUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
    if (origin === this) return;
    if (!this.loaded) this.earlyUpdates.push(update);
    else this.write(update, tr.afterState);
  };

  private readonly handleDocDestroy = (): void => void this.destroy();

  private write(update: Uint8Array, after: StateMap): void {
    this.pending += 1;
    this.store.append(this.docId, update).then(
      () => {
        this.pending -= 1;
        this.savedState = after; // appends resolve in order: `after` covers every earlier one
        this.afterFlush();
      },
      (error: unknown) => {
        this.pending -= 1;
        log.error(`doc ${this.docId}: an update could not be saved`, error);
        this.unsaved ??= error;
        this.afterFlush();
      },
    );
  }

  /** Runs after each resolved append; batches its effects to once per flushed batch. */
  private afterFlush(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    // The store resolves a whole batch in one go: a microtask runs after all of its callbacks.
    queueMicrotask(() => {
      this.notifyScheduled = false;
      this.maybeCompact();
      this.notifySaved();
    });
  }

  private maybeCompact(): void {
    if (this.compacting || this.destroyed) return;
    const repair = this.unsaved !== null && this.pending === 0;
    let due: boolean;
    try {
      const { bytesSinceSnapshot, snapshotBytes } = this.store.stats(this.docId);
      due = bytesSinceSnapshot > Math.max(this.compactAfterBytes, snapshotBytes);
    } catch (error) {
      if (repair) this.failWaiters(error); // the store is closed: nothing can be saved any more
      return;
    }
    if (!repair && !due) return;
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

function stateOf(doc: Y.Doc): StateMap {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

function maxState(a: StateMap, b: StateMap): StateMap {
  const merged = new Map(a);
  for (const [client, clock] of b) merged.set(client, Math.max(clock, merged.get(client) ?? 0));
  return merged;
}
