import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError, type ErrorCode } from '../errors';
import { isId, type PageId } from '../ids';
import { createAnchor } from './comment-anchors';
import {
  commentsDocId,
  createThread,
  deleteComment,
  editComment,
  MAX_COMMENT_LENGTH,
  MAX_QUOTE_LENGTH,
  pageOfCommentsDoc,
  readThread,
  readThreads,
  reopenThread,
  replyToThread,
  resolveThread,
  type ThreadId,
} from './comments';
import { ALICE, BOB, pid, syncAll, TEST_ORIGIN } from './test-support';

const ada = { name: 'Ada', color: '#aa3355' };
const bob = { name: 'Bob', color: '#3355aa' };

function pageWithText(text: string): { page: Y.Doc; paragraph: Y.XmlText } {
  const page = new Y.Doc({ gc: false });
  const paragraph = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  paragraph.insert(0, [run]);
  page.getXmlFragment('content').insert(0, [paragraph]);
  run.insert(0, text);
  return { page, paragraph: run };
}

function someAnchor() {
  const { paragraph } = pageWithText('the quick brown fox');
  return createAnchor({ type: paragraph, index: 4 }, { type: paragraph, index: 9 });
}

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

function newThread(doc: Y.Doc, body = 'Is this right?', by = ALICE, now = 1000): ThreadId {
  return createThread(doc, { kind: 'comment', body, anchor: someAnchor(), quote: 'quick', author: by === ALICE ? ada : bob, by, now }, TEST_ORIGIN);
}

describe('commentsDocId', () => {
  it('is deterministic, a valid doc id, and differs between pages', () => {
    const a = commentsDocId(pid(1));
    expect(commentsDocId(pid(1))).toBe(a);
    expect(isId(a)).toBe(true);
    expect(commentsDocId(pid(2))).not.toBe(a);
    expect(a).not.toBe(pid(1));
  });

  it('is the first 32 hex chars of SHA-256("comments:" + pageId)', async () => {
    const { createHash } = await import('node:crypto');
    const page = 'f'.repeat(32) as PageId;
    expect(commentsDocId(page)).toBe(createHash('sha256').update(`comments:${page}`).digest('hex').slice(0, 32));
  });

  it('finds the page of a comments doc among page ids, and nothing for an unknown doc', () => {
    const pages = [pid(1), pid(2), pid(3)];
    expect(pageOfCommentsDoc(pages, commentsDocId(pid(2)))).toBe(pid(2));
    expect(pageOfCommentsDoc(pages, commentsDocId(pid(9)))).toBeNull();
    expect(pageOfCommentsDoc(pages, pid(2))).toBeNull();
  });
});

