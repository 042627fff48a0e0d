/**
 * In-memory accounting of one doc's live records (what stats() reports and what compact and
 * delete must remove), and the check that sorts a doc's stored records into good and bad.
 */
import * as Y from 'yjs';
import type { KvEntry } from './kv-backend';
import { decodeRecord, docRange, quarantineRange, RecordKind, seqOfKey } from './record';
import type { DocStoreStats } from './doc-store';

interface LiveRecord {
  readonly kind: RecordKind;
  readonly bytes: number;
}

export class DocLog {
  /** Seqs are never reused, not even after delete or quarantine: the next one is above all seen. */
  nextSeq = 0;
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

  stats(): DocStoreStats {
    return { recordsSinceSnapshot: this.updates, bytesSinceSnapshot: this.updateBytes, snapshotBytes: this.snapshotBytes };
  }

  /** Builds the accounting from a scan of the doc's records and quarantine keys. */
  static fromScan(docId: string, scan: DocScan): DocLog {
    const log = new DocLog();
    const { good, bad } = checkRecords(docId, scan.entries, false);
    for (const record of good) log.add(record.seq, record.kind, record.payload.length);
    for (const record of bad) if (record.seq !== undefined) log.nextSeq = Math.max(log.nextSeq, record.seq + 1);
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
  readonly payload: Uint8Array;
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
 * truncation, magic, version) or, when `decodeYjs`, its payload is not a decodable Yjs update.
 * NOTE: decoding costs about as much as parsing the update (a few ms for a 400 KB snapshot),
 * which is why only load pays it, not the accounting scan.
 */
export function checkRecords(
  docId: string,
  entries: readonly KvEntry[],
  decodeYjs: boolean,
): { good: GoodRecord[]; bad: BadRecord[] } {
  const range = docRange(docId);
  const good: GoodRecord[] = [];
  const bad: BadRecord[] = [];
  for (const { key, value } of entries) {
    const seq = seqOfKey(key, range);
    if (seq === undefined) {
      bad.push({ seq, key, value, reason: 'malformed record key' });
      continue;
    }
    const record = decodeRecord(value);
    if (!record.ok) {
      bad.push({ seq, key, value, reason: record.reason });
      continue;
    }
    if (decodeYjs) {
      const failure = yjsDecodeFailure(record.payload);
      if (failure !== undefined) {
        bad.push({ seq, key, value, reason: `checksum ok but not a Yjs update (${failure})` });
        continue;
      }
    }
    good.push({ seq, kind: record.kind, payload: record.payload });
  }
  return { good, bad };
}

function yjsDecodeFailure(payload: Uint8Array): string | undefined {
  try {
    Y.decodeUpdate(payload);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
