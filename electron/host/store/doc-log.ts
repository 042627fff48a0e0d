/**
 * In-memory accounting of one doc's live records (what stats() reports and what compact and
 * delete must remove), and the check that sorts a doc's stored records into good and bad.
 */
import type { KvEntry } from './kv-backend';
import { decodeRecord, docRange, quarantineRange, RecordKind, seqOfKey, splitUpdateList } from './record';
import type { DocStoreStats } from './doc-store';
import { checkUpdate } from './update-check';

interface LiveRecord {
  readonly kind: RecordKind;
  readonly bytes: number;
}

export class DocLog {
  /** Seqs are never reused, not even after delete or quarantine: the next one is above all seen. */
  nextSeq = 0;
  /**
   * The doc's range held keys or records the scan could not account for (left in place and
   * reported at every load): its loads keep scanning the range instead of reading `seqs()`.
   */
  odd = false;
  private readonly live = new Map<number, LiveRecord>();
  private updates = 0;
  private updateBytes = 0;
  private snapshotBytes = 0;

  add(seq: number, kind: RecordKind, bytes: number): void {
    this.remove(seq);
    this.live.set(seq, { kind, bytes });
    if (kind === RecordKind.snapshot) this.snapshotBytes += bytes;
    else {
      this.updates += 1;
      this.updateBytes += bytes;
    }
    this.nextSeq = Math.max(this.nextSeq, seq + 1);
  }

  remove(seq: number): void {
    const record = this.live.get(seq);
    if (!record) return;
    this.live.delete(seq);
    if (record.kind === RecordKind.snapshot) this.snapshotBytes -= record.bytes;
    else {
      this.updates -= 1;
      this.updateBytes -= record.bytes;
    }
  }

  /** Forgets every live record and returns their seqs (for compact and delete). */
  clear(): number[] {
    const seqs = [...this.live.keys()];
    this.live.clear();
    this.updates = this.updateBytes = this.snapshotBytes = 0;
    return seqs;
  }

  /** The seqs of the live records, in order: what a load reads when the range holds nothing odd. */
  seqs(): number[] {
    return [...this.live.keys()].sort((a, b) => a - b);
  }

  stats(): DocStoreStats {
    return { recordsSinceSnapshot: this.updates, bytesSinceSnapshot: this.updateBytes, snapshotBytes: this.snapshotBytes };
  }

  /** Builds the accounting from a scan of the doc's records and quarantine keys. */
  static fromScan(docId: string, scan: DocScan): DocLog {
    const log = new DocLog();
    const range = docRange(docId);
    for (const { key, value } of scan.entries) {
      const seq = seqOfKey(key, range);
      if (seq === undefined) {
        log.odd = true;
        continue;
      }
      const record = decodeRecord(value); // frame only: load does the full check
      if (record.ok) log.add(seq, record.kind, record.payload.length);
      else log.nextSeq = Math.max(log.nextSeq, seq + 1);
    }
    const quarantine = quarantineRange(docId);
    for (const key of scan.quarantineKeys) {
      const seq = seqOfKey(key, quarantine);
      if (seq !== undefined) log.nextSeq = Math.max(log.nextSeq, seq + 1);
    }
    return log;
  }

  static readonly empty: DocStoreStats = { recordsSinceSnapshot: 0, bytesSinceSnapshot: 0, snapshotBytes: 0 };
}

export interface DocScan {
  readonly entries: readonly KvEntry[];
  readonly quarantineKeys: readonly string[];
}

export interface GoodRecord {
  readonly seq: number;
  readonly kind: RecordKind;
  /** The Yjs updates it holds, in order (views into the stored value). */
  readonly updates: readonly Uint8Array[];
}

export interface BadRecord {
  /** undefined when the key itself is malformed: such a record is reported but left in place. */
  readonly seq: number | undefined;
  readonly key: string;
  readonly value: Uint8Array;
  readonly reason: string;
}

/**
 * Sorts stored records into good and bad. A record is bad if its frame fails (checksum,
 * truncation, magic, version), its update list is malformed, or one of its updates does not
 * parse as a Yjs update (update-check.ts; about 1 ms for a 400 KB snapshot). Only load pays
 * for the parse check, not the accounting scan.
 */
export function checkRecords(docId: string, entries: readonly KvEntry[]): { good: GoodRecord[]; bad: BadRecord[] } {
  const range = docRange(docId);
  const good: GoodRecord[] = [];
  const bad: BadRecord[] = [];
  for (const { key, value } of entries) {
    const seq = seqOfKey(key, range);
    const checked = seq === undefined ? 'malformed record key' : checkRecord(value);
    if (typeof checked === 'string') bad.push({ seq, key, value, reason: checked });
    else if (seq !== undefined) good.push({ seq, ...checked });
  }
  return { good, bad };
}

/** The record's kind and updates, or why it is unusable. */
function checkRecord(value: Uint8Array): { kind: RecordKind; updates: Uint8Array[] } | string {
  const record = decodeRecord(value);
  if (!record.ok) return record.reason;
  let updates: Uint8Array[];
  try {
    updates = record.kind === RecordKind.snapshot ? [record.payload] : splitUpdateList(record.payload);
  } catch (error) {
    return `checksum ok but the update list is malformed (${messageOf(error)})`;
  }
  for (const [i, update] of updates.entries()) {
    const failure = checkUpdate(update);
    if (failure === undefined) continue;
    const which = updates.length > 1 ? `update ${i} of ${updates.length}` : 'its payload';
    return `checksum ok but ${which} is not a Yjs update (${failure})`;
  }
  return { kind: record.kind, updates };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
