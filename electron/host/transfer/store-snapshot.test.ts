import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PageId } from '../../../shared/ids';
import { applyLoaded } from '../store/doc-store';
import { LevelDocStore } from '../store/level-doc-store';
import { snapshotLevelDir } from './store-snapshot';

const DOC = 'a'.repeat(32) as PageId;
/** Big enough that LevelDB flushes its 4 MiB memtable to table files (a MANIFEST edit) during the test. */
const PADDING = 'x'.repeat(64 * 1024);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'commonplace-snapshot-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The numbers a doc's array holds once the copy's records are applied. */
async function numbersIn(storeDir: string): Promise<number[]> {
  const store = await LevelDocStore.open(storeDir);
  try {
    const doc = new Y.Doc();
    applyLoaded(doc, await store.load(DOC), null);
    return doc.getArray<string>('n').toArray().map((entry) => Number(entry.split(':', 1)[0]));
  } finally {
    await store.close();
  }
}

describe('snapshotLevelDir', () => {
  it('copies a store another holder keeps writing to into a consistent, openable prefix', { timeout: 60_000 }, async () => {
    const original = join(dir, 'store');
    const store = await LevelDocStore.open(original);
    // The original is locked: a second open fails, which is why the CLI snapshots.
    await expect(LevelDocStore.open(original)).rejects.toMatchObject({ code: 'conflict' });
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    let written = 0;
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        doc.getArray<string>('n').push([`${i}:${PADDING}`]);
        await store.append(DOC, updates[i] as Uint8Array);
        written = i + 1;
        // Fold now and then, as PersistedDoc does: the snapshot must survive compactions too.
        if (i % 40 === 39) await store.compact(DOC, Y.encodeStateAsUpdate(doc));
      }
    })();
    try {
      for (let round = 0; round < 5; round++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const copy = join(dir, `copy-${round}`);
        const before = written;
        await snapshotLevelDir(original, copy);
        const numbers = await numbersIn(copy);
        // A prefix of what was written: 0, 1, 2, … with nothing missing in between.
        expect(numbers).toEqual(numbers.map((_, i) => i));
        expect(numbers.length).toBeGreaterThanOrEqual(before);
        expect(numbers.length).toBeLessThanOrEqual(written);
      }
    } finally {
      stop = true;
      await writer;
      await store.close();
    }
    // The original is untouched by the copies and still opens with everything in it.
    expect(await numbersIn(original)).toHaveLength(written);
  });

  it('gives up, leaving no copy, when the store keeps changing', { timeout: 30_000 }, async () => {
    const fake = join(dir, 'fake');
    await mkdir(fake);
    await writeFile(join(fake, 'CURRENT'), 'MANIFEST-000002\n');
    await writeFile(join(fake, 'MANIFEST-000002'), 'x');
    for (let i = 0; i < 200; i++) await writeFile(join(fake, `${String(i).padStart(6, '0')}.ldb`), 'table');
    const churn = setInterval(() => void appendFile(join(fake, 'MANIFEST-000002'), 'edit'), 0);
    try {
      await expect(snapshotLevelDir(fake, join(dir, 'copy'))).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      clearInterval(churn);
    }
    await expect(readFile(join(dir, 'copy', 'CURRENT'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a directory whose CURRENT names no manifest', async () => {
    const fake = join(dir, 'bad');
    await mkdir(fake);
    await writeFile(join(fake, 'CURRENT'), '../../etc/passwd\n');
    await expect(snapshotLevelDir(fake, join(dir, 'copy'))).rejects.toMatchObject({ code: 'corrupt-record' });
  });
});