describe('threads', () => {
  it('creates a comment thread with its anchor, quote and opening comment', () => {
    const doc = new Y.Doc();
    const anchor = someAnchor();
    const id = createThread(doc, { kind: 'comment', body: '  Source? ', anchor, quote: 'quick  brown\nfox', author: ada, by: ALICE, now: 5 }, TEST_ORIGIN);
    const thread = readThread(doc, id);
    expect(thread).toMatchObject({ id, kind: 'comment', quote: 'quick brown fox', createdBy: ALICE, createdAt: 5, resolvedAt: null, votes: [] });
    expect(thread?.anchor?.start).toEqual(anchor.start);
    expect(thread?.comments).toHaveLength(1);
    expect(thread?.comments[0]).toMatchObject({ body: 'Source?', createdBy: ALICE, author: ada, createdAt: 5, editedAt: null, deletedAt: null });
  });

  it('rejects an empty or overlong body, a comment without anchor and an answer with one', () => {
    const doc = new Y.Doc();
    expectCode(() => newThread(doc, '   '), 'invalid-argument');
    expectCode(() => newThread(doc, 'x'.repeat(MAX_COMMENT_LENGTH + 1)), 'too-large');
    expectCode(() => createThread(doc, { kind: 'comment', body: 'hi', author: ada, by: ALICE, now: 1 }, TEST_ORIGIN), 'invalid-argument');
    expectCode(() => createThread(doc, { kind: 'answer', body: 'hi', anchor: someAnchor(), author: ada, by: ALICE, now: 1 }, TEST_ORIGIN), 'invalid-argument');
    expect(readThreads(doc)).toEqual([]);
  });

  it('shortens a long quote and keeps a bad author colour out', () => {
    const doc = new Y.Doc();
    const id = createThread(doc, { kind: 'comment', body: 'b', anchor: someAnchor(), quote: 'q'.repeat(1000), author: { name: 'X', color: 'red;' }, by: ALICE, now: 1 }, TEST_ORIGIN);
    const thread = readThread(doc, id);
    expect(thread?.quote).toHaveLength(MAX_QUOTE_LENGTH);
    expect(thread?.comments[0]?.author.color).toBe('#808080');
  });

  it('adds replies in order', () => {
    const doc = new Y.Doc();
    const id = newThread(doc);
    replyToThread(doc, { threadId: id, body: 'Yes, see p. 4', author: bob, by: BOB, now: 2000 }, TEST_ORIGIN);
    replyToThread(doc, { threadId: id, body: 'Thanks', author: ada, by: ALICE, now: 3000 }, TEST_ORIGIN);
    expect(readThread(doc, id)?.comments.map((c) => c.body)).toEqual(['Is this right?', 'Yes, see p. 4', 'Thanks']);
    expectCode(() => replyToThread(doc, { threadId: 'nope' as ThreadId, body: 'x', author: bob, by: BOB, now: 1 }, TEST_ORIGIN), 'not-found');
    expectCode(() => replyToThread(doc, { threadId: id, body: '', author: bob, by: BOB, now: 1 }, TEST_ORIGIN), 'invalid-argument');
  });

  it('lets the author edit their comment, and nobody else', () => {
    const doc = new Y.Doc();
    const id = newThread(doc);
    const commentId = readThread(doc, id)!.comments[0]!.id;
    expectCode(() => editComment(doc, { threadId: id, commentId, body: 'Hijacked', by: BOB, now: 2 }, TEST_ORIGIN), 'forbidden');
    expectCode(() => editComment(doc, { threadId: id, commentId, body: ' ', by: ALICE, now: 2 }, TEST_ORIGIN), 'invalid-argument');
    editComment(doc, { threadId: id, commentId, body: 'Is this right, though?', by: ALICE, now: 2 }, TEST_ORIGIN);
    expect(readThread(doc, id)!.comments[0]).toMatchObject({ body: 'Is this right, though?', editedAt: 2 });
  });

  it('soft-deletes one’s own comment: it stays as "deleted" with its replies; others cannot', () => {
    const doc = new Y.Doc();
    const id = newThread(doc);
    replyToThread(doc, { threadId: id, body: 'A reply', author: bob, by: BOB, now: 2 }, TEST_ORIGIN);
    const [opening, reply] = readThread(doc, id)!.comments;
    expectCode(() => deleteComment(doc, { threadId: id, commentId: opening!.id, by: BOB, now: 3 }, TEST_ORIGIN), 'forbidden');
    expect(deleteComment(doc, { threadId: id, commentId: opening!.id, by: ALICE, now: 3 }, TEST_ORIGIN)).toBe(true);
    expect(deleteComment(doc, { threadId: id, commentId: opening!.id, by: ALICE, now: 4 }, TEST_ORIGIN)).toBe(false);
    const comments = readThread(doc, id)!.comments;
    expect(comments[0]).toMatchObject({ body: '', deletedAt: 3 });
    expect(comments[1]).toMatchObject({ id: reply!.id, body: 'A reply', deletedAt: null });
    expectCode(() => editComment(doc, { threadId: id, commentId: opening!.id, body: 'back', by: ALICE, now: 5 }, TEST_ORIGIN), 'conflict');
    expectCode(() => deleteComment(doc, { threadId: id, commentId: 'nope' as never, by: ALICE, now: 5 }, TEST_ORIGIN), 'not-found');
  });

  it('resolves and reopens comment threads, not answers', () => {
    const doc = new Y.Doc();
    const id = newThread(doc);
    expect(resolveThread(doc, { threadId: id, by: BOB, now: 7 }, TEST_ORIGIN)).toBe(true);
    expect(readThread(doc, id)).toMatchObject({ resolvedAt: 7, resolvedBy: BOB });
    expect(resolveThread(doc, { threadId: id, by: BOB, now: 8 }, TEST_ORIGIN)).toBe(false);
    expect(reopenThread(doc, { threadId: id, by: ALICE, now: 9 }, TEST_ORIGIN)).toBe(true);
    expect(readThread(doc, id)).toMatchObject({ resolvedAt: null, resolvedBy: null });
    expect(reopenThread(doc, { threadId: id, by: ALICE, now: 9 }, TEST_ORIGIN)).toBe(false);
    const answer = createThread(doc, { kind: 'answer', body: 'Do X', author: bob, by: BOB, now: 10 }, TEST_ORIGIN);
    expectCode(() => resolveThread(doc, { threadId: answer, by: ALICE, now: 11 }, TEST_ORIGIN), 'invalid-argument');
  });

  it('merges concurrent replies, a resolve and an edit from two replicas', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = newThread(a);
    syncAll([a, b]);
    replyToThread(a, { threadId: id, body: 'from A', author: ada, by: ALICE, now: 2 }, TEST_ORIGIN);
    replyToThread(b, { threadId: id, body: 'from B', author: bob, by: BOB, now: 2 }, TEST_ORIGIN);
    resolveThread(b, { threadId: id, by: BOB, now: 3 }, TEST_ORIGIN);
    editComment(a, { threadId: id, commentId: readThread(a, id)!.comments[0]!.id, body: 'edited', by: ALICE, now: 3 }, TEST_ORIGIN);
    syncAll([a, b]);
    expect(readThreads(a)).toEqual(readThreads(b));
    const thread = readThread(a, id)!;
    expect(thread.resolvedBy).toBe(BOB);
    expect(thread.comments.map((c) => c.body).sort()).toEqual(['edited', 'from A', 'from B']);
  });

  it('reads malformed entries from a peer safely', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      const threads = doc.getMap('threads');
      threads.set('junk', 42);
      const odd = new Y.Map<unknown>();
      threads.set('odd', odd);
      odd.set('kind', 'poll');
      odd.set('anchor', { start: 'x', end: 1 });
      odd.set('comments', Y.Array.from([7, new Y.Map()]));
    });
    const threads = readThreads(doc);
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ id: 'odd', kind: 'comment', anchor: null, comments: [], quote: '', resolvedAt: null });
  });
});
