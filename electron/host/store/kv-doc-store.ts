/**
 * KvDocStore: the DocStore rules over any KvBackend (see doc-store.ts for the contract).
 *
 * GROUP COMMIT: writes enter one FIFO queue as units. A single flush loop takes the units
 * queued so far (up to MAX_BATCH_BYTES) and writes them as one atomic, durable batch (LevelDB:
 * `batch(ops, { sync: true })`, one fsync), then settles their promises. Units arriving while a
 * batch is in flight wait for the next batch: each append costs one fsync only when the disk
 * is idle, and appends resolve in call order.
 * Appends to one doc that wait for the same batch share one unit: one `updates` record (up to
 * MAX_RECORD_BYTES) and one promise. Per keystroke that leaves a varint and a copy instead of a
 * LevelDB op, a promise and a checksum each (with those, the automerge-paper trace took 4.2×
 * as long as raw Yjs to apply; now the store itself adds about 15-25%: test/bench).
 *
 * Keys and seqs are chosen when a unit is put into a batch, not when it is queued, so a
 * compact deletes exactly the records queued before it, whether or not they reached the disk.
 * @safety If a batch fails, the accounting of its docs is dropped and rebuilt from disk on
 * next use; the batch's promises reject, and nothing reported durable is affected.
 */
import { CommonplaceError } from '../../../shared/errors';
import { isId, type DocId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { DocLog, checkRecords, type BadRecord, type DocScan } from './doc-log';
import type { DocStore, DocStoreStats, LoadedDoc, StoreProblem } from './doc-store';
import type { KvBackend, KvEntry, KvOp } from './kv-backend';
import { DOCS_PREFIX, docKey, docRange, encodeRecord, QUARANTINE_PREFIX, quarantineKey, quarantineRange, RecordKind, UpdateListRecord } from './record';

/** Most bytes written in one batch; a larger single unit still goes alone. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** An `updates` record stops taking appends at this size; the next append starts another. */
export const MAX_RECORD_BYTES = 1024 * 1024;

const log = createLogger('store');

interface Settle {
  resolve(): void;
  reject(error: unknown): void;
}
type WriteUnit = Settle & { readonly docId: DocId } & (
    | { readonly kind: 'append'; readonly list: UpdateListRecord }
    | { readonly kind: 'compact'; readonly record: Uint8Array; readonly payloadBytes: number }
    | { readonly kind: 'delete' }
    | { readonly kind: 'quarantine'; readonly moves: readonly BadRecord[] }
  );
type AppendUnit = Extract<WriteUnit, { kind: 'append' }>;

export class KvDocStore implements DocStore {
  private readonly logs = new Map<DocId, DocLog>(); // docs whose accounting is ready
  private readonly loading = new Map<DocId, Promise<DocLog>>(); // ... and being scanned
  private readonly queue: WriteUnit[] = [];
  private readonly openAppends = new Map<DocId, { unit: AppendUnit; done: Promise<void> }>(); // still taking appends
  private flushing: Promise<void> | null = null;
  private readonly reads = new Set<Promise<unknown>>(); // loads and lists in progress
  private closing: Promise<void> | null = null;
  /**
   * The docs with quarantined records, read once (quarantine is rare): a load then scans one
   * key range instead of two. Kept up to date as records are quarantined; null until read.
   */
  private quarantined: Promise<Set<string>> | null = null;
  private quarantinedNow: Set<string> | null = null;
  /**
   * Every doc with records, as of the last `list()`, plus every doc written since this store
   * opened (`written`): a doc in neither has nothing on disk, and loads without a scan (a host
   * that just joined a workspace loads a thousand empty docs as catch-up fills them). This
   * process holds the store's lock, so no other writer can add records behind our back.
   */
  private listed: Set<string> | null = null;
  private listing: Promise<void> | null = null;
  private readonly written = new Set<string>();

  constructor(
    private readonly kv: KvBackend,
    /** Names the store in errors and logs, e.g. its directory. */
    readonly label: string,
  ) {}

  load(docId: DocId): Promise<LoadedDoc> {
    const unusable = this.unusable(docId);
    return unusable ? Promise.reject(unusable) : this.track(this.loadDoc(docId));
  }

  /** Hot path (every keystroke): no async wrapper, no allocation beyond the copy. */
  append(docId: DocId, update: Uint8Array): Promise<void> {
    const unusable = this.unusable(docId) ?? (update.length === 0 ? emptyUpdate(docId) : undefined);
    if (unusable) return Promise.reject(unusable);
    let open = this.openAppends.get(docId);
    if (!open || open.unit.list.payloadBytes >= MAX_RECORD_BYTES) {
      this.written.add(docId);
      let settle: Settle = { resolve: () => {}, reject: () => {} };
      const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      open = { unit: { kind: 'append', docId, list: new UpdateListRecord(), ...settle }, done };
      this.openAppends.set(docId, open);
      this.schedule(open.unit);
    }
    open.unit.list.add(update);
    return open.done;
  }

  compact(docId: DocId, snapshot: Uint8Array): Promise<void> {
    const unusable = this.unusable(docId) ?? (snapshot.length === 0 ? emptyUpdate(docId) : undefined);
    if (unusable) return Promise.reject(unusable);
    const record = encodeRecord(RecordKind.snapshot, snapshot);
    this.written.add(docId);
    return this.enqueue((settle) => ({ kind: 'compact', docId, record, payloadBytes: snapshot.length, ...settle }));
  }

  delete(docId: DocId): Promise<void> {
    const unusable = this.unusable(docId);
    return unusable ? Promise.reject(unusable) : this.enqueue((settle) => ({ kind: 'delete', docId, ...settle }));
  }

  stats(docId: DocId): DocStoreStats {
    const unusable = this.unusable(docId);
    if (unusable) throw unusable;
    return this.logs.get(docId)?.stats() ?? DocLog.empty;
  }

  list(): Promise<DocId[]> {
    const unusable = this.unusable();
    if (unusable) return Promise.reject(unusable);
    return this.track(this.kv.children(DOCS_PREFIX)).then((ids) => {
      this.listed = new Set(ids);
      return ids.filter((id): id is DocId => isId(id));
    });
  }

  /** Idempotent. Waits for loads, lists and queued writes made before it, then closes the backend. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled(this.reads);
      while (this.flushing) await this.flushing;
      await this.kv.close();
    })();
    return this.closing;
  }

  // ---- load ----

  private async loadDoc(docId: DocId): Promise<LoadedDoc> {
    if (this.surelyEmpty(docId)) {
      this.logs.set(docId, DocLog.fromScan(docId, { entries: [], quarantineKeys: [] }));
      return { updates: [], problems: [] };
    }
    let entries: readonly KvEntry[];
    try {
      entries = (await this.readKnown(docId)) ?? (await this.scanForLoad(docId)).entries;
    } catch (error) {
      if (!(error instanceof CommonplaceError && error.code === 'corrupt-record')) throw error;
      throw new CommonplaceError('corrupt-record', `doc ${docId}: ${error.message}`, { cause: error });
    }
    const { good, bad } = checkRecords(docId, entries);
    const problems = bad.map((record) => problemOf(docId, record));
    const movable = bad.filter((record) => record.seq !== undefined);
    for (const problem of problems) log.warn(`${this.label}: ${problem.message}`);
    if (movable.length > 0) await this.enqueue((settle) => ({ kind: 'quarantine', docId, moves: movable, ...settle }));
    return { updates: good.flatMap((record) => record.updates), problems };
  }

  private scanForLoad(docId: DocId): Promise<DocScan> {
    const scanning = this.scan(docId);
    if (!this.logs.has(docId) && !this.loading.has(docId)) this.adoptScan(docId, scanning);
    return scanning;
  }

  /**
   * A doc whose records we already account for is read by key (one getMany) instead of by a
   * range scan: LevelDB iterators cost ~0.5 ms each, a host answering a catch-up loads a thousand
   * docs. Null — scan instead — if the accounting is not there, the range held odd keys, or a
   * record is missing (a write or compaction in flight changed the keys meanwhile).
   */
  private async readKnown(docId: DocId): Promise<KvEntry[] | null> {
    const docLog = this.logs.get(docId);
    if (!docLog || docLog.odd) return null;
    const keys = docLog.seqs().map((seq) => docKey(docId, seq));
    const values = await this.kv.getMany(keys);
    const entries: KvEntry[] = [];
    for (const [i, key] of keys.entries()) {
      const value = values[i];
      if (value === undefined) return null;
      entries.push({ key, value });
    }
    return entries;
  }

  private async scan(docId: DocId): Promise<DocScan> {
    // The first scan also lists the docs, once, in the background: later loads of docs with
    // nothing stored then skip their scan (see `listed`), whoever opened the store.
    this.listing ??= this.list().then(
      () => undefined,
      (error: unknown) => log.debug(`${this.label}: could not list the docs`, error),
    );
    const [entries, quarantineKeys] = await Promise.all([
      this.kv.entries(docRange(docId)),
      this.quarantinedDocs().then((docs) => (docs.has(docId) ? this.kv.keys(quarantineRange(docId)) : [])),
    ]);
    return { entries, quarantineKeys };
  }

  /** Whether the doc has no records on disk, known without reading (see `listed`). */
  private surelyEmpty(docId: DocId): boolean {
    if (!this.listed || this.listed.has(docId) || this.written.has(docId)) return false;
    if (this.logs.has(docId) || this.loading.has(docId)) return false; // its accounting says more
    return this.quarantinedNow !== null && !this.quarantinedNow.has(docId); // its next seq needs its quarantine
  }

  private quarantinedDocs(): Promise<Set<string>> {
    if (!this.quarantined) {
      const reading: Promise<Set<string>> = this.kv.children(QUARANTINE_PREFIX).then((ids) => {
        const docs = new Set(ids);
        if (this.quarantined === reading) this.quarantinedNow = docs;
        return docs;
      });
      reading.catch(() => this.quarantined === reading && (this.quarantined = null)); // retried by the next scan
      this.quarantined = reading;
    }
    return this.quarantined;
  }

  /** The doc's accounting, scanning the disk the first time (or after a failed batch). */
  private docLog(docId: DocId): DocLog | Promise<DocLog> {
    return this.logs.get(docId) ?? this.loading.get(docId) ?? this.adoptScan(docId, this.scan(docId));
  }

  private adoptScan(docId: DocId, scanning: Promise<DocScan>): Promise<DocLog> {
    const built = scanning.then((scan) => {
      const docLog = DocLog.fromScan(docId, scan);
      if (this.loading.get(docId) === built) {
        this.logs.set(docId, docLog);
        this.loading.delete(docId);
      }
      return docLog;
    });
    this.loading.set(docId, built);
    // A failed scan is reported to whoever awaits it; forget it so the next use rescans.
    built.catch(() => this.loading.get(docId) === built && this.loading.delete(docId));
    return built;
  }

  // ---- group commit ----

  private enqueue(make: (settle: Settle) => WriteUnit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const unit = make({ resolve, reject });
      this.openAppends.delete(unit.docId); // appends after this unit must follow it
      this.schedule(unit);
    });
  }

  private schedule(unit: WriteUnit): void {
    this.queue.push(unit);
    this.flushing ??= this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    await Promise.resolve(); // let the caller's same-tick writes join the first batch
    try {
      while (this.queue.length > 0) {
        const units = this.queue.splice(0, batchLength(this.queue));
        for (const unit of units) {
          if (unit.kind === 'append' && this.openAppends.get(unit.docId)?.unit === unit) this.openAppends.delete(unit.docId);
        }
        try {
          const ops: KvOp[] = [];
          for (const unit of units) {
            if (unit.kind === 'quarantine') this.noteQuarantined(unit.docId);
            buildOps(unit, this.logs.get(unit.docId) ?? (await this.docLog(unit.docId)), ops);
          }
          await this.kv.write(ops);
        } catch (error) {
          const wrapped = CommonplaceError.from(error);
          log.error(`${this.label}: a batch of ${units.length} writes failed`, wrapped);
          for (const unit of units) this.logs.delete(unit.docId);
          for (const unit of units) unit.reject(wrapped);
          continue;
        }
        for (const unit of units) unit.resolve();
      }
    } finally {
      this.flushing = null;
    }
  }

  /** Before a quarantine write: later scans of the doc must read its quarantine keys (seqs are never reused). */
  private noteQuarantined(docId: DocId): void {
    if (this.quarantinedNow) this.quarantinedNow.add(docId);
    else this.quarantined = null; // being read: read again after this write
  }

  // ---- guards ----

  private unusable(docId?: DocId): CommonplaceError | undefined {
    if (this.closing) return new CommonplaceError('store-closed', `the doc store ${this.label} is closed`);
    if (docId !== undefined && !isId(docId)) return new CommonplaceError('invalid-argument', `not a doc id: ${String(docId)}`);
    return undefined;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.reads.add(work);
    const forget = (): void => void this.reads.delete(work);
    work.then(forget, forget);
    return work;
  }
}

