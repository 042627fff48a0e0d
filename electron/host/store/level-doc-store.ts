/**
 * LevelDocStore: the disk DocStore, one LevelDB directory per workspace (classic-level, the
 * engine y-leveldb uses). All I/O is asynchronous on libuv's thread pool; every batch is
 * written with `sync: true`, i.e. fsync'd before its appends resolve.
 *
 * What LevelDB guarantees here (and store-crash / store-corrupt tests check):
 * - a batch is atomic: after a crash it is either wholly present or wholly absent;
 * - a crash (kill -9) loses nothing written with sync; a torn tail of the write-ahead log is
 *   dropped on open (paranoid checks are off by default), so the store still opens;
 * - bit rot inside a record's value is not LevelDB's concern: our record checksum catches it;
 * - a damaged table (.ldb) block does not stop open: reads that touch it fail with
 *   LEVEL_CORRUPTION, which load reports as 'corrupt-record' naming the doc; other docs load.
 *   LevelDocStore.repair(dir) then drops the damaged block and keeps the rest.
 * If LevelDB itself reports corruption on open (e.g. a damaged MANIFEST), open() runs
 * LevelDB's repair once (which salvages what it can from the table and log files) and retries.
 */
import { ClassicLevel } from 'classic-level';
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { afterChild, prefixEnd, type KvBackend, type KvEntry, type KvOp } from './kv-backend';
import { KvDocStore } from './kv-doc-store';
import type { KeyRange } from './record';

type Db = ClassicLevel<string, Uint8Array>;

const log = createLogger('store');

class LevelKv implements KvBackend {
  constructor(private readonly db: Db) {}

  write(ops: readonly KvOp[]): Promise<void> {
    // classic-level copies keys and values into a native WriteBatch before this returns.
    return this.db.batch(ops as KvOp[], { sync: true });
  }

  async entries(range: KeyRange): Promise<KvEntry[]> {
    const pairs = await reading(range.gte, this.db.iterator({ gte: range.gte, lt: range.lt }).all());
    return pairs.map(([key, value]) => ({ key, value }));
  }

  getMany(keys: readonly string[]): Promise<Array<Uint8Array | undefined>> {
    return keys.length === 0 ? Promise.resolve([]) : reading(keys[0] as string, this.db.getMany([...keys]));
  }

  keys(range: KeyRange): Promise<string[]> {
    return reading(range.gte, this.db.keys({ gte: range.gte, lt: range.lt }).all());
  }

  async children(prefix: string): Promise<string[]> {
    const found: string[] = [];
    const iterator = this.db.keys({ gte: prefix, lt: prefixEnd(prefix) });
    try {
      const next = (): Promise<string | undefined> => reading(prefix, iterator.next());
      for (let key = await next(); key !== undefined; key = await next()) {
        const rest = key.slice(prefix.length);
        const child = rest.split('/', 1)[0] ?? rest;
        found.push(child);
        iterator.seek(afterChild(prefix, child)); // skip the rest of this child's keys
      }
    } finally {
      await iterator.close();
    }
    return found;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export class LevelDocStore extends KvDocStore {
  private constructor(
    kv: KvBackend,
    readonly dir: string,
  ) {
    super(kv, dir);
  }

  /**
   * Opens (creating if needed) the store in `dir`. Rejects with 'conflict' if another process
   * holds the directory's lock.
   */
  static async open(dir: string): Promise<LevelDocStore> {
    let db: Db;
    try {
      db = await openDb(dir);
    } catch (error) {
      if (errorCode(error) !== 'LEVEL_CORRUPTION') throw openError(dir, error);
      log.error(`${dir}: LevelDB reports corruption on open, repairing`, error);
      try {
        await ClassicLevel.repair(dir);
        db = await openDb(dir);
      } catch (retryError) {
        throw openError(dir, retryError);
      }
    }
    return new LevelDocStore(new LevelKv(db), dir);
  }

  /**
   * LevelDB's repair: rebuilds the directory from whatever table and log data still reads,
   * dropping damaged blocks (their files go to `lost/`). For a store whose loads fail with
   * 'corrupt-record' from LevelDB itself; the store must be closed. Records in a dropped
   * block are lost here, so the doc needs a resync from a peer or the renderer's cache.
   */
  static async repair(dir: string): Promise<void> {
    log.warn(`${dir}: running LevelDB repair`);
    await ClassicLevel.repair(dir);
  }
}

/**
 * Reads that hit LevelDB corruption (a damaged table block: open succeeds, the read fails)
 * become 'corrupt-record' errors naming the keys, so the host can tell the user and repair.
 */
async function reading<T>(what: string, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (errorCode(error) !== 'LEVEL_CORRUPTION') throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new CommonplaceError('corrupt-record', `LevelDB cannot read ${what}…: ${detail} (LevelDocStore.repair salvages the rest)`, {
      cause: error,
    });
  }
}

async function openDb(dir: string): Promise<Db> {
  const db: Db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open({ createIfMissing: true });
  return db;
}

/** classic-level wraps the native error: the useful code may sit on the error or on its cause. */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'LEVEL_DATABASE_NOT_OPEN') return code;
  }
  return undefined;
}

function openError(dir: string, error: unknown): CommonplaceError {
  const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  const code = errorCode(error) === 'LEVEL_LOCKED' ? 'conflict' : 'internal';
  return new CommonplaceError(code, `cannot open the doc store at ${dir}: ${detail}`, { cause: error });
}
