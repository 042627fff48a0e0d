/**
 * One comment (an opening comment, a reply, an answer's body): its author, its text or
 * "deleted", and Edit/Delete for its own author.
 */
import { useState } from 'react';
import type { MemberId } from '../../../../shared/ids';
import type { CommentRecord } from '../../../../shared/model/comments';
import type { MemberDirectory } from '../../session/member-directory';
import { Author } from './Author';
import { Composer } from './Composer';

export interface CommentItemProps {
  readonly comment: CommentRecord;
  readonly members: MemberDirectory;
  readonly me: MemberId;
  readonly onEdit: (body: string) => boolean;
  readonly onDelete: () => void;
  /** What it is called: "This answer was deleted." */
  readonly noun?: string;
}

export function CommentItem({ comment, members, me, onEdit, onDelete, noun = 'comment' }: CommentItemProps) {
  // Whether this comment's edit box is open: view state.
  const [editing, setEditing] = useState(false);
  const deleted = comment.deletedAt !== null;
  const own = comment.createdBy === me && !deleted;
  return (
    <div className="comment" data-testid="comment" data-comment-id={comment.id}>
      <div className="comment-head">
        <Author members={members} id={comment.createdBy} recorded={comment.author} at={comment.createdAt} edited={comment.editedAt !== null && !deleted} />
        {own && !editing && (
          <span className="comment-actions">
            <button type="button" className="link-button" onClick={() => setEditing(true)} data-testid="comment-edit">
              Edit
            </button>
            <button type="button" className="link-button danger" onClick={onDelete} data-testid="comment-delete">
              Delete
            </button>
          </span>
        )}
      </div>
      {editing ? (
        <Composer
          placeholder={`Edit your ${noun}`}
          submitLabel="Save"
          initialValue={comment.body}
          autoFocus
          onSubmit={(body) => {
            const saved = onEdit(body);
            if (saved) setEditing(false);
            return saved;
          }}
          onCancel={() => setEditing(false)}
          testId="comment-edit-box"
        />
      ) : deleted ? (
        <p className="comment-body deleted">This {noun} was deleted.</p>
      ) : (
        <p className="comment-body" data-testid="comment-body">
          {comment.body}
        </p>
      )}
    </div>
  );
}
