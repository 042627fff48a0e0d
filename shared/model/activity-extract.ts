/**
 * Reading activity out of the docs (activity.ts describes the items): a workspace doc gives new
 * pages and questions, edit records and nothing else; a page's comments doc gives its comments,
 * answers and accepted answer; the members' join times come from the role table. Pure functions
 * over Y.Docs and plain data: every replica with the same docs reads the same items.
 *
 * Edit records come out one item per stored window; activity-feed.ts coalesces neighbours.
 */
import type * as Y from 'yjs';
import type { MemberId, PageId } from '../ids';
import { editWindowOf, MAX_EDIT_COUNT, readEditRecords, type ActivityItem, type PendingEdits } from './activity';
import { readThreads, type Author } from './comment-records';
import { acceptedAnswerOf, QUESTION_KIND, readQuestionState } from './questions';
import { getPageMap, listPages } from './schema';

/** What the feed needs of a member: when they joined, and whether someone invited them. */
export interface JoinedMember {
  readonly id: MemberId;
  readonly joinedAt: number;
  /** Null for the workspace's creator, whose joining is the workspace's founding. */
  readonly invitedBy: MemberId | null;
}

const known = (memberId: string, at: number): boolean => memberId !== '' && Number.isFinite(at) && at > 0;

/** New pages (a question page reads as a question asked) and edit windows, from the workspace doc. */
export function workspaceActivity(doc: Y.Doc): ActivityItem[] {
  const out: ActivityItem[] = [];
  for (const page of listPages(doc)) {
    if (known(page.createdBy, page.createdAt)) {
      const kind = page.kind === QUESTION_KIND ? 'question' : 'page-created';
      out.push({ id: `page:${page.id}`, kind, memberId: page.createdBy, at: page.createdAt, pageId: page.id });
    }
    const map = getPageMap(doc, page.id);
    if (map === null) continue;
    for (const record of readEditRecords(page.id, map)) {
      out.push({
        id: `edit:${page.id}:${record.memberId}:${record.start}`,
        kind: 'page-edited',
        memberId: record.memberId,
        at: record.last,
        from: record.start,
        pageId: page.id,
        count: record.count,
      });
    }
  }
  return out;
}

/**
 * `items` with a member's edits that are counted but not written yet (their host's recorder holds
 * them a few seconds), as if their records were written: each joins its window's item or makes
 * one. So the feed is exact at once without writing the workspace doc each time someone looks.
 */
export function withPendingEdits(items: readonly ActivityItem[], memberId: MemberId, pending: readonly PendingEdits[]): ActivityItem[] {
  const out = [...items];
  const index = new Map(out.map((item, i) => [item.id, i]));
  for (const edit of pending) {
    const from = editWindowOf(edit.at);
    const id = `edit:${edit.pageId}:${memberId}:${from}`;
    const at = index.get(id);
    const current = at === undefined ? undefined : out[at];
    if (current !== undefined && at !== undefined) {
      out[at] = { ...current, at: Math.max(current.at, edit.at), count: Math.min((current.count ?? 0) + edit.count, MAX_EDIT_COUNT) };
    } else {
      index.set(id, out.length);
      out.push({ id, kind: 'page-edited', memberId, at: edit.at, from, pageId: edit.pageId, count: edit.count });
    }
  }
  return out;
}

/**
 * The comments, answers and accepted answer of one page, from its comments doc. Deleted comments
 * and answers are gone from the record (their authors took them back); replies to an answer are
 * comments.
 */
export function commentsActivity(pageId: PageId, commentsDoc: Y.Doc): ActivityItem[] {
  const out: ActivityItem[] = [];
  const threads = readThreads(commentsDoc);
  for (const thread of threads) {
    thread.comments.forEach((comment, index) => {
      if (comment.deletedAt !== null || !known(comment.createdBy, comment.createdAt)) return;
      if (thread.kind === 'answer' && index === 0) {
        out.push({ id: `answer:${pageId}:${thread.id}`, kind: 'answer', memberId: comment.createdBy, at: comment.createdAt, pageId });
      } else {
        out.push({ id: `comment:${pageId}:${thread.id}:${comment.id}`, kind: 'comment', memberId: comment.createdBy, at: comment.createdAt, pageId });
      }
    });
  }
  const acceptedId = acceptedAnswerOf(commentsDoc);
  const { acceptedBy, acceptedAt } = readQuestionState(commentsDoc);
  const answer = threads.find((thread) => thread.id === acceptedId);
  if (acceptedId !== null && acceptedBy !== null && acceptedAt !== null && answer !== undefined && known(acceptedBy, acceptedAt)) {
    out.push({
      id: `accepted:${pageId}:${acceptedId}`,
      kind: 'answer-accepted',
      memberId: acceptedBy,
      at: acceptedAt,
      pageId,
      answerBy: answer.createdBy,
    });
  }
  return out;
}

/**
 * How the authors of a comments doc presented themselves when they wrote (the latest comment of
 * each wins): a fallback name for members the workspace's members map does not know, such as a
 * commenter, who may not write it.
 */
export function commentAuthors(commentsDoc: Y.Doc): Map<MemberId, Author> {
  const out = new Map<MemberId, { author: Author; at: number }>();
  for (const thread of readThreads(commentsDoc)) {
    for (const comment of thread.comments) {
      const seen = out.get(comment.createdBy);
      if (comment.createdBy !== '' && comment.author.name.trim() !== '' && (seen === undefined || seen.at <= comment.createdAt)) {
        out.set(comment.createdBy, { author: comment.author, at: comment.createdAt });
      }
    }
  }
  return new Map([...out].map(([id, { author }]) => [id, author]));
}

/** Members who joined (by invite: the creator founded the workspace rather than joined it). */
export function memberActivity(members: readonly JoinedMember[]): ActivityItem[] {
  return members
    .filter((member) => member.invitedBy !== null && known(member.id, member.joinedAt))
    .map((member) => ({ id: `joined:${member.id}`, kind: 'member-joined' as const, memberId: member.id, at: member.joinedAt }));
}
