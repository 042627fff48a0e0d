/**
 * What the editor needs of the comments of its page (session/comments-session.ts provides it):
 * the ranges to highlight, and two ways back — a click on a highlight, a new comment on the
 * selection. The editor never writes to the comments doc itself.
 */
import type { Anchor } from '../../../../shared/model/comment-anchors';

export interface CommentHighlight {
  readonly id: string;
  readonly anchor: Anchor;
}

export interface CommentHighlights {
  /** Open comment threads; an orphaned one simply resolves to nothing. */
  readonly threads: readonly CommentHighlight[];
  readonly activeId: string | null;
  /** The range of a comment being written, not yet posted. */
  readonly draft: Anchor | null;
}

export interface CommentDraft {
  readonly anchor: Anchor;
  /** The selected text, kept with the thread for when its words are gone. */
  readonly quote: string;
}

export interface CommentsController {
  /** The same object until something to draw changes. */
  readonly getHighlights: () => CommentHighlights;
  readonly subscribeHighlights: (listener: () => void) => () => void;
  /** A highlight was clicked. */
  activate(threadId: string): void;
  /** "Comment" on the selection: opens the composer. */
  startDraft(draft: CommentDraft): void;
}
