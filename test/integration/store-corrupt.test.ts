/**
 * Damaged stores: records damaged inside their values (our checksum's job), and LevelDB's own
 * files damaged on disk (LevelDB's job). In every case the store opens, the damage is confined
 * to the doc it hits, and nothing is deleted silently.
 *
 * Each record here comes from its own Yjs client, so losing one record loses only its key.
 * (Successive updates of one client depend on each other: if a middle one is lost, Yjs keeps
 * the later ones pending until a peer supplies the gap.)
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DocId } from '../../shared/ids';
import { applyLoaded } from '../../electron/host/store/doc-store';
import { LevelDocStore } from '../../electron/host/store/level-doc-store';
import { docKey, encodeRecord, quarantineKey, RecordKind } from '../../electron/host/store/record';

// Fixed ids so that A's records sort before B's in LevelDB's files.
const A = 'a'.repeat(32) as DocId;
const B = 'b'.repeat(32) as DocId;
const RECORDS = 5;

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'commonplace-corrupt-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** One record = one client setting one key; compressible, like real text. */
function record(i: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(`k${i}`, `${'v'.repeat(200)}${i}`);
  return Y.encodeStateAsUpdate(doc);
}

async function writeDocs(store: LevelDocStore, count = RECORDS): Promise<void> {
  for (let i = 0; i < count; i++) await store.append(B, record(i)); // one batch each
  for (let i = 0; i < count; i++) await store.append(A, record(i));
}

const keys = (count: number, except: number[] = []): string[] =>
  [...Array(count).keys()].filter((i) => !except.includes(i)).map((i) => `k${i}`);

async function loadKeys(store: LevelDocStore, docId: DocId): Promise<{ keys: string[]; problems: unknown[] }> {
  const loaded = await store.load(docId);
  const doc = new Y.Doc();
  applyLoaded(doc, loaded, null);
  const found = Object.keys(doc.getMap('m').toJSON()).sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)));
  return { keys: found, problems: [...loaded.problems] };
}

/** Replaces one stored value through a raw LevelDB handle (the store must be closed). */
async function rawEdit(dir: string, key: string, edit: (value: Uint8Array) => Uint8Array): Promise<Uint8Array> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  try {
    const value = await db.get(key);
    if (!value) throw new Error(`no record at ${key}`);
    const edited = Uint8Array.from(edit(Uint8Array.from(value)));
    await db.put(key, edited);
    return edited;
  } finally {
    await db.close();
  }
}

async function rawGet(dir: string, key: string): Promise<Uint8Array | undefined> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  try {
    const value = await db.get(key);
    return value && Uint8Array.from(value); // classic-level may hand back a Buffer
  } finally {
    await db.close();
  }
}

async function fileEndingIn(dir: string, suffix: string): Promise<string> {
  const name = (await readdir(dir)).find((file) => file.endsWith(suffix));
  if (!name) throw new Error(`no *${suffix} file in ${dir}`);
  return join(dir, name);
}

describe('a damaged record value', () => {
  const damage = {
    'flipped bytes': { edit: flipMiddle, reason: /checksum mismatch/ },
    'a truncated value': { edit: (v: Uint8Array) => v.subarray(0, v.length - 7), reason: /truncated/ },
    'a framed value that is not Yjs': {
      edit: () => encodeRecord(RecordKind.updates, new Uint8Array([3, 0xff, 0xff, 0xff])), // one 3-byte "update"
      reason: /not a Yjs update/,
    },
  };

  for (const [name, { edit, reason }] of Object.entries(damage)) {
    it(`${name}: set aside and reported, the rest of doc A loads, doc B is intact`, async () => {
      const dir = await tempDir();
      let store = await LevelDocStore.open(dir);
      await writeDocs(store);
      await store.close();
      const damagedKey = docKey(A, 2);
      const damaged = await rawEdit(dir, damagedKey, edit);

      store = await LevelDocStore.open(dir);
      const a = await loadKeys(store, A);
      expect(a.keys).toEqual(keys(RECORDS, [2]));
      expect(a.problems).toHaveLength(1);
      expect(a.problems[0]).toMatchObject({ docId: A, recordKey: damagedKey, quarantineKey: quarantineKey(A, 2), reason });
      const message = (a.problems[0] as { message: string }).message;
      expect(message).toContain(`doc ${A}`);
      expect(message).toContain(damagedKey);
      expect(await loadKeys(store, B)).toEqual({ keys: keys(RECORDS), problems: [] });
      // The store keeps working on the damaged doc.
      await store.append(A, record(9));
      await store.close();

      expect(await rawGet(dir, damagedKey)).toBeUndefined();
      expect(await rawGet(dir, quarantineKey(A, 2))).toEqual(damaged);
      store = await LevelDocStore.open(dir);
      expect(await loadKeys(store, A)).toEqual({ keys: [...keys(RECORDS, [2]), 'k9'], problems: [] });
      await store.close();
    });
  }
});

