/**
 * One answer to a question: its text, "This helped" (one vote per member, not for one's own),
 * Accept for the asker or a steward, and its threaded replies.
 */
import { useState } from 'react';
import type { MemberId } from '../../../../shared/ids';
import type { ThreadRecord } from '../../../../shared/model/comments';
import type { CommentsSession } from '../../session/comments-session';
import { useCell } from '../../ui/use-cell';
import { CommentItem } from '../comments/CommentItem';
import { Composer } from '../comments/Composer';
import { AcceptedIcon, HelpedIcon } from '../comments/comment-icons';

export function AnswerCard({ answer, comments, accepted, canAccept }: { answer: ThreadRecord; comments: CommentsSession; accepted: boolean; canAccept: boolean }) {
  useCell(comments.members.version);
  // Whether the reply box is open: view state.
  const [replying, setReplying] = useState(false);
  const me = comments.me.id as MemberId;
  const [opening, ...replies] = answer.comments;
  if (opening === undefined) return null;
  const voted = answer.votes.includes(me);
  const own = answer.createdBy === me;
  const deleted = opening.deletedAt !== null;
  const edit = (commentId: ThreadRecord['comments'][number]['id']) => (body: string) => comments.edit(answer.id, commentId, body);
  const remove = (commentId: ThreadRecord['comments'][number]['id']) => () => comments.remove(answer.id, commentId);

  return (
    <article className={accepted ? 'answer accepted' : 'answer'} data-testid="answer" data-thread-id={answer.id} data-accepted={accepted}>
      {accepted && (
        <p className="answer-badge" data-testid="answer-accepted">
          <AcceptedIcon /> Accepted answer
        </p>
      )}
      <CommentItem comment={opening} members={comments.members} me={me} onEdit={edit(opening.id)} onDelete={remove(opening.id)} noun="answer" />
      <div className="answer-actions">
        <button
          type="button"
          className={voted ? 'answer-vote voted' : 'answer-vote'}
          aria-pressed={voted}
          disabled={own || deleted}
          title={own ? 'You cannot vote for your own answer' : voted ? 'Take back your vote' : 'This helped'}
          data-testid="answer-vote"
          onClick={() => comments.vote(answer.id)}
        >
          <HelpedIcon /> This helped <span className="answer-vote-count">{answer.votes.length}</span>
        </button>
        {canAccept && !deleted && (
          <button
            type="button"
            className="button small"
            data-testid={accepted ? 'answer-unaccept' : 'answer-accept'}
            onClick={() => (accepted ? comments.unaccept() : comments.accept(answer.id))}
          >
            {accepted ? 'Unaccept' : 'Accept'}
          </button>
        )}
        {!replying && (
          <button type="button" className="link-button" data-testid="answer-reply" onClick={() => setReplying(true)}>
            Reply
          </button>
        )}
      </div>
      {(replies.length > 0 || replying) && (
        <div className="answer-replies">
          {replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} members={comments.members} me={me} onEdit={edit(reply.id)} onDelete={remove(reply.id)} noun="reply" />
          ))}
          {replying && (
            <Composer
              placeholder="Reply to this answer…"
              submitLabel="Reply"
              autoFocus
              onSubmit={(body) => {
                const posted = comments.reply(answer.id, body);
                if (posted) setReplying(false);
                return posted;
              }}
              onCancel={() => setReplying(false)}
              testId="answer-reply-composer"
            />
          )}
        </div>
      )}
    </article>
  );
}
