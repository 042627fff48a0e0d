/** What only the disk store does; the shared behaviour is in doc-store.contract.ts. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newPageId } from '../../../shared/ids';
import { applyLoaded } from './doc-store';
import { LevelDocStore } from './level-doc-store';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'commonplace-level-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('LevelDocStore', () => {
  it('refuses a directory another store holds open, with a conflict', async () => {
    const dir = await tempDir();
    const store = await LevelDocStore.open(dir);
    await expect(LevelDocStore.open(dir)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(dir) });
    await store.close();
    await (await LevelDocStore.open(dir)).close(); // free again once closed
  });

  it('lists many docs without reading their records one by one', async () => {
    const dir = await tempDir();
    const store = await LevelDocStore.open(dir);
    const ids = Array.from({ length: 30 }, () => newPageId());
    for (let i = 0; i < 5; i++) await Promise.all(ids.map((id) => store.append(id, textUpdate(`${i}`))));
    expect((await store.list()).sort()).toEqual([...ids].sort());
    await store.close();
  });

  it('repairs a store whose MANIFEST is damaged, and opens', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const dir = await tempDir();
    const docId = newPageId();
    let store = await LevelDocStore.open(dir);
    await store.append(docId, textUpdate('survives'));
    await store.close();
    store = await LevelDocStore.open(dir); // moves the log into a table file
    await store.close();
    const manifest = (await readdir(dir)).find((name) => name.startsWith('MANIFEST-'));
    if (!manifest) throw new Error('no MANIFEST');
    await writeFile(join(dir, manifest), 'garbage');

    store = await LevelDocStore.open(dir);
    expect(logged).toHaveBeenCalledWith('[store]', expect.stringContaining('repairing'), expect.anything());
    const doc = new Y.Doc();
    applyLoaded(doc, await store.load(docId), null);
    expect(doc.getText('t').toString()).toBe('survives');
    await store.close();
  });
});
