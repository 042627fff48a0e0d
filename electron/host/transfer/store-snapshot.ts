/**
 * A consistent copy of a LevelDB store that another process (the desktop app, a `serve` peer)
 * holds open, so the CLI can export from it without the lock and without touching the original.
 *
 * Why the copy is consistent: a LevelDB directory is immutable table files (`*.ldb`/`*.sst`) plus
 * an append-only write-ahead log (`*.log`), tied together by the MANIFEST that CURRENT names.
 * Table files are never modified; every change to which tables and logs are live (a memtable
 * flush, a compaction, a log switch) is first recorded by appending to the MANIFEST. So:
 *   1. read CURRENT and stat its MANIFEST;
 *   2. copy every file except LOCK and the info logs;
 *   3. read CURRENT and stat the MANIFEST again.
 * If nothing changed in (3), the live set of tables did not change during the copy, so every table
 * copied is one the copied MANIFEST names, complete. The log may have grown while it was copied:
 * the copy holds a prefix of it, possibly ending inside a record. That is exactly the state a
 * crash leaves, and LevelDB recovers it the same way (a torn tail record is dropped; every
 * complete record is checksummed), so the copy opens as the store stood at some moment during
 * the copy. Our records are written in atomic batches (one batch per group commit or
 * compaction), so that moment is a consistent store. If the MANIFEST did change, the copy is
 * thrown away and taken again (a few times, then the export fails: it never exports a torn copy).
 * The original is only ever read. What the running host has not yet flushed (well under a
 * second of typing) is not in the copy.
 */
import { copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';

const log = createLogger('snapshot');
/** Attempts before giving up on a store that keeps compacting under us. */
export const SNAPSHOT_ATTEMPTS = 5;
const RETRY_DELAY_MS = 200;
/** Never copied: the lock (the copy must open unlocked) and LevelDB's human-readable info logs. */
const SKIPPED = new Set(['LOCK', 'LOG', 'LOG.old']);

interface ManifestState {
  readonly current: string;
  readonly size: number;
  readonly mtimeMs: number;
}

async function manifestState(dir: string): Promise<ManifestState> {
  const current = (await readFile(join(dir, 'CURRENT'), 'utf8')).trim();
  if (!/^MANIFEST-\d+$/.test(current)) throw new CommonplaceError('corrupt-record', `${dir}: CURRENT names ${JSON.stringify(current)}`);
  const info = await stat(join(dir, current));
  return { current, size: info.size, mtimeMs: info.mtimeMs };
}

const sameState = (a: ManifestState, b: ManifestState): boolean => a.current === b.current && a.size === b.size && a.mtimeMs === b.mtimeMs;

async function copyOnce(from: string, to: string): Promise<boolean> {
  const before = await manifestState(from);
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    if (SKIPPED.has(name)) continue;
    try {
      await copyFile(join(from, name), join(to, name));
    } catch (error) {
      // A file deleted during the copy: an obsolete table after a compaction, so the MANIFEST moved.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
  return sameState(before, await manifestState(from));
}

/** Copies the LevelDB directory `from` into the new directory `to` (see the module comment). */
export async function snapshotLevelDir(from: string, to: string): Promise<void> {
  for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
    if (await copyOnce(from, to)) return;
    log.debug(`${from} changed during snapshot attempt ${attempt}; retrying`);
    await rm(to, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
  }
  throw new CommonplaceError('conflict', `${from} kept changing while it was copied; try the export again`);
}
