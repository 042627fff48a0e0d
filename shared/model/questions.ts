/**
 * Questions, the community's sounding board. A question is a page of kind 'question'; its answers
 * are threads of kind 'answer' in the page's comments doc (comments.ts: no anchor, the replies are
 * the thread's comments), with "this helped" votes, and at most one accepted answer.
 *
 * The comments doc's `question` Y.Map:
 *   acceptedId, acceptedBy, acceptedAt   the accepted answer (one field, so two members accepting
 *                                        different answers at once still leave exactly one)
 *   guideId                              on a question: the practice guide made from it
 *   fromQuestion                         on a guide: the question it was made from
 *
 * Who may accept: the asker (the page's creator) or a steward. Until roles are enforced between
 * peers (issue 5, point 4) this is what an honest replica offers and checks, not a proof.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { MemberId, PageId } from '../ids';
import { createThread, getThreadsMap, readThreads, requireThread, type Author, type ThreadId, type ThreadRecord } from './comments';
import { COMMENTS_QUESTION } from './comments';
import { readMember } from './members';
import type { Stamp } from './page-writes';
import { asNullableNumber, getMeta, type PageRecord } from './schema';

export const QUESTION_KIND = 'question';
export const GUIDE_KIND = 'guide';

export interface QuestionState {
  readonly acceptedId: ThreadId | null;
  readonly acceptedBy: MemberId | null;
  readonly acceptedAt: number | null;
  readonly guideId: PageId | null;
  readonly fromQuestion: PageId | null;
}

/** What the open-questions list shows of one question (computed by the host). */
export interface QuestionSummary {
  readonly pageId: PageId;
  readonly title: string;
  readonly askedBy: MemberId;
  readonly askedAt: number;
  /** Answers not deleted. */
  readonly answers: number;
  readonly acceptedId: ThreadId | null;
  readonly guideId: PageId | null;
}

/** Who is acting on a question, with what they may do beyond their own posts. */
export interface QuestionActor extends Stamp {
  /** The question page's creator. */
  readonly askedBy: MemberId;
  readonly isSteward: boolean;
}

export const getQuestionMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(COMMENTS_QUESTION);

export function readQuestionState(doc: Y.Doc): QuestionState {
  const map = getQuestionMap(doc);
  const str = (key: string) => (typeof map.get(key) === 'string' ? (map.get(key) as string) : null);
  return {
    acceptedId: str('acceptedId') as ThreadId | null,
    acceptedBy: str('acceptedBy') as MemberId | null,
    acceptedAt: asNullableNumber(map.get('acceptedAt')),
    guideId: str('guideId') as PageId | null,
    fromQuestion: str('fromQuestion') as PageId | null,
  };
}

export function createAnswer(doc: Y.Doc, input: Stamp & { readonly body: string; readonly author: Author }, origin: unknown): ThreadId {
  return createThread(doc, { ...input, kind: 'answer' }, origin);
}

/**
 * "This helped": one vote per member, pressed again to take it back. Returns whether `by` now
 * votes for the answer. Nobody votes for their own answer ('forbidden').
 */
export function toggleVote(doc: Y.Doc, input: { readonly threadId: ThreadId; readonly by: MemberId }, origin: unknown): boolean {
  const thread = requireAnswer(doc, input.threadId);
  if (thread.get('createdBy') === input.by) throw new CommonplaceError('forbidden', 'you cannot vote for your own answer');
  let votes = thread.get('votes');
  const voted = votes instanceof Y.Map && (votes as Y.Map<unknown>).get(input.by) === true;
  doc.transact(() => {
    if (!(votes instanceof Y.Map)) {
      votes = new Y.Map<unknown>();
      thread.set('votes', votes);
    }
    if (voted) (votes as Y.Map<unknown>).delete(input.by);
    else (votes as Y.Map<unknown>).set(input.by, true);
  }, origin);
  return !voted;
}

export const canAccept = (actor: Pick<QuestionActor, 'by' | 'askedBy' | 'isSteward'>): boolean =>
  actor.by === actor.askedBy || actor.isSteward;

