/**
 * The on-disk record format and key layout of the doc store. Changing either is a storage
 * migration: bump RECORD_FORMAT_VERSION and keep a reader for the old one.
 *
 * Record value = 11-byte header + payload:
 *   0      RECORD_MAGIC          says "this is a Commonplace record"
 *   1      RECORD_FORMAT_VERSION
 *   2      kind                  RecordKind
 *   3..6   payload length        u32 little-endian
 *   7..10  CRC-32                u32 little-endian, over bytes 0..6 and then the payload
 * The checksum covers the header too, so a flipped kind or length byte is caught as well.
 * Payload by kind:
 *   snapshot  one Yjs V1 update holding the doc's whole state (written by compact)
 *   updates   one or more Yjs V1 updates, each as a lib0 varUint length + its bytes: the
 *             appends of one doc that one group commit wrote together
 *
 * Keys (utf8, sorted bytewise by LevelDB):
 *   doc/<docId>/<seq>          a live record; seq is fixed-width hex, so key order = write order
 *   quarantine/<docId>/<seq>   a record set aside on load, kept for inspection or recovery
 */
import { crc32 } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const RECORD_MAGIC = 0xc7;
export const RECORD_FORMAT_VERSION = 1;
export const RECORD_HEADER_BYTES = 11;
/** Width of the hex sequence number in keys: 48 bits, far beyond any doc's record count. */
export const SEQ_HEX_DIGITS = 12;
const MAX_SEQ = 2 ** (SEQ_HEX_DIGITS * 4) - 1;
const CHECKED_HEADER_BYTES = 7; // bytes 0..6, covered by the CRC together with the payload

export const RecordKind = { updates: 1, snapshot: 2 } as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];
const isRecordKind = (value: number): value is RecordKind => value === RecordKind.updates || value === RecordKind.snapshot;

export function encodeRecord(kind: RecordKind, payload: Uint8Array): Uint8Array {
  const record = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  record.set(payload, RECORD_HEADER_BYTES);
  return sealRecord(kind, record);
}

/** Writes the header into `record`, whose first RECORD_HEADER_BYTES were left for it. */
function sealRecord(kind: RecordKind, record: Uint8Array): Uint8Array {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  record[0] = RECORD_MAGIC;
  record[1] = RECORD_FORMAT_VERSION;
  record[2] = kind;
  view.setUint32(3, record.length - RECORD_HEADER_BYTES, true);
  const checksum = recordChecksum(record.subarray(0, CHECKED_HEADER_BYTES), record.subarray(RECORD_HEADER_BYTES));
  view.setUint32(CHECKED_HEADER_BYTES, checksum, true);
  return record;
}

/**
 * Builds an `updates` record. Each update is copied in as it is added, so the caller's
 * buffer can die young (the write may wait for the disk a while).
 */
export class UpdateListRecord {
  private readonly encoder = encoding.createEncoder();
  count = 0;

  constructor() {
    encoding.writeUint8Array(this.encoder, new Uint8Array(RECORD_HEADER_BYTES));
  }

  add(update: Uint8Array): void {
    encoding.writeVarUint8Array(this.encoder, update);
    this.count += 1;
  }

  /** Payload bytes so far (length prefixes included). */
  get payloadBytes(): number {
    return encoding.length(this.encoder) - RECORD_HEADER_BYTES;
  }

  seal(): Uint8Array {
    return sealRecord(RecordKind.updates, encoding.toUint8Array(this.encoder));
  }
}

/** The updates of an `updates` payload (views into it); throws if the list is malformed. */
export function splitUpdateList(payload: Uint8Array): Uint8Array[] {
  const decoder = decoding.createDecoder(payload);
  const updates: Uint8Array[] = [];
  while (decoding.hasContent(decoder)) {
    const length = decoding.readVarUint(decoder);
    if (decoder.pos + length > payload.length) throw new Error(`update list entry ${updates.length} overruns the payload`);
    updates.push(decoding.readUint8Array(decoder, length));
  }
  if (updates.length === 0) throw new Error('empty update list');
  return updates;
}

export type DecodedRecord =
  | { readonly ok: true; readonly kind: RecordKind; readonly payload: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/** Checks the frame of a stored value. The payload is a view into `value`, not a copy. */
export function decodeRecord(value: Uint8Array): DecodedRecord {
  if (value.length < RECORD_HEADER_BYTES) {
    return { ok: false, reason: `truncated: ${value.length} bytes, shorter than the ${RECORD_HEADER_BYTES}-byte header` };
  }
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  if (value[0] !== RECORD_MAGIC) return { ok: false, reason: `bad magic byte 0x${hex2(value[0])}` };
  if (value[1] !== RECORD_FORMAT_VERSION) return { ok: false, reason: `unknown record format version ${value[1]}` };
  const length = view.getUint32(3, true);
  const actual = value.length - RECORD_HEADER_BYTES;
  if (length !== actual) {
    const what = actual < length ? 'truncated' : 'overlong';
    return { ok: false, reason: `${what}: header says ${length} payload bytes, ${actual} stored` };
  }
  const payload = value.subarray(RECORD_HEADER_BYTES);
  const stored = view.getUint32(CHECKED_HEADER_BYTES, true);
  const computed = recordChecksum(value.subarray(0, CHECKED_HEADER_BYTES), payload);
  if (stored !== computed) {
    return { ok: false, reason: `checksum mismatch: stored ${hex8(stored)}, computed ${hex8(computed)}` };
  }
  const kind = value[2] ?? 0;
  if (!isRecordKind(kind)) return { ok: false, reason: `unknown record kind ${kind}` };
  return { ok: true, kind, payload };
}

function recordChecksum(header: Uint8Array, payload: Uint8Array): number {
  return crc32(payload, crc32(header));
}

const hex2 = (n: number | undefined): string => (n ?? 0).toString(16).padStart(2, '0');
const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

// ---- keys ----

const DOC_PREFIX = 'doc/';
export const QUARANTINE_PREFIX = 'quarantine/';
/** '0' is the character after '/', so `<prefix>/` ≤ key < `<prefix>0` spans exactly one doc. */
const AFTER_SLASH = '0';

export interface KeyRange {
  readonly gte: string;
  readonly lt: string;
}

export const DOCS_PREFIX = DOC_PREFIX;
export const seqHex = (seq: number): string => {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > MAX_SEQ) throw new RangeError(`record seq out of range: ${seq}`);
  return seq.toString(16).padStart(SEQ_HEX_DIGITS, '0');
};
export const docKey = (docId: string, seq: number): string => `${DOC_PREFIX}${docId}/${seqHex(seq)}`;
export const quarantineKey = (docId: string, seq: number): string => `${QUARANTINE_PREFIX}${docId}/${seqHex(seq)}`;
export const docRange = (docId: string): KeyRange => ({
  gte: `${DOC_PREFIX}${docId}/`,
  lt: `${DOC_PREFIX}${docId}${AFTER_SLASH}`,
});
export const quarantineRange = (docId: string): KeyRange => ({
  gte: `${QUARANTINE_PREFIX}${docId}/`,
  lt: `${QUARANTINE_PREFIX}${docId}${AFTER_SLASH}`,
});

const SEQ_PATTERN = new RegExp(`^[0-9a-f]{${SEQ_HEX_DIGITS}}$`);

/** The seq at the end of a key inside `range`, or undefined if the key is malformed. */
export function seqOfKey(key: string, range: KeyRange): number | undefined {
  const tail = key.slice(range.gte.length);
  return key.startsWith(range.gte) && SEQ_PATTERN.test(tail) ? parseInt(tail, 16) : undefined;
}
