/**
 * EditRecorder: writes this member's page edits into the workspace doc as coalesced records
 * (shared/model/activity.ts), for one open workspace.
 *
 * A change that arrives on a renderer's doc stream (a `bridge` origin) to a page doc is an edit
 * by this installation's member: each one adds 1 to the pending count of its page and
 * EDIT_WINDOW_MS window. Pending counts are written in one transaction FLUSH_MS after the first
 * of them and when the workspace closes (or on `flush`) — so typing costs a map update now and
 * then, not a workspace-doc write per keystroke. The feed counts pending edits without writing
 * them (`pendingEdits`): looking must not write, or every window that opens would make the others
 * flash "Saving…" as the records reach them.
 *
 * Not edits: changes from peers (their own hosts record them), from the disk, from an import or
 * written by the host itself (a template's content, a duplicate: the page's creation says it),
 * and anything on a comments doc (its threads carry their authors).
 */
import type { MemberId, PageId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { addEditRecords, editWindowOf, type PendingEdits } from '../../../shared/model/activity';
import { getPageMap } from '../../../shared/model';
import type { Origin } from '../origins';
import { LOCAL } from '../origins';
import type { OpenWorkspace } from '../workspace/workspace-service';

const log = createLogger('activity');
/** Pending edits are written at most this long after the first of them. */
export const FLUSH_MS = 15_000;

export interface RecorderOptions {
  readonly now?: () => number;
  readonly flushMs?: number;
}

/** Whether a transaction origin is a renderer's doc stream (origins.ts). */
export const isBridgeOrigin = (origin: unknown): boolean =>
  typeof origin === 'object' && origin !== null && (origin as Partial<Origin>).kind === 'bridge';

export class EditRecorder {
  private readonly pending = new Map<string, { pageId: PageId; at: number; count: number }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly flushMs: number;

  constructor(
    private readonly workspace: OpenWorkspace,
    private readonly me: MemberId,
    options: RecorderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.flushMs = options.flushMs ?? FLUSH_MS;
    const stop = workspace.docs.onDidUpdate((entry, origin) => {
      if (isBridgeOrigin(origin)) this.note(entry.docId);
    });
    workspace.onWillClose(() => {
      stop();
      this.flush();
      this.closed = true;
    });
  }

  /** Edits seen but not written yet. */
  get pendingCount(): number {
    return [...this.pending.values()].reduce((sum, edit) => sum + edit.count, 0);
  }

  /** The edits seen but not written yet, by page and window. */
  pendingEdits(): PendingEdits[] {
    return [...this.pending.values()].map((edit) => ({ ...edit }));
  }

  /** Writes the pending edits now (nothing if there are none). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 || this.closed) return;
    const edits: PendingEdits[] = [...this.pending.values()];
    this.pending.clear();
    try {
      addEditRecords(this.workspace.root.doc, this.me, edits, LOCAL);
    } catch (error) {
      log.error(`could not record edits in ${this.workspace.id}`, error);
    }
  }

  private note(docId: string): void {
    if (this.closed || docId === this.workspace.id) return;
    // Only page docs: a comments doc is not in `pages` (and neither is a doc we do not know).
    if (getPageMap(this.workspace.root.doc, docId as PageId) === null) return;
    const at = this.now();
    const key = `${docId}:${editWindowOf(at)}`;
    const current = this.pending.get(key);
    this.pending.set(key, { pageId: docId as PageId, at: Math.max(current?.at ?? at, at), count: (current?.count ?? 0) + 1 });
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }
}
