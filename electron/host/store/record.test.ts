import { describe, expect, it } from 'vitest';
import {
  decodeRecord,
  docKey,
  docRange,
  encodeRecord,
  quarantineKey,
  RECORD_HEADER_BYTES,
  RecordKind,
  seqOfKey,
  splitUpdateList,
  UpdateListRecord,
} from './record';

const payload = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

describe('record framing', () => {
  it('round-trips kind and payload', () => {
    for (const kind of [RecordKind.updates, RecordKind.snapshot]) {
      const decoded = decodeRecord(encodeRecord(kind, payload));
      expect(decoded).toEqual({ ok: true, kind, payload });
    }
    expect(decodeRecord(encodeRecord(RecordKind.updates, new Uint8Array()))).toMatchObject({ ok: true });
  });

  it('detects every single flipped bit, in header and payload', () => {
    const record = encodeRecord(RecordKind.updates, payload);
    for (let byte = 0; byte < record.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = record.slice();
        damaged[byte] = (damaged[byte] ?? 0) ^ (1 << bit);
        expect(decodeRecord(damaged).ok, `byte ${byte} bit ${bit}`).toBe(false);
      }
    }
  });

  it('detects truncation and says so', () => {
    const record = encodeRecord(RecordKind.updates, payload);
    for (let length = 0; length < record.length; length++) {
      const decoded = decodeRecord(record.subarray(0, length));
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.reason).toMatch(/truncated/);
    }
    expect(decodeRecord(record.subarray(0, RECORD_HEADER_BYTES + 3))).toMatchObject({
      reason: 'truncated: header says 10 payload bytes, 3 stored',
    });
  });

  it('reads a record that sits inside a larger buffer', () => {
    const record = encodeRecord(RecordKind.snapshot, payload);
    const big = new Uint8Array(record.length + 7);
    big.set(record, 5);
    expect(decodeRecord(big.subarray(5, 5 + record.length))).toMatchObject({ ok: true, kind: RecordKind.snapshot });
  });
});

describe('update list records', () => {
  it('hold several updates, in order', () => {
    const list = new UpdateListRecord();
    const updates = [new Uint8Array([1]), new Uint8Array(300).fill(7), new Uint8Array([2, 3])];
    for (const update of updates) list.add(update);
    const decoded = decodeRecord(list.seal());
    expect(decoded).toMatchObject({ ok: true, kind: RecordKind.updates });
    if (decoded.ok) expect(splitUpdateList(decoded.payload)).toEqual(updates);
    expect(list.payloadBytes).toBe(1 + 1 + 2 + 300 + 1 + 2); // varint lengths + bytes
  });

  it('refuse a malformed list', () => {
    expect(() => splitUpdateList(new Uint8Array([5, 1, 2]))).toThrow(/overruns/);
    expect(() => splitUpdateList(new Uint8Array([0xff]))).toThrow();
    expect(() => splitUpdateList(new Uint8Array())).toThrow(/empty/);
  });
});

describe('record keys', () => {
  const docId = '0123456789abcdef0123456789abcdef';

  it('sort in seq order and stay inside the doc range', () => {
    const keys = [0, 1, 15, 16, 255, 4096, 2 ** 40].map((seq) => docKey(docId, seq));
    expect([...keys].sort()).toEqual(keys);
    const range = docRange(docId);
    for (const key of keys) expect(key >= range.gte && key < range.lt).toBe(true);
    expect(seqOfKey(docKey(docId, 4096), range)).toBe(4096);
  });

  it('keep other docs and the quarantine out of the range', () => {
    const range = docRange(docId);
    for (const other of [docKey(docId.replace(/f$/, 'e'), 1), quarantineKey(docId, 1), `doc/${docId}`, `doc/${docId}0/x`]) {
      expect(other >= range.gte && other < range.lt, other).toBe(false);
    }
    expect(seqOfKey(`doc/${docId}/xyz`, range)).toBeUndefined();
  });

  it('refuse a seq beyond the key width', () => {
    expect(() => docKey(docId, 2 ** 48)).toThrow(RangeError);
    expect(() => docKey(docId, -1)).toThrow(RangeError);
  });
});