describe("damaged LevelDB files", () => {
  it('a torn tail of the write-ahead log (.log) after an unclean stop: opens, loses only the torn batch', async () => {
    const dir = await tempDir();
    const store = await LevelDocStore.open(dir);
    await writeDocs(store);
    // Copying the files of an open store is what a crash leaves behind: no clean close.
    const image = await tempDir();
    await cp(dir, image, { recursive: true });
    await store.close();
    // A crash while the last batch (A's k4) was being written leaves it half written.
    const log = await fileEndingIn(image, '.log');
    await truncate(log, (await stat(log)).size - 20);

    // LevelDB reads a partial record at the end of the log as the end of the log: the batch
    // never happened (batches are atomic) and open succeeds without complaint.
    const reopened = await LevelDocStore.open(image);
    expect(await loadKeys(reopened, A)).toEqual({ keys: keys(RECORDS, [4]), problems: [] });
    expect(await loadKeys(reopened, B)).toEqual({ keys: keys(RECORDS), problems: [] });
    await reopened.close();
  });

  it('a damaged block in a table file (.ldb): opens, the doc it hits fails to load, repair salvages the rest', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const dir = await tempDir();
    let store = await LevelDocStore.open(dir);
    const many = 100; // several 4 KiB blocks per doc
    await writeDocs(store, many);
    await store.close();
    store = await LevelDocStore.open(dir); // reopening turns the log into a table file
    await store.close();
    const table = await fileEndingIn(dir, '.ldb');
    const bytes = await readFile(table);
    // The first data block holds A's first records (A sorts first). Its first bytes are the
    // Snappy header (the uncompressed length): damaging them makes the block unreadable.
    // NOTE: LevelDB does not verify block checksums on reads (classic-level leaves
    // verify_checksums off), so damage further inside a block may decompress "fine" into
    // garbage values instead: those fail our record checksum and are quarantined (see above).
    flipRange(bytes, 0, 3);
    await writeFile(table, bytes);

    // Table blocks are read lazily: open succeeds, reading the damaged block fails. classic-level
    // reports it as LEVEL_CORRUPTION ("corrupted compressed block contents"); the store names the doc.
    store = await LevelDocStore.open(dir);
    await expect(store.load(A)).rejects.toMatchObject({ code: 'corrupt-record', message: expect.stringContaining(`doc ${A}`) });
    expect(await loadKeys(store, B)).toEqual({ keys: keys(many), problems: [] });
    await store.close();

    // Repair drops the damaged block (the file goes to lost/) and keeps every other record.
    await LevelDocStore.repair(dir);
    store = await LevelDocStore.open(dir);
    const a = await loadKeys(store, A);
    expect(a.problems).toEqual([]);
    expect(a.keys.length).toBeGreaterThan(0);
    expect(a.keys.length).toBeLessThan(many);
    expect(await loadKeys(store, B)).toEqual({ keys: keys(many), problems: [] });
    expect((await store.list()).sort()).toEqual([A, B]);
    await store.close();
  });
});

function flipMiddle(value: Uint8Array): Uint8Array {
  return flipRange(value, Math.floor(value.length / 2), 3);
}

function flipRange(bytes: Uint8Array, start: number, length: number): Uint8Array {
  for (let i = start; i < start + length; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
  return bytes;
}
