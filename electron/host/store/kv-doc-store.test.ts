/** Quarantine and group commit, on the in-memory twin (the disk store has integration tests). */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newPageId, type DocId } from '../../../shared/ids';
import { applyLoaded, type LoadedDoc } from './doc-store';
import type { KvOp } from './kv-backend';
import { MemoryDocStore, MemoryKv } from './memory-doc-store';
import { docKey, docRange, encodeRecord, quarantineKey, RecordKind } from './record';

class CountingKv extends MemoryKv {
  batches: number[] = [];
  override write(ops: readonly KvOp[]): Promise<void> {
    this.batches.push(ops.length);
    return super.write(ops);
  }
}

async function storeWithDoc(texts: string[]): Promise<{ store: MemoryDocStore; docId: DocId; memory: MemoryKv }> {
  const memory = new MemoryKv();
  const store = new MemoryDocStore(memory);
  const docId = newPageId();
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const text of texts) doc.getArray<string>('a').push([text]);
  for (const u of updates) await store.append(docId, u);
  return { store, docId, memory };
}

function contentOf(loaded: LoadedDoc): string[] {
  const doc = new Y.Doc();
  applyLoaded(doc, loaded, null);
  return doc.getArray<string>('a').toArray();
}

describe('KvDocStore quarantine', () => {
  it('sets aside a record with a bad checksum, names doc and record, loads the rest', async () => {
    const { store, docId, memory } = await storeWithDoc(['a', 'b', 'c']);
    const key = docKey(docId, 1);
    const damaged = memory.map.get(key)?.slice() ?? new Uint8Array();
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
    memory.map.set(key, damaged);

    const loaded = await store.load(docId);
    expect(loaded.problems).toHaveLength(1);
    const [problem] = loaded.problems;
    expect(problem).toMatchObject({ docId, recordKey: key, quarantineKey: quarantineKey(docId, 1) });
    expect(problem?.reason).toMatch(/checksum mismatch/);
    expect(problem?.message).toContain(docId);
    expect(problem?.message).toContain(key);
    // 'b' was the lost record; 'c' depends on it, so Yjs keeps it pending: only 'a' shows.
    expect(contentOf(loaded)).toEqual(['a']);
    expect(memory.map.has(key)).toBe(false);
    expect(memory.map.get(quarantineKey(docId, 1))).toEqual(damaged);
    expect(store.stats(docId).recordsSinceSnapshot).toBe(2);
    // Second load: nothing left to report.
    expect((await store.load(docId)).problems).toEqual([]);
  });

  it('sets aside a well-framed record whose payload is not a Yjs update', async () => {
    const { docId, memory } = await storeWithDoc(['a', 'b']);
    // A well-formed list of one 3-byte "update" that Yjs cannot decode, found at the next start.
    memory.map.set(docKey(docId, 2), encodeRecord(RecordKind.updates, new Uint8Array([3, 0xff, 0xff, 0xff])));
    const loaded = await new MemoryDocStore(memory).load(docId);
    expect(loaded.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/not a Yjs update/)]);
    expect(contentOf(loaded)).toEqual(['a', 'b']);
    expect(memory.map.has(quarantineKey(docId, 2))).toBe(true);
  });

  it('never reuses the seq of a quarantined record', async () => {
    const { docId, memory } = await storeWithDoc(['a', 'b']);
    memory.map.set(docKey(docId, 1), new Uint8Array([1, 2, 3])); // the last record is bad
    const store = new MemoryDocStore(memory); // a restart
    expect((await store.load(docId)).problems).toHaveLength(1);
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => void store.append(docId, u));
    doc.getArray<string>('a').push(['z']);
    await store.close();
    expect(memory.map.has(docKey(docId, 2))).toBe(true);
    expect(memory.map.get(quarantineKey(docId, 1))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('after a restart, reads the quarantine of a doc that has one, so its seqs stay unused', async () => {
    const { docId, memory } = await storeWithDoc(['a']);
    memory.map.set(docKey(docId, 0), new Uint8Array([1, 2, 3]));
    await new MemoryDocStore(memory).load(docId); // quarantines seq 0: the doc range is now empty
    expect([...memory.map.keys()].filter((k) => k.startsWith('doc/'))).toEqual([]);
    const store = new MemoryDocStore(memory); // a restart: only the quarantine remembers seq 0
    await store.list(); // the doc is not listed (no records), but must not load as "surely empty"
    await store.load(newPageId()); // reads the quarantine index
    await store.load(docId);
    const doc = new Y.Doc();
    doc.getArray<string>('a').push(['b']);
    await store.append(docId, Y.encodeStateAsUpdate(doc));
    expect(memory.map.has(docKey(docId, 0))).toBe(false);
    expect(memory.map.has(docKey(docId, 1))).toBe(true);
  });

  it('does not scan the quarantine of docs that have none', async () => {
    const memory = new (class extends MemoryKv {
      keyScans = 0;
      override keys(range: Parameters<MemoryKv['keys']>[0]): Promise<string[]> {
        this.keyScans++;
        return super.keys(range);
      }
    })();
    const store = new MemoryDocStore(memory);
    for (let i = 0; i < 5; i++) await store.load(newPageId());
    expect(memory.keyScans).toBe(0);
  });

  it('after a listing, loads a doc with no records without reading the disk, and any doc written since in full', async () => {
    const memory = new (class extends MemoryKv {
      reads = 0;
      override entries(range: Parameters<MemoryKv['entries']>[0]): ReturnType<MemoryKv['entries']> {
        this.reads++;
        return super.entries(range);
      }
    })();
    const writer = new MemoryDocStore(memory);
    const stored = newPageId();
    const doc = new Y.Doc();
    doc.getArray<string>('a').push(['on disk']);
    await writer.append(stored, Y.encodeStateAsUpdate(doc));

    const store = new MemoryDocStore(memory); // a restart
    await store.load(newPageId()); // first load: scans (and reads the quarantine index)
    const listing = store.list();
    const late = newPageId(); // written while the listing runs
    const lateDoc = new Y.Doc();
    lateDoc.getArray<string>('a').push(['late']);
    await store.append(late, Y.encodeStateAsUpdate(lateDoc));
    expect(await listing).toContain(stored);

    memory.reads = 0;
    const empty = await store.load(newPageId());
    expect(empty).toEqual({ updates: [], problems: [] });
    expect(memory.reads).toBe(0);
    expect(contentOf(await store.load(stored))).toEqual(['on disk']);
    expect(contentOf(await store.load(late))).toEqual(['late']);
    expect(memory.reads).toBe(1); // `stored` is scanned; `late`, written by this store, is read by key
  });

  it('reads a doc it already accounts for by key, not by scanning its range, and sees rot in it', async () => {
    const memory = new (class extends MemoryKv {
      scans = 0;
      override entries(range: Parameters<MemoryKv['entries']>[0]): ReturnType<MemoryKv['entries']> {
        this.scans++;
        return super.entries(range);
      }
    })();
    const store = new MemoryDocStore(memory);
    const docId = newPageId();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getArray<string>('a').push(['a']);
    doc.getArray<string>('a').push(['b']);
    await store.append(docId, updates[0] as Uint8Array); // its accounting exists from here on
    await store.append(docId, updates[1] as Uint8Array);
    const scansBefore = memory.scans;
    expect(contentOf(await store.load(docId))).toEqual(['a', 'b']);
    expect(memory.scans).toBe(scansBefore);
    // bit rot in a record it knows: still caught, set aside
    const key = docKey(docId, 1);
    const damaged = memory.map.get(key)?.slice() ?? new Uint8Array();
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
    memory.map.set(key, damaged);
    const loaded = await store.load(docId);
    expect(loaded.problems.map((p) => p.recordKey)).toEqual([key]);
    expect(contentOf(loaded)).toEqual(['a']);
    // a record missing from under it (changed meanwhile): it scans instead
    memory.map.delete(docKey(docId, 0));
    expect(contentOf(await store.load(docId))).toEqual([]);
    expect(memory.scans).toBe(scansBefore + 1);
  });

  it('lists its docs by itself after the first load, so a host that never lists gets the same', async () => {
    const memory = new (class extends MemoryKv {
      reads = 0;
      override entries(range: Parameters<MemoryKv['entries']>[0]): ReturnType<MemoryKv['entries']> {
        this.reads++;
        return super.entries(range);
      }
    })();
    const store = new MemoryDocStore(memory);
    await store.load(newPageId()); // scans, and starts listing
    await new Promise((resolve) => setImmediate(resolve));
    memory.reads = 0;
    for (let i = 0; i < 3; i++) await store.load(newPageId());
    expect(memory.reads).toBe(0);
  });

  it('reports a malformed key inside the doc range and leaves it in place', async () => {
    const { docId, memory } = await storeWithDoc(['a']);
    const odd = `${docRange(docId).gte}not-a-seq`;
    memory.map.set(odd, new Uint8Array([1]));
    const store = new MemoryDocStore(memory); // found at the next start
    for (let load = 0; load < 2; load++) {
      const loaded = await store.load(docId); // and reported at every load (the range is scanned, not read by key)
      expect(loaded.problems).toMatchObject([{ recordKey: odd, quarantineKey: odd, reason: 'malformed record key' }]);
      expect(memory.map.has(odd)).toBe(true);
      expect(contentOf(loaded)).toEqual(['a']);
    }
  });
});

