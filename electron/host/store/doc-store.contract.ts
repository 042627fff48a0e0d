/**
 * The DocStore contract as a test suite, run against every implementation (doc-store.test.ts).
 * `reopen` must return a new store over the same data, as after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError } from '../../../shared/errors';
import { newPageId, type DocId } from '../../../shared/ids';
import { applyLoaded, type DocStore, type LoadedDoc } from './doc-store';

export interface StoreFixture {
  /** Opens a store over this fixture's data: call again after close() to "restart". */
  open(): Promise<DocStore>;
  cleanup(): Promise<void>;
}

/** A Y.Doc that records every update it emits, so tests can append them one by one. */
function recordingDoc(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc({ gc: false });
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

function docFrom(loaded: LoadedDoc): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  applyLoaded(doc, loaded, null);
  return doc;
}

async function expectCode(work: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    expect(error).toBeInstanceOf(CommonplaceError);
    expect((error as CommonplaceError).code).toBe(code);
    return;
  }
  throw new Error(`expected CommonplaceError '${code}', but the call succeeded`);
}

export function docStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`DocStore contract: ${name}`, () => {
    const open: DocStore[] = [];
    let fixture: StoreFixture;

    async function start(): Promise<DocStore> {
      fixture ??= await makeFixture();
      const store = await fixture.open();
      open.push(store);
      return store;
    }
    async function restart(store: DocStore): Promise<DocStore> {
      await store.close();
      return start();
    }

    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
      await fixture?.cleanup();
      fixture = undefined as unknown as StoreFixture;
    });

    it('loads an unknown doc as null, with zero stats', async () => {
      const store = await start();
      const docId = newPageId();
      expect(await store.load(docId)).toEqual({ updates: [], problems: [] });
      expect(store.stats(docId)).toEqual({ recordsSinceSnapshot: 0, bytesSinceSnapshot: 0, snapshotBytes: 0 });
    });

    it('round-trips appended updates of two docs, also after a restart', async () => {
      let store = await start();
      const a = recordingDoc();
      const b = recordingDoc();
      const [idA, idB] = [newPageId(), newPageId()];
      a.doc.getText('t').insert(0, 'hello');
      a.doc.getText('t').insert(5, ' world');
      b.doc.getMap('m').set('k', 42);
      a.doc.getText('t').delete(0, 1);
      for (const u of a.updates) await store.append(idA, u);
      for (const u of b.updates) await store.append(idB, u);
      const bytesA = a.updates.reduce((n, u) => n + u.length, 0);
      const statsA = store.stats(idA);
      expect(statsA).toMatchObject({ recordsSinceSnapshot: 3, snapshotBytes: 0 });
      expect(statsA.bytesSinceSnapshot).toBeGreaterThanOrEqual(bytesA); // plus framing of the update lists

      for (const round of ['same instance', 'restarted']) {
        const loadedA = await store.load(idA);
        const loadedB = await store.load(idB);
        expect(loadedA.problems, round).toEqual([]);
        expect(docFrom(loadedA).getText('t').toString(), round).toBe('ello world');
        expect(Y.encodeStateVector(docFrom(loadedA))).toEqual(Y.encodeStateVector(a.doc));
        expect(docFrom(loadedB).getMap('m').get('k'), round).toBe(42);
        expect(store.stats(idA), round).toEqual(statsA);
        store = await restart(store);
      }
    });

    it('compact replaces the records with one snapshot and keeps later appends', async () => {
      let store = await start();
      const docId = newPageId();
      const { doc, updates } = recordingDoc();
      for (let i = 0; i < 10; i++) doc.getText('t').insert(i, String(i));
      for (const u of updates) await store.append(docId, u);
      const snapshot = Y.encodeStateAsUpdate(doc);
      await store.compact(docId, snapshot);
      expect(store.stats(docId)).toEqual({ recordsSinceSnapshot: 0, bytesSinceSnapshot: 0, snapshotBytes: snapshot.length });

      updates.length = 0;
      doc.getText('t').insert(0, '>');
      await store.append(docId, updates[0] ?? new Uint8Array());
      store = await restart(store);
      expect(docFrom(await store.load(docId)).getText('t').toString()).toBe('>0123456789');
      expect(store.stats(docId)).toMatchObject({ recordsSinceSnapshot: 1, snapshotBytes: snapshot.length });
    });

    it('compact also replaces appends still in flight', async () => {
      const store = await start();
      const docId = newPageId();
      const { doc, updates } = recordingDoc();
      doc.getText('t').insert(0, 'abc');
      doc.getText('t').insert(3, 'def');
      const writes = updates.map((u) => store.append(docId, u));
      writes.push(store.compact(docId, Y.encodeStateAsUpdate(doc)));
      await Promise.all(writes);
      expect(store.stats(docId).recordsSinceSnapshot).toBe(0);
      expect(docFrom(await store.load(docId)).getText('t').toString()).toBe('abcdef');
    });

    it('lists the docs that have records, and delete removes one doc only', async () => {
      let store = await start();
      const [idA, idB] = [newPageId(), newPageId()];
      expect(await store.list()).toEqual([]);
      const { doc, updates } = recordingDoc();
      doc.getText('t').insert(0, 'x');
      await store.append(idA, updates[0] ?? new Uint8Array());
      await store.append(idB, updates[0] ?? new Uint8Array());
      expect((await store.list()).sort()).toEqual([idA, idB].sort());

      await store.delete(idA);
      expect(await store.list()).toEqual([idB]);
      expect((await store.load(idA)).updates).toEqual([]);
      expect(store.stats(idA).recordsSinceSnapshot).toBe(0);
      store = await restart(store);
      expect(await store.list()).toEqual([idB]);
      expect((await store.load(idA)).updates).toEqual([]);
      expect(docFrom(await store.load(idB)).getText('t').toString()).toBe('x');
      // A deleted doc can be written again.
      await store.append(idA, updates[0] ?? new Uint8Array());
      expect(docFrom(await store.load(idA)).getText('t').toString()).toBe('x');
    });

    it('makes many concurrent appends durable, resolving in call order', async () => {
      let store = await start();
      const docId = newPageId();
      const { doc, updates } = recordingDoc();
      const count = 500;
      for (let i = 0; i < count; i++) doc.getArray<number>('a').push([i]);
      const resolved: number[] = [];
      await Promise.all(updates.map((u, i) => store.append(docId, u).then(() => resolved.push(i))));
      expect(resolved).toEqual([...Array(count).keys()]);
      store = await restart(store);
      const loaded = docFrom(await store.load(docId));
      expect(loaded.getArray<number>('a').toArray()).toEqual([...Array(count).keys()]);
      // Appends waiting for the same batch share a record.
      expect(store.stats(docId).recordsSinceSnapshot).toBeGreaterThan(0);
      expect(store.stats(docId).recordsSinceSnapshot).toBeLessThan(count / 10);
    });

    it('close waits for writes made before it; any use after close is store-closed', async () => {
      let store = await start();
      const docId = newPageId();
      const { doc, updates } = recordingDoc();
      doc.getText('t').insert(0, 'kept');
      const pending = store.append(docId, updates[0] ?? new Uint8Array());
      await store.close();
      await pending;
      await store.close(); // idempotent
      const x = updates[0] ?? new Uint8Array();
      await expectCode(store.load(docId), 'store-closed');
      await expectCode(store.append(docId, x), 'store-closed');
      await expectCode(store.compact(docId, x), 'store-closed');
      await expectCode(store.delete(docId), 'store-closed');
      await expectCode(store.list(), 'store-closed');
      await expectCode(() => store.stats(docId), 'store-closed');
      store = await start();
      expect(docFrom(await store.load(docId)).getText('t').toString()).toBe('kept');
    });

    it('rejects bad arguments', async () => {
      const store = await start();
      await expectCode(store.load('../etc' as DocId), 'invalid-argument');
      await expectCode(store.append('a/b' as DocId, new Uint8Array([0, 0])), 'invalid-argument');
      await expectCode(store.append(newPageId(), new Uint8Array()), 'invalid-argument');
      await expectCode(() => store.stats('' as DocId), 'invalid-argument');
    });
  });
}
