import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError, type ErrorCode } from '../errors';
import type { MemberId, PageId } from '../ids';
import { docToFragment, fragmentToDoc, normalizeDoc } from '../markdown';
import { createThread, deleteComment, readThread, replyToThread, type ThreadId } from './comments';
import { buildGuideDoc, guideTitle } from './question-guide';
import {
  acceptAnswer,
  acceptedAnswerOf,
  answersInOrder,
  canAccept,
  clearAcceptedAnswer,
  createAnswer,
  isStewardOf,
  linkGuide,
  linkQuestion,
  readQuestionState,
  summarizeQuestion,
  toggleVote,
} from './questions';
import { createPage, initWorkspaceDoc, readPage } from '.';
import { getMembersMap } from './members';
import { ALICE, BOB, pid, syncAll, TEST_ORIGIN } from './test-support';

const CAROL = 'c3'.repeat(32) as MemberId;
const author = (name: string) => ({ name, color: '#336699' });

function expectCode(fn: () => unknown, code: ErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CommonplaceError);
  expect((thrown as CommonplaceError).code).toBe(code);
}

/** A question asked by ALICE, answered by BOB and CAROL. */
function answered() {
  const doc = new Y.Doc();
  const bob = createAnswer(doc, { body: 'Calibrate first.', author: author('Bob'), by: BOB, now: 10 }, TEST_ORIGIN);
  const carol = createAnswer(doc, { body: 'Use the spare probe.', author: author('Carol'), by: CAROL, now: 20 }, TEST_ORIGIN);
  return { doc, bob, carol };
}
const asker = { askedBy: ALICE, isSteward: false };

describe('questions', () => {
  it('votes "this helped" once per member, a second press takes it back', () => {
    const { doc, bob } = answered();
    expect(toggleVote(doc, { threadId: bob, by: ALICE }, TEST_ORIGIN)).toBe(true);
    expect(toggleVote(doc, { threadId: bob, by: CAROL }, TEST_ORIGIN)).toBe(true);
    expect(readThread(doc, bob)?.votes).toEqual([ALICE, CAROL].sort());
    expect(toggleVote(doc, { threadId: bob, by: ALICE }, TEST_ORIGIN)).toBe(false);
    expect(readThread(doc, bob)?.votes).toEqual([CAROL]);
  });

  it('refuses a vote for one’s own answer, or for something that is not an answer', () => {
    const { doc, bob } = answered();
    expectCode(() => toggleVote(doc, { threadId: bob, by: BOB }, TEST_ORIGIN), 'forbidden');
    expectCode(() => toggleVote(doc, { threadId: 'nope' as ThreadId, by: ALICE }, TEST_ORIGIN), 'not-found');
    const comment = createThread(doc, { kind: 'comment', body: 'x', anchor: { start: new Uint8Array([1]), end: new Uint8Array([1]) }, author: author('A'), by: ALICE, now: 1 }, TEST_ORIGIN);
    expectCode(() => toggleVote(doc, { threadId: comment, by: BOB }, TEST_ORIGIN), 'invalid-argument');
  });

  it('lets the asker accept an answer, and a steward; nobody else', () => {
    const { doc, bob, carol } = answered();
    expect(canAccept({ by: BOB, ...asker })).toBe(false);
    expectCode(() => acceptAnswer(doc, { threadId: bob, by: BOB, now: 30, ...asker }, TEST_ORIGIN), 'forbidden');
    expect(acceptedAnswerOf(doc)).toBeNull();

    acceptAnswer(doc, { threadId: bob, by: ALICE, now: 30, ...asker }, TEST_ORIGIN);
    expect(readQuestionState(doc)).toMatchObject({ acceptedId: bob, acceptedBy: ALICE, acceptedAt: 30 });
    acceptAnswer(doc, { threadId: carol, by: CAROL, now: 40, askedBy: ALICE, isSteward: true }, TEST_ORIGIN);
    expect(acceptedAnswerOf(doc)).toBe(carol);

    expectCode(() => clearAcceptedAnswer(doc, { by: BOB, now: 50, ...asker }, TEST_ORIGIN), 'forbidden');
    expect(clearAcceptedAnswer(doc, { by: ALICE, now: 50, ...asker }, TEST_ORIGIN)).toBe(true);
    expect(clearAcceptedAnswer(doc, { by: ALICE, now: 51, ...asker }, TEST_ORIGIN)).toBe(false);
    expect(acceptedAnswerOf(doc)).toBeNull();
  });

  it('does not accept a deleted answer', () => {
    const { doc, bob } = answered();
    deleteComment(doc, { threadId: bob, commentId: readThread(doc, bob)!.comments[0]!.id, by: BOB, now: 11 }, TEST_ORIGIN);
    expectCode(() => acceptAnswer(doc, { threadId: bob, by: ALICE, now: 30, ...asker }, TEST_ORIGIN), 'conflict');
  });

  it('leaves exactly one accepted answer when two replicas accept different ones', () => {
    const { doc: a, bob, carol } = answered();
    const b = new Y.Doc();
    syncAll([a, b]);
    acceptAnswer(a, { threadId: bob, by: ALICE, now: 30, ...asker }, TEST_ORIGIN);
    acceptAnswer(b, { threadId: carol, by: ALICE, now: 31, ...asker }, TEST_ORIGIN);
    syncAll([a, b]);
    expect(acceptedAnswerOf(a)).toBe(acceptedAnswerOf(b));
    expect([bob, carol]).toContain(acceptedAnswerOf(a));
  });

  it('orders answers: accepted first, then most helpful, then oldest', () => {
    const { doc, bob, carol } = answered();
    const dave = createAnswer(doc, { body: 'Ask the lab.', author: author('Dave'), by: 'd4'.repeat(32) as MemberId, now: 30 }, TEST_ORIGIN);
    expect(answersInOrder(doc).map((t) => t.id)).toEqual([bob, carol, dave]);
    toggleVote(doc, { threadId: dave, by: ALICE }, TEST_ORIGIN);
    expect(answersInOrder(doc).map((t) => t.id)).toEqual([dave, bob, carol]);
    acceptAnswer(doc, { threadId: carol, by: ALICE, now: 40, ...asker }, TEST_ORIGIN);
    expect(answersInOrder(doc).map((t) => t.id)).toEqual([carol, dave, bob]);
  });

  it('records the links between a question and its guide', () => {
    const question = new Y.Doc();
    const guide = new Y.Doc();
    linkGuide(question, pid(7), TEST_ORIGIN);
    linkQuestion(guide, pid(3), TEST_ORIGIN);
    expect(readQuestionState(question).guideId).toBe(pid(7));
    expect(readQuestionState(guide).fromQuestion).toBe(pid(3));
  });

  it('knows stewards by role, or the workspace creator while no member is recorded', () => {
    const root = new Y.Doc();
    initWorkspaceDoc(root, { name: 'W', createdBy: ALICE, now: 1 }, TEST_ORIGIN);
    expect(isStewardOf(root, ALICE)).toBe(true);
    expect(isStewardOf(root, BOB)).toBe(false);
    root.transact(() => {
      const bob = new Y.Map<unknown>();
      getMembersMap(root).set(BOB, bob);
      bob.set('role', 'steward');
      const alice = new Y.Map<unknown>();
      getMembersMap(root).set(ALICE, alice);
      alice.set('role', 'contributor');
    });
    expect(isStewardOf(root, BOB)).toBe(true);
    expect(isStewardOf(root, ALICE)).toBe(false);
  });

  it('summarizes a question for the open-questions list', () => {
    const root = new Y.Doc();
    const pageId = createPage(root, { title: 'How to calibrate?', parentId: null, kind: 'question', by: ALICE, now: 5 }, TEST_ORIGIN);
    const { doc, bob, carol } = answered();
    deleteComment(doc, { threadId: carol, commentId: readThread(doc, carol)!.comments[0]!.id, by: CAROL, now: 21 }, TEST_ORIGIN);
    const page = readPage(root, pageId)!;
    expect(summarizeQuestion(page, doc)).toEqual({ pageId, title: 'How to calibrate?', askedBy: ALICE, askedAt: 5, answers: 1, acceptedId: null, guideId: null });
    acceptAnswer(doc, { threadId: bob, by: ALICE, now: 30, ...asker }, TEST_ORIGIN);
    expect(summarizeQuestion(page, doc).acceptedId).toBe(bob);
  });
});

