/**
 * The host's durable store of Y.Doc updates: platform-free (plain Node, never 'electron').
 * Implementations: LevelDocStore (disk, one LevelDB directory per workspace) and
 * MemoryDocStore (its in-memory twin for tests). Both share the record log in kv-doc-store.ts.
 *
 * A doc is stored as a log of records: at most one snapshot (a full Y update written by
 * compact) followed by the updates appended since. Applying them yields the doc's state.
 */
import * as Y from 'yjs';
import type { DocId } from '../../../shared/ids';

/** A stored record that could not be used: moved aside (never deleted) and reported on load. */
export interface StoreProblem {
  readonly docId: DocId;
  /** The key the record was stored under, e.g. `doc/<docId>/00000000002a`. */
  readonly recordKey: string;
  /** Where the record's bytes are kept now, e.g. `quarantine/<docId>/00000000002a`. */
  readonly quarantineKey: string;
  /** The specific cause: checksum mismatch, truncation, undecodable Yjs update, ... */
  readonly reason: string;
  /** One line for logs and the UI, naming the doc, the record and the cause. */
  readonly message: string;
}

export interface LoadedDoc {
  /**
   * The doc's stored Yjs (V1) updates in write order (the snapshot first, if any), from every
   * good record; empty if the doc is unknown. Apply them in one transaction (applyLoaded).
   * NOTE: not merged into one update: Y.mergeUpdates is superlinear in the number of updates
   * and merging through a scratch doc costs a full decode + encode (it tripled load time for
   * the automerge-paper trace); applying the list in one transaction costs little more than
   * applying the snapshot alone.
   */
  readonly updates: readonly Uint8Array[];
  /** Records set aside during this load; the rest of the doc loaded without them. */
  readonly problems: readonly StoreProblem[];
}

export interface DocStoreStats {
  /**
   * Update records written after the current snapshot (or since the doc began). One record
   * holds the appends of one doc that were written in the same batch (group commit).
   */
  readonly recordsSinceSnapshot: number;
  /** Their payload bytes: what compaction would fold into the snapshot. */
  readonly bytesSinceSnapshot: number;
  /** Payload bytes of the current snapshot, 0 if the doc was never compacted. */
  readonly snapshotBytes: number;
}

/**
 * Contract shared by every implementation (doc-store.contract.ts tests it):
 * - append resolves only once the update is durable (fsync'd for the disk store). Appends
 *   become durable in call order: when one resolves, every earlier append has resolved.
 * - compact atomically replaces every record accepted before the call (appends included,
 *   even those still in flight) with the one snapshot; appends made after it are kept.
 *   The caller guarantees the snapshot contains everything it replaces.
 * - load sets aside (quarantines) records that fail their checksum or do not decode as
 *   Yjs updates, reports each as a StoreProblem, and returns the updates of the rest.
 * - stats is synchronous and in memory; it counts records the store has read (load) or
 *   accepted (append, compact) for this doc, and is all zeros for a doc not yet touched.
 * - every call after close() rejects (or throws) CommonplaceError 'store-closed'; close
 *   waits for calls made before it, so their writes are durable when it resolves.
 * - doc ids must be ids (32 lowercase hex, see shared/ids.ts): 'invalid-argument' otherwise.
 */
export interface DocStore {
  load(docId: DocId): Promise<LoadedDoc>;
  append(docId: DocId, update: Uint8Array): Promise<void>;
  compact(docId: DocId, snapshot: Uint8Array): Promise<void>;
  stats(docId: DocId): DocStoreStats;
  /** Docs that have at least one record on disk. */
  list(): Promise<DocId[]>;
  /** Removes every record of the doc (quarantined records are kept). */
  delete(docId: DocId): Promise<void>;
  close(): Promise<void>;
}

/** Applies a loaded doc to `doc` in one transaction (one update event, one observer pass). */
export function applyLoaded(doc: Y.Doc, loaded: LoadedDoc, origin: unknown): void {
  if (loaded.updates.length === 0) return;
  Y.transact(
    doc,
    () => {
      for (const update of loaded.updates) Y.applyUpdate(doc, update, origin);
    },
    origin,
  );
}
