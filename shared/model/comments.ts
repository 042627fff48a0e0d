/**
 * Comment threads (and a question's answers) of a page, kept in a doc of their own: the page's
 * comments doc. Keeping them out of the page doc lets a member be allowed to write comments but
 * not page content (the role ladder, enforced per doc between peers), and lets a reader's view
 * of a page stay free of discussion it did not load.
 *
 * Comments doc (guid = `commentsDocId(pageId)`, comments-doc.ts; read side in comment-records.ts):
 *   threads   Y.Map<Y.Map>   threadId → one Y.Map per thread:
 *     kind        'comment' | 'answer'
 *     anchor      { start, end } encoded Y.RelativePositions on the PAGE doc's content
 *                 (comment-anchors.ts); comments only — answers have none
 *     quote       the selected text when the thread was made (shown when the anchor is orphaned)
 *     createdBy, createdAt
 *     resolvedAt, resolvedBy   null while open
 *     votes       Y.Map memberId → true ("this helped", answers only; see questions.ts)
 *     comments    Y.Array<Y.Map>: the opening comment, then the replies, each
 *                 { id, body, createdBy, authorName, authorColor, createdAt, editedAt, deletedAt }
 *   question  Y.Map          a question's state (accepted answer, guide link): see questions.ts
 *
 * Each thread and each comment is its own Y.Map so that concurrent edits (a reply here, a
 * resolve there, a vote elsewhere) all survive the merge. `authorName`/`authorColor` are the
 * author's profile when they wrote, shown when the workspace's members and the awareness of
 * the moment know nothing better.
 *
 * Errors (CommonplaceError): 'not-found' for an unknown thread or comment, 'forbidden' to edit or
 * delete another member's comment, 'invalid-argument' for an empty body or a wrong kind,
 * 'too-large' for an overlong body, 'conflict' to edit a deleted comment. Every operation checks
 * everything before its one transaction, so nothing is written when it throws.
 *
 * @safety Everything read here may come from a peer: every field is checked and falls back to
 * a safe default, as in schema.ts.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { Anchor } from './comment-anchors';
import { getThreadMap, getThreadsMap, HEX_COLOR, MAX_AUTHOR_NAME_LENGTH, type Author, type CommentId, type ThreadId, type ThreadKind } from './comment-records';
import { FALLBACK_MEMBER_COLOR } from './members';
import type { Stamp } from './page-writes';

export { commentsDocId, pageOfCommentsDoc } from './comments-doc';
export {
  COMMENTS_QUESTION,
  COMMENTS_THREADS,
  MAX_AUTHOR_NAME_LENGTH,
  getThreadMap,
  getThreadsMap,
  readThread,
  readThreads,
} from './comment-records';
export type { Author, CommentId, CommentRecord, ThreadId, ThreadKind, ThreadRecord } from './comment-records';

/** Longest comment accepted, in UTF-16 code units. */
export const MAX_COMMENT_LENGTH = 10_000;
/** Longest quote kept; a longer selection is cut with an ellipsis. */
export const MAX_QUOTE_LENGTH = 300;
const RANDOM_ID_BYTES = 12;

// ---------------------------------------------------------------------------------------------
// Operations

export interface CreateThreadInput extends Stamp {
  readonly kind: ThreadKind;
  readonly body: string;
  readonly author: Author;
  /** Required for a comment, absent for an answer. */
  readonly anchor?: Anchor | null;
  /** The selected text, for a comment. */
  readonly quote?: string;
  /** A fresh id by default. */
  readonly id?: ThreadId;
}

export function createThread(doc: Y.Doc, input: CreateThreadInput, origin: unknown): ThreadId {
  const id = input.id ?? (randomId() as ThreadId);
  if (getThreadsMap(doc).has(id)) throw new CommonplaceError('conflict', `thread ${id} already exists`);
  if (input.kind !== 'comment' && input.kind !== 'answer') throw new CommonplaceError('invalid-argument', 'unknown thread kind');
  const body = requireBody(input.body);
  const anchor = input.anchor ?? null;
  if (input.kind === 'comment' && anchor === null) throw new CommonplaceError('invalid-argument', 'a comment needs an anchor');
  if (input.kind === 'answer' && anchor !== null) throw new CommonplaceError('invalid-argument', 'an answer has no anchor');
  doc.transact(() => {
    const thread = new Y.Map<unknown>();
    getThreadsMap(doc).set(id, thread);
    thread.set('kind', input.kind);
    if (anchor !== null) thread.set('anchor', { start: anchor.start, end: anchor.end });
    thread.set('quote', shortenQuote(input.quote ?? ''));
    thread.set('createdBy', input.by);
    thread.set('createdAt', input.now);
    thread.set('resolvedAt', null);
    thread.set('resolvedBy', null);
    thread.set('votes', new Y.Map<unknown>());
    thread.set('comments', Y.Array.from([newComment(body, input)]));
  }, origin);
  return id;
}

export interface ReplyInput extends Stamp {
  readonly threadId: ThreadId;
  readonly body: string;
  readonly author: Author;
}