describe('KvDocStore group commit', () => {
  it('writes appends made while a batch is in flight as one next batch', async () => {
    const kv = new CountingKv();
    const store = new MemoryDocStore(kv);
    const docId = newPageId();
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const first = store.append(docId, update);
    await Promise.resolve();
    await Promise.resolve(); // the first batch is now in flight
    const rest = Array.from({ length: 100 }, () => store.append(docId, update));
    expect(new Set(rest).size).toBe(1); // they share one record and one promise
    await Promise.all([first, ...rest]);
    expect(kv.batches).toEqual([1, 1]);
    expect(store.stats(docId).recordsSinceSnapshot).toBe(2);
    const loaded = await store.load(docId);
    expect(loaded.updates).toHaveLength(101);
  });

  it('rejects every append of a failed batch, then recovers', async () => {
    class FailingOnceKv extends MemoryKv {
      failed = false;
      override async write(ops: readonly KvOp[]): Promise<void> {
        if (!this.failed) {
          this.failed = true;
          throw new Error('disk full');
        }
        return super.write(ops);
      }
    }
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = new MemoryDocStore(new FailingOnceKv());
    const docId = newPageId();
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const results = await Promise.allSettled([store.append(docId, update), store.append(docId, update)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(logged).toHaveBeenCalledWith('[store]', expect.stringContaining('a batch of 1 writes failed'), expect.anything());
    logged.mockRestore();
    await store.append(docId, update);
    expect(store.stats(docId).recordsSinceSnapshot).toBe(1);
    expect((await store.load(docId)).updates).toHaveLength(1);
  });
});
