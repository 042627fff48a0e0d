/** The header's Comments button: shows and hides the side panel, with the open threads' count. */
import type { CommentsSession } from '../../session/comments-session';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { CommentIcon } from './comment-icons';

export function CommentsToggle() {
  const page = useCell(useApp().page);
  return page === null ? null : <Toggle key={page.pageId} comments={page.comments} />;
}

function Toggle({ comments }: { comments: CommentsSession }) {
  const view = useCell(comments.view);
  const open = useCell(comments.panelOpen);
  const count = [...view.anchored, ...view.orphaned].filter((thread) => thread.resolvedAt === null).length;
  return (
    <button
      type="button"
      className={open ? 'header-button active' : 'header-button'}
      aria-pressed={open}
      aria-label={`Comments (${count} open)`}
      title="Comments"
      data-testid="comments-toggle"
      onClick={() => comments.togglePanel()}
    >
      <CommentIcon />
      {count > 0 && <span className="header-button-count">{count}</span>}
    </button>
  );
}