export function replyToThread(doc: Y.Doc, input: ReplyInput, origin: unknown): CommentId {
  const comments = requireComments(requireThread(doc, input.threadId));
  const body = requireBody(input.body);
  const comment = newComment(body, input);
  doc.transact(() => comments.push([comment]), origin);
  return comment.get('id') as CommentId;
}

export interface CommentTarget extends Stamp {
  readonly threadId: ThreadId;
  readonly commentId: CommentId;
}

/** Changes the body of one's own comment. */
export function editComment(doc: Y.Doc, input: CommentTarget & { readonly body: string }, origin: unknown): void {
  const comment = requireOwnComment(doc, input);
  if (typeof comment.get('deletedAt') === 'number') {
    throw new CommonplaceError('conflict', 'a deleted comment cannot be edited');
  }
  const body = requireBody(input.body);
  if (comment.get('body') === body) return;
  doc.transact(() => {
    comment.set('body', body);
    comment.set('editedAt', input.now);
  }, origin);
}

/**
 * Deletes one's own comment softly: it stays in the thread as "deleted" (so replies keep their
 * context) and its text is cleared. Returns false if it was already deleted.
 */
export function deleteComment(doc: Y.Doc, input: CommentTarget, origin: unknown): boolean {
  const comment = requireOwnComment(doc, input);
  if (typeof comment.get('deletedAt') === 'number') return false;
  doc.transact(() => {
    comment.set('body', '');
    comment.set('deletedAt', input.now);
  }, origin);
  return true;
}

export interface ThreadTarget extends Stamp {
  readonly threadId: ThreadId;
}

/** Marks a comment thread resolved; returns false if it already was. Answers are not resolved. */
export function resolveThread(doc: Y.Doc, input: ThreadTarget, origin: unknown): boolean {
  const thread = requireCommentThread(doc, input.threadId);
  if (typeof thread.get('resolvedAt') === 'number') return false;
  doc.transact(() => {
    thread.set('resolvedAt', input.now);
    thread.set('resolvedBy', input.by);
  }, origin);
  return true;
}

/** Opens a resolved thread again; returns false if it was open. */
export function reopenThread(doc: Y.Doc, input: ThreadTarget, origin: unknown): boolean {
  const thread = requireCommentThread(doc, input.threadId);
  if (typeof thread.get('resolvedAt') !== 'number') return false;
  doc.transact(() => {
    thread.set('resolvedAt', null);
    thread.set('resolvedBy', null);
  }, origin);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Checks and helpers (also used by questions.ts)

export function requireThread(doc: Y.Doc, id: ThreadId): Y.Map<unknown> {
  const thread = getThreadMap(doc, id);
  if (thread === null) throw new CommonplaceError('not-found', `no thread ${id}`);
  return thread;
}

function requireCommentThread(doc: Y.Doc, id: ThreadId): Y.Map<unknown> {
  const thread = requireThread(doc, id);
  if (thread.get('kind') !== 'comment') throw new CommonplaceError('invalid-argument', `thread ${id} is not a comment thread`);
  return thread;
}

function requireComments(thread: Y.Map<unknown>): Y.Array<Y.Map<unknown>> {
  const comments = thread.get('comments');
  if (!(comments instanceof Y.Array)) throw new CommonplaceError('conflict', 'this thread cannot take replies');
  return comments as Y.Array<Y.Map<unknown>>;
}

function requireOwnComment(doc: Y.Doc, input: CommentTarget): Y.Map<unknown> {
  const comments = requireComments(requireThread(doc, input.threadId));
  const comment = comments.toArray().find((c) => c instanceof Y.Map && c.get('id') === input.commentId);
  if (comment === undefined) throw new CommonplaceError('not-found', `no comment ${input.commentId}`);
  if (comment.get('createdBy') !== input.by) throw new CommonplaceError('forbidden', 'only its author can change a comment');
  return comment;
}

/** The body as stored: trimmed; empty → 'invalid-argument', overlong → 'too-large'. */
export function requireBody(body: string): string {
  if (typeof body !== 'string') throw new CommonplaceError('invalid-argument', 'a comment must be text');
  const trimmed = body.trim();
  if (trimmed === '') throw new CommonplaceError('invalid-argument', 'a comment cannot be empty');
  if (trimmed.length > MAX_COMMENT_LENGTH) throw new CommonplaceError('too-large', `a comment is at most ${MAX_COMMENT_LENGTH} chars`);
  return trimmed;
}

function newComment(body: string, input: Stamp & { readonly author: Author }): Y.Map<unknown> {
  const comment = new Y.Map<unknown>();
  comment.set('id', randomId());
  comment.set('body', body);
  comment.set('createdBy', input.by);
  comment.set('authorName', input.author.name.slice(0, MAX_AUTHOR_NAME_LENGTH));
  comment.set('authorColor', HEX_COLOR.test(input.author.color) ? input.author.color : FALLBACK_MEMBER_COLOR);
  comment.set('createdAt', input.now);
  comment.set('editedAt', null);
  comment.set('deletedAt', null);
  return comment;
}

function shortenQuote(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_QUOTE_LENGTH ? `${flat.slice(0, MAX_QUOTE_LENGTH - 1)}…` : flat;
}

function randomId(): string {
  const bytes = new Uint8Array(RANDOM_ID_BYTES);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
