/**
 * The activity of one open workspace: this member's edit recorder, the comments' activity, the
 * local reading state, and a throttled "changed" signal — attached as the workspace opens.
 *
 * `snapshot()` holds every activity item the local docs hold (before coalescing), so what peers did
 * shows up as soon as their changes arrive by sync, and nothing needs a network to compute.
 */
import type { MemberId } from '../../../shared/ids';
import type { ActivityItem } from '../../../shared/model/activity';
import type { Author } from '../../../shared/model/comments';
import { memberActivity, withPendingEdits, workspaceActivity, type JoinedMember } from '../../../shared/model/activity-extract';
import type { OpenWorkspace } from '../workspace/workspace-service';
import { CommentsActivity } from './comments-activity';
import { EditRecorder, type RecorderOptions } from './edit-recorder';
import { LocalActivityState } from './local-state';
import { watchActivityOfRoot } from './root-watch';

/** At most one "changed" signal per workspace this often. */
export const CHANGE_THROTTLE_MS = 1_000;

export interface WorkspaceActivityOptions extends RecorderOptions {
  readonly throttleMs?: number;
}

export class WorkspaceActivity {
  readonly recorder: EditRecorder;
  readonly comments: CommentsActivity;
  readonly local: LocalActivityState;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    readonly workspace: OpenWorkspace,
    private readonly me: MemberId,
    private readonly emit: () => void,
    options: WorkspaceActivityOptions = {},
  ) {
    this.recorder = new EditRecorder(workspace, me, options);
    this.comments = new CommentsActivity(workspace, () => this.changed(options.throttleMs));
    this.local = new LocalActivityState(workspace.dir);
    const stop = watchActivityOfRoot(workspace.root.doc, () => this.changed(options.throttleMs));
    workspace.onWillClose(async () => {
      stop();
      this.closed = true;
      if (this.timer !== null) clearTimeout(this.timer);
      await this.local.whenWritten();
    });
  }

  /**
   * Every item of the workspace — pages, edits (ours not yet written included), comments,
   * members who joined — and the comments' authors as they presented themselves.
   */
  async snapshot(members: readonly JoinedMember[]): Promise<{ items: ActivityItem[]; authors: ReadonlyMap<MemberId, Author> }> {
    const comments = await this.comments.all();
    const edits = withPendingEdits(workspaceActivity(this.workspace.root.doc), this.me, this.recorder.pendingEdits());
    return { items: [...edits, ...comments.items, ...memberActivity(members)], authors: comments.authors };
  }

  private changed(throttleMs = CHANGE_THROTTLE_MS): void {
    if (this.closed || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.emit();
    }, throttleMs);
  }
}
