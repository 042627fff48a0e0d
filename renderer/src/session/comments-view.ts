/**
 * What the comments of a page look like from its two docs, as pure functions the session calls:
 * threads split into anchored (in document order) and orphaned, the answers, the highlights the
 * editor draws.
 */
import type * as Y from 'yjs';
import { getPageContent } from '../../../shared/model';
import { comparePaths, resolveAnchor, type Anchor } from '../../../shared/model/comment-anchors';
import type { ThreadRecord } from '../../../shared/model/comments';
import { answersInOrder, readQuestionState, type QuestionState } from '../../../shared/model/questions';
import type { CommentHighlights } from '../editor/comments/comments-controller';

export interface CommentsView {
  /** Comment threads whose words are still there, in document order. */
  readonly anchored: readonly ThreadRecord[];
  /** Comment threads whose words were deleted: kept, with their quote, oldest first. */
  readonly orphaned: readonly ThreadRecord[];
  /** A question's answers: the accepted one first, then the most helpful. */
  readonly answers: readonly ThreadRecord[];
  readonly question: QuestionState;
}

/** The view of `records` (the comments doc's threads) against the page doc's content now. */
export function computeView(records: readonly ThreadRecord[], pageDoc: Y.Doc, commentsDoc: Y.Doc): CommentsView {
  const content = getPageContent(pageDoc);
  const anchored: Array<{ thread: ThreadRecord; order: readonly number[] }> = [];
  const orphaned: ThreadRecord[] = [];
  for (const thread of records) {
    if (thread.kind !== 'comment') continue;
    const resolved = thread.anchor === null ? null : resolveAnchor(pageDoc, content, thread.anchor);
    if (resolved === null) orphaned.push(thread);
    else anchored.push({ thread, order: resolved.order });
  }
  anchored.sort((a, b) => comparePaths(a.order, b.order) || a.thread.createdAt - b.thread.createdAt);
  return {
    anchored: anchored.map((entry) => entry.thread),
    orphaned,
    answers: answersInOrder(commentsDoc),
    question: readQuestionState(commentsDoc),
  };
}

/** Whether two views list the same threads in the same places (the threads themselves aside). */
export function sameLayout(a: CommentsView, b: CommentsView): boolean {
  const ids = (list: readonly ThreadRecord[]) => list.map((t) => t.id).join(',');
  return ids(a.anchored) === ids(b.anchored) && ids(a.orphaned) === ids(b.orphaned);
}

/** The open anchored threads, the active one and the draft: what the editor highlights. */
export function highlightsOf(view: CommentsView, activeId: string | null, draft: Anchor | null): CommentHighlights {
  const threads = view.anchored.flatMap((t) => (t.resolvedAt === null && t.anchor !== null ? [{ id: t.id, anchor: t.anchor }] : []));
  return { threads, activeId, draft };
}

export function sameHighlights(a: CommentHighlights, b: CommentHighlights): boolean {
  return (
    a.activeId === b.activeId &&
    a.draft === b.draft &&
    a.threads.length === b.threads.length &&
    a.threads.every((t, i) => t.id === b.threads[i]?.id && t.anchor === b.threads[i]?.anchor)
  );
}
