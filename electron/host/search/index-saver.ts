/**
 * When and how the index is saved (index-file.ts has the formats): debounced after a change,
 * never later than PERSIST_MAX_WAIT_MS after the first unsaved one, postponed while a rebuild
 * is reading pages; the changed pages appended to the journal, the whole index rewritten when
 * there is no snapshot yet or the journal has outgrown it. Writes are chained, never concurrent.
 */
import { createLogger } from '../../../shared/log';
import { appendJournal, shouldCompact, writeSnapshot } from './index-file';
import type { SearchIndex } from './search-index';

const log = createLogger('search');

/** Quiet time after the index changed before it is saved… */
export const PERSIST_DEBOUNCE_MS = 1_000;
/** …but never later than this after the first unsaved change. */
export const PERSIST_MAX_WAIT_MS = 10_000;

export class IndexSaver {
  /** Journal appends and snapshot writes so far. */
  saves = 0;
  snapshots = 0;
  /** Sizes on disk (characters); snapshotBytes 0: no snapshot matches the index yet. */
  private snapshotBytes = 0;
  private journalBytes = 0;
  private unsavedSince: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dir: string,
    private readonly index: () => SearchIndex,
    /** True while pages are being read in bulk: saving waits for the end of it (up to the max wait). */
    private readonly busy: () => boolean,
  ) {}

  /** What is on disk for the index just loaded. */
  loaded(snapshotBytes: number, journalBytes: number): void {
    this.snapshotBytes = snapshotBytes;
    this.journalBytes = journalBytes;
  }

  changed(): void {
    this.unsavedSince ??= Date.now();
    this.schedule();
  }

  /** Saves now if anything changed since the last save; resolves when it is on disk. */
  async save(): Promise<void> {
    this.clearTimer();
    if (this.unsavedSince !== null) {
      this.unsavedSince = null;
      this.writing = this.writing.then(() => this.write()).catch((error: unknown) => log.error(`could not save the search index in ${this.dir}`, error));
    }
    await this.writing;
  }

  /** No more saves on a timer (an explicit save still works). */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private async write(): Promise<void> {
    const index = this.index();
    if (this.snapshotBytes === 0 || shouldCompact(this.snapshotBytes, this.journalBytes)) {
      this.snapshotBytes = await writeSnapshot(this.dir, index);
      this.journalBytes = 0;
      this.snapshots++;
      log.debug(`wrote the index in ${this.dir}: ${index.size} pages, ${this.snapshotBytes} chars`);
    }
    this.journalBytes = await appendJournal(this.dir, index, this.journalBytes, this.journalBytes === 0);
    this.saves++;
  }

  private schedule(): void {
    if (this.stopped || this.unsavedSince === null) return;
    this.clearTimer();
    const deadline = this.unsavedSince + PERSIST_MAX_WAIT_MS - Date.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      const waited = this.unsavedSince === null ? 0 : Date.now() - this.unsavedSince;
      if (this.busy() && waited < PERSIST_MAX_WAIT_MS) this.schedule();
      else void this.save();
    }, Math.max(0, Math.min(PERSIST_DEBOUNCE_MS, deadline)));
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
