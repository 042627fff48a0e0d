/**
 * What a host remembers of the peers of one workspace between runs, in
 * `<workspace dir>/sync-peers.json`: each peer's name (as last seen) and when we last held the same
 * pages as it. So the peers panel can say "Ana — last synced yesterday" while Ana is away.
 * Written debounced, and on close.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../../shared/log';

const log = createLogger('peer-book');

export const PEER_BOOK_FILE = 'sync-peers.json';
export const PEER_BOOK_SAVE_MS = 5_000;
/** Peers remembered at most (the least recently synced are forgotten first). */
export const MAX_REMEMBERED_PEERS = 256;
const MEMBER_ID = /^[0-9a-f]{64}$/;
const MAX_NAME = 80;

export interface PeerMemory {
  readonly name: string | null;
  readonly lastSyncedAt: number | null;
}

export class PeerBook {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly path: string | null,
    private readonly peers: Map<string, PeerMemory>,
  ) {}

  /** A book kept in memory only (tests, hosts without a directory). */
  static inMemory(): PeerBook {
    return new PeerBook(null, new Map());
  }

  static async load(workspaceDir: string): Promise<PeerBook> {
    const path = join(workspaceDir, PEER_BOOK_FILE);
    const peers = new Map<string, PeerMemory>();
    try {
      const stored = JSON.parse(await readFile(path, 'utf8')) as unknown;
      if (typeof stored === 'object' && stored !== null) {
        for (const [id, value] of Object.entries(stored as Record<string, unknown>)) {
          if (!MEMBER_ID.test(id) || typeof value !== 'object' || value === null) continue;
          const { name, lastSyncedAt } = value as Record<string, unknown>;
          peers.set(id, {
            name: typeof name === 'string' ? name.slice(0, MAX_NAME) : null,
            lastSyncedAt: typeof lastSyncedAt === 'number' && Number.isFinite(lastSyncedAt) ? lastSyncedAt : null,
          });
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`cannot read ${path}; starting afresh`, error);
    }
    return new PeerBook(path, peers);
  }

  get(memberId: string): PeerMemory | undefined {
    return this.peers.get(memberId);
  }

  ids(): string[] {
    return [...this.peers.keys()];
  }

  /** Notes a peer seen (with its name), and optionally that we are in sync with it now. */
  note(memberId: string, name: string | null, syncedAt?: number): void {
    if (!MEMBER_ID.test(memberId)) return;
    const before = this.peers.get(memberId);
    const next: PeerMemory = {
      name: name?.slice(0, MAX_NAME) ?? before?.name ?? null,
      lastSyncedAt: syncedAt ?? before?.lastSyncedAt ?? null,
    };
    if (before && before.name === next.name && before.lastSyncedAt === next.lastSyncedAt) return;
    this.peers.delete(memberId);
    this.peers.set(memberId, next);
    while (this.peers.size > MAX_REMEMBERED_PEERS) this.peers.delete(this.peers.keys().next().value as string);
    this.scheduleSave();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.save();
    }
    this.closed = true;
    await this.saving;
  }

  private scheduleSave(): void {
    if (this.path === null || this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.save();
    }, PEER_BOOK_SAVE_MS);
    this.timer.unref?.();
  }

  private save(): void {
    const path = this.path;
    if (path === null) return;
    const snapshot = JSON.stringify(Object.fromEntries(this.peers), null, 2);
    this.saving = this.saving
      .then(async () => {
        const tmp = `${path}.tmp-${process.pid}`;
        await writeFile(tmp, `${snapshot}\n`, { mode: 0o600 });
        await rename(tmp, path);
      })
      .catch((error: unknown) => log.warn(`cannot write ${path}`, error));
  }
}