/** Makes an answer the accepted one (replacing any other). Only the asker or a steward may. */
export function acceptAnswer(doc: Y.Doc, input: QuestionActor & { readonly threadId: ThreadId }, origin: unknown): void {
  requireAnswer(doc, input.threadId);
  requireCanAccept(input);
  const answer = readThreads(doc).find((t) => t.id === input.threadId);
  if (answer?.comments[0]?.deletedAt != null) throw new CommonplaceError('conflict', 'a deleted answer cannot be accepted');
  const map = getQuestionMap(doc);
  if (map.get('acceptedId') === input.threadId) return;
  doc.transact(() => {
    map.set('acceptedId', input.threadId);
    map.set('acceptedBy', input.by);
    map.set('acceptedAt', input.now);
  }, origin);
}

/** Takes the acceptance back; returns false if no answer was accepted. */
export function clearAcceptedAnswer(doc: Y.Doc, input: QuestionActor, origin: unknown): boolean {
  requireCanAccept(input);
  const map = getQuestionMap(doc);
  if (typeof map.get('acceptedId') !== 'string') return false;
  doc.transact(() => {
    map.set('acceptedId', null);
    map.set('acceptedBy', input.by);
    map.set('acceptedAt', input.now);
  }, origin);
  return true;
}

/** Records, in a question's comments doc, the guide made from it. */
export function linkGuide(doc: Y.Doc, guideId: PageId, origin: unknown): void {
  doc.transact(() => getQuestionMap(doc).set('guideId', guideId), origin);
}

/** Records, in a guide's comments doc, the question it was made from. */
export function linkQuestion(doc: Y.Doc, questionId: PageId, origin: unknown): void {
  doc.transact(() => getQuestionMap(doc).set('fromQuestion', questionId), origin);
}

/** The answers, as shown: the accepted one first, then the most helpful, then the oldest. */
export function answersInOrder(doc: Y.Doc): ThreadRecord[] {
  const { acceptedId } = readQuestionState(doc);
  return readThreads(doc)
    .filter((thread) => thread.kind === 'answer')
    .sort((a, b) => Number(b.id === acceptedId) - Number(a.id === acceptedId) || b.votes.length - a.votes.length || a.createdAt - b.createdAt);
}

/** The accepted answer's id, if it names an answer that exists. */
export function acceptedAnswerOf(doc: Y.Doc): ThreadId | null {
  const { acceptedId } = readQuestionState(doc);
  if (acceptedId === null) return null;
  const thread = getThreadsMap(doc).get(acceptedId);
  return thread instanceof Y.Map && thread.get('kind') === 'answer' ? acceptedId : null;
}

/**
 * Whether a member is a steward of the workspace: by the role in `members`, or, while the
 * members map is not kept yet, as the workspace's creator. (A bootstrap rule; signed role
 * grants replace it when roles are enforced between peers.)
 */
export function isStewardOf(workspaceDoc: Y.Doc, memberId: MemberId): boolean {
  const member = readMember(workspaceDoc, memberId);
  if (member !== null) return member.role === 'steward';
  return getMeta(workspaceDoc)?.createdBy === memberId;
}

export function summarizeQuestion(page: PageRecord, commentsDoc: Y.Doc): QuestionSummary {
  const answers = readThreads(commentsDoc).filter((t) => t.kind === 'answer' && t.comments[0]?.deletedAt === null);
  return {
    pageId: page.id,
    title: page.title,
    askedBy: page.createdBy,
    askedAt: page.createdAt,
    answers: answers.length,
    acceptedId: acceptedAnswerOf(commentsDoc),
    guideId: readQuestionState(commentsDoc).guideId,
  };
}

function requireAnswer(doc: Y.Doc, id: ThreadId): Y.Map<unknown> {
  const thread = requireThread(doc, id);
  if (thread.get('kind') !== 'answer') throw new CommonplaceError('invalid-argument', `thread ${id} is not an answer`);
  return thread;
}

function requireCanAccept(actor: QuestionActor): void {
  if (!canAccept(actor)) throw new CommonplaceError('forbidden', 'only the asker or a steward can accept an answer');
}
