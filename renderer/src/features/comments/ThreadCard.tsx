/**
 * One comment thread in the side panel: the words it is on, its comments, Reply, and
 * Resolve/Reopen. Clicking it makes it the active thread and scrolls the editor to its words.
 */
import { useEffect, useRef, useState } from 'react';
import type { MemberId } from '../../../../shared/ids';
import type { ThreadRecord } from '../../../../shared/model/comments';
import { revealThread } from '../../editor/comments/comment-highlights';
import type { CommentsSession } from '../../session/comments-session';
import { useCell } from '../../ui/use-cell';
import { formatRelative } from '../../ui/time';
import { CommentItem } from './CommentItem';
import { Composer } from './Composer';
import { ReopenIcon, ResolveIcon } from './comment-icons';

export function ThreadCard({ thread, comments, orphaned = false }: { thread: ThreadRecord; comments: CommentsSession; orphaned?: boolean }) {
  const active = useCell(comments.activeId) === thread.id;
  useCell(comments.members.version);
  // Whether the reply box is open: view state.
  const [replying, setReplying] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const me = comments.me.id as MemberId;
  const resolved = thread.resolvedAt !== null;

  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [active]);

  const select = () => {
    if (active) return;
    comments.activate(thread.id);
    if (!orphaned) revealThread(thread.id);
  };

  return (
    <article
      ref={ref}
      className={['thread', active && 'active', resolved && 'resolved', orphaned && 'orphaned'].filter(Boolean).join(' ')}
      data-testid="thread"
      data-thread-id={thread.id}
      data-resolved={resolved}
      onClick={select}
    >
      <div className="thread-head">
        {thread.quote !== '' && <blockquote className="thread-quote">{thread.quote}</blockquote>}
        {resolved ? (
          <button type="button" className="icon-button small" aria-label="Reopen" title="Reopen" data-testid="thread-reopen" onClick={(event) => {
              event.stopPropagation();
              comments.reopen(thread.id);
            }}>
            <ReopenIcon />
          </button>
        ) : (
          <button type="button" className="icon-button small" aria-label="Resolve" title="Resolve" data-testid="thread-resolve" onClick={(event) => {
              event.stopPropagation();
              comments.resolve(thread.id);
            }}>
            <ResolveIcon />
          </button>
        )}
      </div>
      {resolved && thread.resolvedBy !== null && (
        <p className="thread-note" data-testid="thread-resolved-note">
          Resolved by {comments.members.look(thread.resolvedBy).name}, {formatRelative(thread.resolvedAt ?? 0, Date.now())}
        </p>
      )}
      {thread.comments.map((comment) => (
        <CommentItem
          key={comment.id}
          comment={comment}
          members={comments.members}
          me={me}
          onEdit={(body) => comments.edit(thread.id, comment.id, body)}
          onDelete={() => comments.remove(thread.id, comment.id)}
        />
      ))}
      {!resolved &&
        (replying ? (
          <Composer
            placeholder="Reply…"
            submitLabel="Reply"
            autoFocus
            onSubmit={(body) => {
              const posted = comments.reply(thread.id, body);
              if (posted) setReplying(false);
              return posted;
            }}
            onCancel={() => setReplying(false)}
            testId="reply-composer"
          />
        ) : (
          <button type="button" className="reply-prompt" data-testid="thread-reply" onClick={() => setReplying(true)}>
            Reply…
          </button>
        ))}
    </article>
  );
}
