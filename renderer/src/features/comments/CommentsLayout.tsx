/** A page with its comments: the page column, and the side panel beside it when open. */
import type { ReactNode } from 'react';
import type { CommentsSession } from '../../session/comments-session';
import { useOptionalCell } from '../../ui/use-cell';
import { CommentsPanel } from './CommentsPanel';

export function CommentsLayout({ comments, children }: { comments: CommentsSession | null; children: ReactNode }) {
  const open = useOptionalCell(comments?.panelOpen, false);
  return (
    <div className={open ? 'page-layout with-comments' : 'page-layout'}>
      <div className="page-layout-main">{children}</div>
      {comments !== null && open && <CommentsPanel comments={comments} />}
    </div>
  );
}
