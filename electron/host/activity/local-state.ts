/**
 * This installation's own reading state of one workspace: when its member last looked at the
 * activity, and whether Start here was shown. Kept in `activity.json` beside the workspace's
 * store: local, never synced (another member's "seen" means nothing here), gone with the
 * workspace.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivityLocalState } from '../../../shared/bridge/activity';
import { createLogger } from '../../../shared/log';
import { writeJsonAtomic } from '../workspace/identity';

const log = createLogger('activity');
export const LOCAL_STATE_FILE = 'activity.json';
const EMPTY: ActivityLocalState = { lastSeenAt: 0, startHereShownAt: null };

const validTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

export class LocalActivityState {
  private state: ActivityLocalState | null = null;
  /** Writes are chained: never two at once on the same file. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  async get(): Promise<ActivityLocalState> {
    this.state ??= await this.read();
    return this.state;
  }

  /** Moves "last seen" forward to `at`; never back (an older tab's mark changes nothing). */
  async markSeen(at: number): Promise<ActivityLocalState> {
    const state = await this.get();
    if (at <= state.lastSeenAt) return state;
    return this.save({ ...state, lastSeenAt: at });
  }

  /** Records that Start here was shown (the first time only). */
  async markStartHereShown(at: number): Promise<ActivityLocalState> {
    const state = await this.get();
    if (state.startHereShownAt !== null) return state;
    return this.save({ ...state, startHereShownAt: at });
  }

  /** Settles once every write asked for so far is on disk. */
  whenWritten(): Promise<void> {
    return this.writing;
  }

  private async save(next: ActivityLocalState): Promise<ActivityLocalState> {
    this.state = next;
    const path = join(this.dir, LOCAL_STATE_FILE);
    this.writing = this.writing.then(() => writeJsonAtomic(path, next)).catch((error: unknown) => log.error(`could not write ${path}`, error));
    await this.writing;
    return next;
  }

  private async read(): Promise<ActivityLocalState> {
    const path = join(this.dir, LOCAL_STATE_FILE);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.error(`could not read ${path}`, error);
      return EMPTY;
    }
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      return {
        lastSeenAt: validTime(parsed.lastSeenAt) ? parsed.lastSeenAt : 0,
        startHereShownAt: validTime(parsed.startHereShownAt) ? parsed.startHereShownAt : null,
      };
    } catch (error) {
      log.error(`${path} is not JSON; starting afresh`, error);
      return EMPTY;
    }
  }
}
