import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocId } from '../../../shared/ids';
import { LevelDocStore } from '../store/level-doc-store';
import { DocRegistry } from './doc-entry';

const DOC = 'ab'.repeat(16) as DocId;

describe('DocRegistry', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Regression: re-acquiring a doc while it was still unloading gave a second live instance,
  // whose appends the first one's final compaction then replaced on disk.
  it('never loses appends when a doc is acquired again while it unloads', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-registry-'));
    let store = await LevelDocStore.open(dir);
    const registry = new DocRegistry(store, () => ({ gc: false }));
    for (let i = 0; i < 5; i++) {
      const entry = await registry.acquire(DOC);
      entry.doc.getArray('a').push([i]);
      const releasing = registry.release(DOC);
      const again = await registry.acquire(DOC);
      expect(again.doc.getArray('a').toArray()).toEqual([...Array(i + 1).keys()]);
      await registry.release(DOC);
      await releasing;
    }
    await registry.closeAll();
    await store.close();

    store = await LevelDocStore.open(dir);
    const reopened = new DocRegistry(store, () => ({ gc: false }));
    const entry = await reopened.acquire(DOC);
    expect(entry.doc.getArray('a').toArray()).toEqual([0, 1, 2, 3, 4]);
    await reopened.closeAll();
    await store.close();
  });

  it('shares one instance between holders and unloads after the last release', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-registry-'));
    const store = await LevelDocStore.open(dir);
    const registry = new DocRegistry(store, () => ({ gc: false }));
    const [a, b] = await Promise.all([registry.acquire(DOC), registry.acquire(DOC)]);
    expect(a).toBe(b);
    await registry.release(DOC);
    expect(a.doc.isDestroyed).toBe(false);
    await registry.release(DOC);
    expect(a.doc.isDestroyed).toBe(true);
    await store.close();
  });
});
