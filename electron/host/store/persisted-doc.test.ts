import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newPageId, type DocId } from '../../../shared/ids';
import type { DocStore, DocStoreStats, LoadedDoc } from './doc-store';
import { LevelDocStore } from './level-doc-store';
import { MemoryDocStore, MemoryKv } from './memory-doc-store';
import { PersistedDoc } from './persisted-doc';
import { docKey } from './record';

/** Delegates to a MemoryDocStore, counting calls and failing appends on demand. */
class SpyStore implements DocStore {
  readonly inner: MemoryDocStore;
  appends = 0;
  compactions = 0;
  failNextAppends = 0;
  constructor(memory = new MemoryKv()) {
    this.inner = new MemoryDocStore(memory);
  }
  load(docId: DocId): Promise<LoadedDoc> {
    return this.inner.load(docId);
  }
  append(docId: DocId, update: Uint8Array): Promise<void> {
    this.appends += 1;
    if (this.failNextAppends > 0) {
      this.failNextAppends -= 1;
      return Promise.reject(new Error('disk full'));
    }
    return this.inner.append(docId, update);
  }
  compact(docId: DocId, snapshot: Uint8Array): Promise<void> {
    this.compactions += 1;
    return this.inner.compact(docId, snapshot);
  }
  stats(docId: DocId): DocStoreStats {
    return this.inner.stats(docId);
  }
  list(): Promise<DocId[]> {
    return this.inner.list();
  }
  delete(docId: DocId): Promise<void> {
    return this.inner.delete(docId);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const updateListeners = (doc: Y.Doc): number =>
  (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update')?.size ?? 0;

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('PersistedDoc', () => {
  it('restores two docs from disk after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'commonplace-persisted-'));
    dirs.push(dir);
    const [idA, idB] = [newPageId(), newPageId()];
    let store = await LevelDocStore.open(dir);
    const a = new Y.Doc({ gc: false });
    const b = new Y.Doc({ gc: false });
    const pa = await PersistedDoc.open(store, idA, a);
    const pb = await PersistedDoc.open(store, idB, b);
    a.getText('t').insert(0, 'alpha');
    a.getText('t').delete(0, 1);
    b.getMap('m').set('title', 'beta');
    b.getArray('list').push([1, 2, 3]);
    await Promise.all([pa.whenSaved(), pb.whenSaved()]);
    await Promise.all([pa.destroy(), pb.destroy()]);
    await store.close();

    store = await LevelDocStore.open(dir);
    const a2 = new Y.Doc({ gc: false });
    const b2 = new Y.Doc({ gc: false });
    const [pa2, pb2] = await Promise.all([PersistedDoc.open(store, idA, a2), PersistedDoc.open(store, idB, b2)]);
    expect(a2.getText('t').toString()).toBe('lpha');
    expect(b2.getMap('m').toJSON()).toEqual({ title: 'beta' });
    expect(b2.getArray('list').toJSON()).toEqual([1, 2, 3]);
    expect(Y.encodeStateVector(a2)).toEqual(Y.encodeStateVector(a));
    expect(pa2.problems).toEqual([]);
    expect(pa2.isSaved()).toBe(true);
    await Promise.all([pa2.destroy(), pb2.destroy()]);
    await store.close();
  });

  it('is unsaved until the flush, then saved, with the saved state vector following', async () => {
    const store = new MemoryDocStore();
    const doc = new Y.Doc();
    const persisted = await PersistedDoc.open(store, newPageId(), doc);
    const saves = vi.fn();
    persisted.onDidSave(saves);
    const empty = Y.encodeStateVector(doc);
    expect(persisted.isSaved()).toBe(true);

    doc.getText('t').insert(0, 'x');
    expect(persisted.isSaved()).toBe(false);
    expect(persisted.savedStateVector()).toEqual(empty);
    await persisted.whenSaved();
    expect(persisted.isSaved()).toBe(true);
    expect(persisted.savedStateVector()).toEqual(Y.encodeStateVector(doc));
    expect(saves).toHaveBeenCalledTimes(1);

    for (let i = 0; i < 50; i++) doc.getText('t').insert(0, 'y'); // one batch: one notification
    await persisted.whenSaved();
    expect(saves).toHaveBeenCalledTimes(2);
    await persisted.destroy();
  });

  it('does not append its own load, but saves content from before open', async () => {
    const store = new SpyStore();
    const docId = newPageId();
    const first = new Y.Doc();
    first.getText('t').insert(0, 'made before open');
    const p1 = await PersistedDoc.open(store, docId, first);
    expect(p1.isSaved()).toBe(false);
    await p1.whenSaved();
    expect(store.appends).toBe(1);
    await p1.destroy();

    const second = new Y.Doc();
    const p2 = await PersistedDoc.open(store, docId, second);
    expect(second.getText('t').toString()).toBe('made before open');
    await p2.whenSaved();
    expect(store.appends).toBe(1); // the load was not echoed back
    await p2.destroy();
  });

  it('saves edits made while the stored state is loading', async () => {
    const store = new MemoryDocStore();
    const docId = newPageId();
    const doc = new Y.Doc();
    const opening = PersistedDoc.open(store, docId, doc);
    doc.getText('t').insert(0, 'early');
    const persisted = await opening;
    await persisted.whenSaved();
    await persisted.destroy();
    const again = new Y.Doc();
    await (await PersistedDoc.open(store, docId, again)).destroy();
    expect(again.getText('t').toString()).toBe('early');
  });

  it('compacts past the threshold, rarely, and keeps the content', async () => {
    const store = new SpyStore();
    const docId = newPageId();
    const doc = new Y.Doc({ gc: false });
    const persisted = await PersistedDoc.open(store, docId, doc, { compactAfterBytes: 512 });
    const edits = 400;
    for (let i = 0; i < edits; i++) {
      doc.getText('t').insert(i, String(i % 10));
      await persisted.whenSaved(); // one flush per edit: the worst case for compaction
    }
    await persisted.destroy();
    const stats = store.stats(docId);
    expect(store.compactions).toBeGreaterThan(0);
    expect(store.compactions).toBeLessThan(edits / 10);
    expect(stats.snapshotBytes).toBeGreaterThan(0);
    expect(stats.recordsSinceSnapshot).toBeLessThan(edits / 2);

    const reloaded = new Y.Doc({ gc: false });
    await (await PersistedDoc.open(store, docId, reloaded)).destroy();
    expect(reloaded.getText('t').toString()).toBe(doc.getText('t').toString());
  });

  it('folds its records into a snapshot once the doc is idle, and on destroy', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // the memory store's I/O stays real
    try {
      const store = new SpyStore();
      const docId = newPageId();
      const doc = new Y.Doc();
      const persisted = await PersistedDoc.open(store, docId, doc, { compactWhenIdleMs: 1000 });
      for (const word of ['one', 'two', 'three']) {
        doc.getText('t').insert(0, word);
        await persisted.whenSaved();
      }
      expect(store.stats(docId)).toMatchObject({ recordsSinceSnapshot: 3, snapshotBytes: 0 });
      await vi.advanceTimersByTimeAsync(999);
      expect(store.compactions).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      await persisted.whenSaved();
      await new Promise((resolve) => setImmediate(resolve));
      expect(store.compactions).toBe(1);
      expect(store.stats(docId)).toMatchObject({ recordsSinceSnapshot: 0 });

      doc.getText('t').insert(0, 'four');
      await persisted.whenSaved();
      await persisted.destroy(); // a snapshot and one record: folded on unload
      expect(store.compactions).toBe(2);
      expect(store.stats(docId)).toMatchObject({ recordsSinceSnapshot: 0 });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('destroy removes its listeners and waits for pending writes', async () => {
    const store = new MemoryDocStore();
    const docId = newPageId();
    const doc = new Y.Doc();
    const before = updateListeners(doc);
    const persisted = await PersistedDoc.open(store, docId, doc);
    expect(updateListeners(doc)).toBe(before + 1);
    doc.getText('t').insert(0, 'pending');
    await persisted.destroy();
    expect(updateListeners(doc)).toBe(before);
    expect(store.stats(docId).recordsSinceSnapshot).toBe(1);
    doc.getText('t').insert(0, 'ignored');
    await Promise.resolve();
    expect(store.stats(docId).recordsSinceSnapshot).toBe(1);
  });

  it('is destroyed with its doc', async () => {
    const doc = new Y.Doc();
    const before = updateListeners(doc);
    await PersistedDoc.open(new MemoryDocStore(), newPageId(), doc);
    doc.destroy();
    expect(updateListeners(doc)).toBe(before);
  });

  it('exposes the problems the store found while loading', async () => {
    const memory = new MemoryKv();
    const store = new MemoryDocStore(memory);
    const docId = newPageId();
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'a');
    await store.append(docId, Y.encodeStateAsUpdate(doc)); // record 0
    await store.append(docId, Y.encodeStateAsUpdate(doc)); // record 1, damaged below
    memory.map.set(docKey(docId, 1), new Uint8Array([9, 9, 9]));

    const p2 = await PersistedDoc.open(store, docId, new Y.Doc());
    expect(p2.problems).toMatchObject([{ docId, recordKey: docKey(docId, 1) }]);
    expect(p2.doc.getText('t').toString()).toBe('a');
    await p2.destroy();
  });

  it('repairs a failed append with a snapshot before reporting saved', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = new SpyStore();
    const docId = newPageId();
    const doc = new Y.Doc();
    const persisted = await PersistedDoc.open(store, docId, doc);
    store.failNextAppends = 1;
    doc.getText('t').insert(0, 'lost append');
    await persisted.whenSaved();
    expect(store.compactions).toBe(1);
    expect(persisted.savedStateVector()).toEqual(Y.encodeStateVector(doc));
    await persisted.destroy();
    const reloaded = new Y.Doc();
    await (await PersistedDoc.open(store, docId, reloaded)).destroy();
    expect(reloaded.getText('t').toString()).toBe('lost append');
  });

  it('rejects whenSaved when the store is gone', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = new MemoryDocStore();
    const doc = new Y.Doc();
    const persisted = await PersistedDoc.open(store, newPageId(), doc);
    await store.close();
    doc.getText('t').insert(0, 'too late');
    await expect(persisted.whenSaved()).rejects.toMatchObject({ code: 'store-closed' });
    expect(persisted.isSaved()).toBe(false);
    await persisted.destroy();
  });
});
