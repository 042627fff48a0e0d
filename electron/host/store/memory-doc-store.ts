/**
 * MemoryDocStore: the in-memory twin of LevelDocStore for tests. It runs the very same
 * record log (KvDocStore) over a Map, so framing, quarantine, group commit and compaction
 * behave identically; only durability is pretend. Tests can reach the raw entries through
 * the MemoryKv they pass in (e.g. to corrupt a record).
 */
import { afterChild, prefixEnd, type KvBackend, type KvEntry, type KvOp } from './kv-backend';
import { KvDocStore } from './kv-doc-store';
import type { KeyRange } from './record';

export class MemoryKv implements KvBackend {
  /** The raw store: key → framed record. Exposed for tests that inspect or damage records. */
  readonly map = new Map<string, Uint8Array>();

  async write(ops: readonly KvOp[]): Promise<void> {
    // Yield to the event loop like real I/O, so appends made meanwhile form the next batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const op of ops) {
      if (op.type === 'put') this.map.set(op.key, op.value.slice());
      else this.map.delete(op.key);
    }
  }

  async entries(range: KeyRange): Promise<KvEntry[]> {
    return this.sortedKeys(range).map((key) => ({ key, value: (this.map.get(key) ?? new Uint8Array()).slice() }));
  }

  async getMany(keys: readonly string[]): Promise<Array<Uint8Array | undefined>> {
    return keys.map((key) => this.map.get(key)?.slice());
  }

  async keys(range: KeyRange): Promise<string[]> {
    return this.sortedKeys(range);
  }

  async children(prefix: string): Promise<string[]> {
    const found = new Set<string>();
    for (const key of this.sortedKeys({ gte: prefix, lt: prefixEnd(prefix) })) {
      const rest = key.slice(prefix.length);
      const child = rest.split('/', 1)[0] ?? rest;
      if (key < afterChild(prefix, child)) found.add(child);
    }
    return [...found];
  }

  async close(): Promise<void> {}

  // JS string order is UTF-16 order, which equals LevelDB's byte order for our ASCII keys.
  private sortedKeys(range: KeyRange): string[] {
    return [...this.map.keys()].filter((key) => key >= range.gte && key < range.lt).sort();
  }
}

export class MemoryDocStore extends KvDocStore {
  /** `memory` holds the raw records; pass your own to inspect or damage them in a test. */
  constructor(readonly memory: MemoryKv = new MemoryKv()) {
    super(memory, 'memory');
  }
}