describe('question → guide', () => {
  it('puts the question, the accepted answer first, then the others, with a link back', () => {
    const { doc, bob, carol } = answered();
    toggleVote(doc, { threadId: bob, by: CAROL }, TEST_ORIGIN);
    acceptAnswer(doc, { threadId: carol, by: ALICE, now: 30, ...asker }, TEST_ORIGIN);
    replyToThread(doc, { threadId: carol, body: 'Where is it kept?\nBottom drawer.', author: author('Bob'), by: BOB, now: 31 }, TEST_ORIGIN);
    const questionId = 'f'.repeat(32) as PageId;
    const guide = buildGuideDoc({
      questionId,
      questionTitle: 'How to calibrate?',
      questionContent: [{ type: 'paragraph', content: [{ type: 'text', text: 'The probe drifts.' }] }],
      answers: answersInOrder(doc),
      acceptedId: acceptedAnswerOf(doc),
      nameOf: (comment) => comment.author.name,
    });
    expect(guideTitle('How to calibrate?')).toBe('Guide: How to calibrate?');
    expect(guide.content[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Made from the question ' },
        { type: 'wikiLink', attrs: { pageId: questionId, target: 'How to calibrate?', label: null, heading: null } },
        { type: 'text', text: '.' },
      ],
    });
    const headings = guide.content.filter((n) => n.type === 'heading').map((n) => n.content?.[0]?.text);
    expect(headings).toEqual(['The question', 'Accepted answer — Carol', 'Answer — Bob']);
    const text = JSON.stringify(guide);
    expect(text.indexOf('Use the spare probe.')).toBeLessThan(text.indexOf('Calibrate first.'));
    expect(text).toContain('The probe drifts.');
    expect(text).toContain('1 member found this helpful.');
    expect(text).toContain('"type":"hardBreak"');

    // It survives the trip into a page doc's fragment and back, as the host writes it.
    const page = new Y.Doc();
    docToFragment(guide, page.getXmlFragment('content'));
    expect(normalizeDoc(fragmentToDoc(page.getXmlFragment('content')))).toEqual(normalizeDoc(guide));
  });

  it('leaves deleted answers out and stands in for an empty question', () => {
    const { doc, bob } = answered();
    deleteComment(doc, { threadId: bob, commentId: readThread(doc, bob)!.comments[0]!.id, by: BOB, now: 11 }, TEST_ORIGIN);
    const guide = buildGuideDoc({ questionId: pid(1), questionTitle: '', questionContent: [{ type: 'paragraph' }], answers: answersInOrder(doc), acceptedId: null, nameOf: () => 'X' });
    expect(JSON.stringify(guide)).not.toContain('Calibrate first.');
    expect(guide.content[2]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Untitled question' }] });
  });
});
