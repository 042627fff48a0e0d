/**
 * One member's profile in the open workspace, fetched from the host (which computes the counts
 * from its local docs) while a view shows it, and again when the workspace's activity changes.
 */
import type { ActivityProfile } from '../../../../shared/bridge/activity';
import type { Bridge } from '../../../../shared/bridge/client';
import type { MemberId } from '../../../../shared/ids';
import { StateCell } from '../../session/state-cell';
import type { ErrorSink, WorkspaceSession } from '../../session/workspace-session';

export class ProfileSession {
  /** Null until the first answer from the host. */
  readonly profile = new StateCell<ActivityProfile | null>(null);
  private watchers = 0;
  private stop: (() => void) | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly workspace: WorkspaceSession,
    readonly memberId: MemberId,
    private readonly report: ErrorSink,
  ) {}

  readonly watch = (listener: () => void): (() => void) => {
    const unsubscribe = this.profile.subscribe(listener);
    if (this.watchers++ === 0) {
      void this.refresh();
      this.stop = this.bridge.activity.onDidChange(({ workspaceId }) => {
        if (workspaceId === this.workspace.workspaceId) void this.refresh();
      });
    }
    return () => {
      unsubscribe();
      if (--this.watchers === 0) {
        this.stop?.();
        this.stop = null;
      }
    };
  };

  async refresh(): Promise<void> {
    try {
      this.profile.set(await this.bridge.activity.profile({ workspaceId: this.workspace.workspaceId, memberId: this.memberId }));
    } catch (error) {
      this.report(error);
    }
  }
}

const sessions = new WeakMap<WorkspaceSession, Map<MemberId, ProfileSession>>();

/** The ProfileSession of a member in a workspace session (made on first use, gone with it). */
export function profileOf(bridge: Bridge, workspace: WorkspaceSession, memberId: MemberId, report: ErrorSink): ProfileSession {
  let byMember = sessions.get(workspace);
  if (byMember === undefined) {
    byMember = new Map();
    sessions.set(workspace, byMember);
  }
  let session = byMember.get(memberId);
  if (session === undefined) {
    session = new ProfileSession(bridge, workspace, memberId, report);
    byMember.set(memberId, session);
  }
  return session;
}
