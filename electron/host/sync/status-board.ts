/**
 * The status of every syncing workspace, and when to tell renderers it changed: each workspace's
 * SyncTracker is looked at every STATUS_TICK_MS, and within STATUS_EVENT_MS after its peers or
 * catch-up progress moved; `onDidChange` fires only when what the UI shows differs (the
 * tracker's fingerprint), so a busy catch-up or live typing does not flood the bridge.
 */
import type { DiscoveryStatus, SyncChange } from '../../../shared/bridge/sync';
import type { WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import type { SyncTracker } from './sync-status';

const log = createLogger('host-sync');

/** How often each workspace's status is looked at for changes to tell renderers about. */
export const STATUS_TICK_MS = 1_000;
/** Peers and catch-up progress are told sooner, but at most this often (catch-up moves per page). */
export const STATUS_EVENT_MS = 250;

export class StatusBoard {
  private readonly entries = new Map<WorkspaceId, { readonly tracker: SyncTracker; fingerprint: string }>();
  private readonly listeners = new Set<(change: SyncChange) => void>();
  private readonly soon = new Map<WorkspaceId, ReturnType<typeof setTimeout>>();
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;

  constructor() {
    this.timer = setInterval(() => {
      for (const id of this.entries.keys()) this.tick(id);
    }, STATUS_TICK_MS);
    this.timer.unref?.();
  }

  add(workspaceId: WorkspaceId, tracker: SyncTracker): void {
    this.entries.set(workspaceId, { tracker, fingerprint: '' });
  }

  remove(workspaceId: WorkspaceId): void {
    this.entries.delete(workspaceId);
    clearTimeout(this.soon.get(workspaceId));
    this.soon.delete(workspaceId);
  }

  tracker(workspaceId: WorkspaceId): SyncTracker | undefined {
    return this.entries.get(workspaceId)?.tracker;
  }

  /** Something moved in this workspace: look within STATUS_EVENT_MS, however often it is called. */
  changed(workspaceId: WorkspaceId): void {
    if (this.soon.has(workspaceId) || this.closed) return;
    const timer = setTimeout(() => {
      this.soon.delete(workspaceId);
      this.tick(workspaceId);
    }, STATUS_EVENT_MS);
    timer.unref?.();
    this.soon.set(workspaceId, timer);
  }

  /** Something every workspace shows changed (discovery, our peers): tell for all. */
  emitAll(): void {
    for (const id of this.entries.keys()) this.emit(id);
  }

  onDidChange(cb: (change: SyncChange) => void): () => void {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const timer of this.soon.values()) clearTimeout(timer);
    this.soon.clear();
  }

  private tick(workspaceId: WorkspaceId): void {
    const entry = this.entries.get(workspaceId);
    if (!entry) return;
    const fingerprint = entry.tracker.tick();
    if (fingerprint === entry.fingerprint) return;
    entry.fingerprint = fingerprint;
    this.emit(workspaceId);
  }

  private emit(workspaceId: WorkspaceId): void {
    for (const listener of this.listeners) {
      try {
        listener({ workspaceId });
      } catch (error) {
        log.error('a sync listener threw', error);
      }
    }
  }
}

/** What discovery's own state (host/sync/discovery.ts) means for the UI. */
export function discoveryStatusOf(state: { readonly status: string; readonly message?: string }): DiscoveryStatus {
  switch (state.status) {
    case 'off':
      return { state: 'off', reason: 'LAN discovery is turned off' };
    case 'unavailable':
      return { state: 'unavailable', reason: state.message ?? 'LAN discovery cannot work on this network' };
    default:
      return { state: 'on', reason: null };
  }
}