const emptyUpdate = (docId: DocId): CommonplaceError =>
  new CommonplaceError('invalid-argument', `empty update for doc ${docId}`);

const unitBytes = (unit: WriteUnit): number =>
  unit.kind === 'append' ? unit.list.payloadBytes : unit.kind === 'compact' ? unit.record.length : 0;

function batchLength(queue: readonly WriteUnit[]): number {
  let bytes = 0;
  let count = 0;
  for (const unit of queue) {
    if (count > 0 && bytes + unitBytes(unit) > MAX_BATCH_BYTES) break;
    bytes += unitBytes(unit);
    count += 1;
  }
  return count;
}

/** Turns one unit into batch ops, updating the doc's accounting to match. */
function buildOps(unit: WriteUnit, docLog: DocLog, ops: KvOp[]): void {
  switch (unit.kind) {
    case 'append': {
      const seq = docLog.nextSeq;
      ops.push({ type: 'put', key: docKey(unit.docId, seq), value: unit.list.seal() });
      docLog.add(seq, RecordKind.updates, unit.list.payloadBytes);
      return;
    }
    case 'compact': {
      for (const seq of docLog.clear()) ops.push({ type: 'del', key: docKey(unit.docId, seq) });
      const seq = docLog.nextSeq;
      ops.push({ type: 'put', key: docKey(unit.docId, seq), value: unit.record });
      docLog.add(seq, RecordKind.snapshot, unit.payloadBytes);
      return;
    }
    case 'delete':
      for (const seq of docLog.clear()) ops.push({ type: 'del', key: docKey(unit.docId, seq) });
      return;
    case 'quarantine':
      // The record may be gone already (a compaction raced the load): keeping a copy is harmless.
      for (const { seq, key, value } of unit.moves) {
        if (seq === undefined) continue;
        ops.push({ type: 'put', key: quarantineKey(unit.docId, seq), value }, { type: 'del', key });
        docLog.remove(seq);
      }
      return;
    default: {
      const never: never = unit;
      throw new CommonplaceError('internal', `unknown write unit ${JSON.stringify(never)}`);
    }
  }
}

function problemOf(docId: DocId, record: BadRecord): StoreProblem {
  const moved = record.seq === undefined ? record.key : quarantineKey(docId, record.seq);
  const where = record.seq === undefined ? 'left in place' : `moved to ${moved}`;
  return {
    docId,
    recordKey: record.key,
    quarantineKey: moved,
    reason: record.reason,
    message: `doc ${docId}: record ${record.key} is unreadable and was set aside (${where}): ${record.reason}`,
  };
}
