/**
 * The activity of the open workspace, for the sidebar's badge and the Activity view. The host
 * computes the feed from its local docs (many of which this renderer never loads), so it is
 * fetched: when someone starts watching, when the host says the activity changed
 * (`activity.onDidChange`, throttled there), and when the window regains focus.
 *
 * Reading: while the Activity view is open, everything it shows counts as seen (the host's
 * "last seen" moves to the newest item, so the badge clears), but the markers keep showing what
 * was new when the view opened — until "Mark all as read", or the next visit.
 */
import type { ActivityFeed } from '../../../../shared/bridge/activity';
import type { Bridge } from '../../../../shared/bridge/client';
import { StateCell } from '../../session/state-cell';
import type { ErrorSink, WorkspaceSession } from '../../session/workspace-session';

/** How many items the view shows (the host counts unread ones over the whole feed). */
export const FEED_LIMIT = 200;

export class ActivitySession {
  /** Null until the first answer from the host. */
  readonly feed = new StateCell<ActivityFeed | null>(null);
  /** Items after this time (by others) carry an unread marker in the view; null: the view is not open. */
  readonly markersAfter = new StateCell<number | null>(null);
  private watchers = 0;
  private viewers = 0;
  private readonly stops: Array<() => void> = [];
  private inFlight = false;
  private again = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly workspace: WorkspaceSession,
    private readonly report: ErrorSink,
  ) {}

  get workspaceId() {
    return this.workspace.workspaceId;
  }

  /** Keeps the feed fresh while at least one watcher is subscribed; returns the unsubscribe. */
  readonly watch = (listener: () => void): (() => void) => {
    const unsubscribe = this.feed.subscribe(listener);
    if (this.watchers++ === 0) this.start();
    return () => {
      unsubscribe();
      if (--this.watchers === 0) this.stop();
    };
  };

  /** The Activity view opened: remember what was new, then count everything shown as seen. */
  viewOpened(): () => void {
    if (this.viewers++ === 0) this.markersAfter.set(this.feed.get()?.lastSeenAt ?? null);
    void this.seeAll();
    return () => {
      if (--this.viewers === 0) this.markersAfter.set(null);
    };
  }

  /** Clears the markers now (and "last seen" moves to the newest item). */
  markAllRead(): void {
    const newest = this.newest();
    this.markersAfter.set(Math.max(newest, Date.now()));
    void this.seeAll();
  }

  async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      const feed = await this.bridge.activity.feed({ workspaceId: this.workspaceId, limit: FEED_LIMIT });
      if (this.markersAfter.get() === null && this.viewers > 0) this.markersAfter.set(feed.lastSeenAt);
      this.feed.set(feed);
      if (this.viewers > 0 && feed.unread > 0) void this.seeAll();
    } catch (error) {
      this.report(error);
    } finally {
      this.inFlight = false;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    }
  }

  private newest(): number {
    return this.feed.get()?.items[0]?.at ?? 0;
  }

  /** Moves the host's "last seen" to the newest item shown, and the badge with it. */
  private async seeAll(): Promise<void> {
    const feed = this.feed.get();
    const at = this.newest();
    if (feed === null || at <= feed.lastSeenAt) return;
    try {
      const state = await this.bridge.activity.markSeen({ workspaceId: this.workspaceId, at });
      const current = this.feed.get();
      if (current !== null) this.feed.set({ ...current, lastSeenAt: state.lastSeenAt, unread: 0 });
    } catch (error) {
      this.report(error);
    }
  }

  private start(): void {
    void this.refresh();
    const onFocus = () => void this.refresh();
    window.addEventListener('focus', onFocus);
    this.stops.push(
      () => window.removeEventListener('focus', onFocus),
      this.bridge.activity.onDidChange(({ workspaceId }) => {
        if (workspaceId === this.workspaceId) void this.refresh();
      }),
    );
  }

  private stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

const sessions = new WeakMap<WorkspaceSession, ActivitySession>();

/** The one ActivitySession of a workspace session (made on first use, gone with it). */
export function activityOf(bridge: Bridge, workspace: WorkspaceSession, report: ErrorSink): ActivitySession {
  let session = sessions.get(workspace);
  if (session === undefined) {
    session = new ActivitySession(bridge, workspace, report);
    sessions.set(workspace, session);
  }
  return session;
}
