/**
 * The saved index, in the workspace directory: a snapshot and a journal, the way y-leveldb keeps
 * a doc (a snapshot, updates appended after it, merged past a threshold).
 *
 * - `search-index.json`: the whole index (SearchIndex.toJSON), written atomically (temp file,
 *   fsync, rename), so a crash leaves the old snapshot or the new one, never half of one.
 *   Serialising a large index takes a while (seconds at 10,000 pages), so it is rewritten only
 *   when the journal has grown past JOURNAL_COMPACT_RATIO of it.
 * - `search-index.journal`: one JSON line per changed page (its entry, or null for removed),
 *   appended and fsync'd on each save. Its first line names the snapshot generation it follows;
 *   a journal of another generation (a crash between writing a snapshot and emptying the
 *   journal) is ignored, as the snapshot already holds it. A torn last line ends the replay.
 *
 * Reading never throws: a missing, unreadable or corrupt snapshot reads as "no index" with the
 * reason, and the caller rebuilds. Whatever is lost costs only re-reading pages: start-up checks
 * every page's version against the store anyway.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../../shared/log';
import type { PageId } from '../../../shared/ids';
import { SearchIndex, type PageEntry } from './search-index';
import { checkStoredChange } from './stored-format';

const log = createLogger('search');

export const INDEX_FILE = 'search-index.json';
export const JOURNAL_FILE = 'search-index.journal';
/** Rewrite the snapshot once the journal is this share of its size… */
export const JOURNAL_COMPACT_RATIO = 0.5;
/** …but let a small index's journal grow to this first. */
export const JOURNAL_MIN_COMPACT_BYTES = 1024 * 1024;

export interface SavedIndex {
  readonly index: SearchIndex;
  readonly snapshotBytes: number;
  readonly journalBytes: number;
}

export type ReadOutcome = SavedIndex | { readonly index: null; readonly reason: string };

export const indexPath = (dir: string): string => join(dir, INDEX_FILE);
const journalPath = (dir: string): string => join(dir, JOURNAL_FILE);
const header = (generation: number): string => `${JSON.stringify({ generation })}\n`;

export async function readIndexFile(dir: string): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await readFile(indexPath(dir), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { index: null, reason: missing ? 'no index yet' : `unreadable: ${String(error)}` };
  }
  let index: SearchIndex;
  try {
    index = await SearchIndex.fromJSON(JSON.parse(text));
  } catch (error) {
    return { index: null, reason: `corrupt: ${error instanceof Error ? error.message : String(error)}` };
  }
  const journalBytes = await replayJournal(dir, index);
  index.takeChanges(); // the replayed changes are on disk already
  return { index, snapshotBytes: text.length, journalBytes };
}

async function replayJournal(dir: string, index: SearchIndex): Promise<number> {
  const text = await readFile(journalPath(dir), 'utf8').catch(() => '');
  const [first = '', ...lines] = text.split('\n');
  let generation: unknown;
  try {
    generation = (JSON.parse(first) as { generation?: unknown }).generation;
  } catch {
    generation = undefined;
  }
  if (generation !== index.generation) return 0; // none, or it follows an older snapshot
  let replayed = 0;
  for (const line of lines) {
    if (line === '') continue;
    let change: { id: PageId; entry: PageEntry | null } | null;
    try {
      change = checkStoredChange(JSON.parse(line));
    } catch {
      change = null;
    }
    if (change === null) {
      log.warn(`search journal of ${dir}: stopped at a bad line after ${replayed} changes`);
      break;
    }
    index.restore(change.id, change.entry);
    replayed++;
  }
  return text.length;
}

async function writeSynced(path: string, text: string, flag: 'w' | 'a'): Promise<void> {
  const file = await open(path, flag);
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeSynced(tmp, text, 'w');
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Writes the whole index as the next generation's snapshot, then starts that generation's
 * journal. Serialises synchronously, so the snapshot is a consistent state. Returns its size.
 */
export async function writeSnapshot(dir: string, index: SearchIndex): Promise<number> {
  index.generation += 1;
  index.takeChanges(); // all in the snapshot
  const text = JSON.stringify(index);
  await writeAtomic(indexPath(dir), text);
  await writeAtomic(journalPath(dir), header(index.generation));
  return text.length;
}

/**
 * Appends the index's changes since the last save to its journal (`fresh`: replaces whatever
 * journal is there with this generation's); returns the journal's new size.
 */
export async function appendJournal(dir: string, index: SearchIndex, journalBytes: number, fresh: boolean): Promise<number> {
  const changes = index.takeChanges();
  if (changes.size === 0 && !fresh) return journalBytes;
  const lines = [...changes].map(([id, entry]) => `${JSON.stringify({ id, entry })}\n`).join('');
  if (!fresh) {
    await writeSynced(journalPath(dir), lines, 'a');
    return journalBytes + lines.length;
  }
  const text = header(index.generation) + lines;
  await writeAtomic(journalPath(dir), text);
  return text.length;
}

/** Whether the journal has grown enough that the next save should write a snapshot. */
export const shouldCompact = (snapshotBytes: number, journalBytes: number): boolean =>
  journalBytes > Math.max(JOURNAL_MIN_COMPACT_BYTES, snapshotBytes * JOURNAL_COMPACT_RATIO);
