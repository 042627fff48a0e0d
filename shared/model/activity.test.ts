import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId, PageId } from '../ids';
import { addEditRecords, EDIT_WINDOW_MS, editsKeyOf, MAX_EDIT_COUNT, readEditRecords, type ActivityItem } from './activity';
import { commentsActivity, memberActivity, withPendingEdits, workspaceActivity } from './activity-extract';
import { buildFeed, coalesceEdits, countUnread } from './activity-feed';
import { createThread, deleteComment, replyToThread } from './comments';
import { createAnchor } from './comment-anchors';
import { acceptAnswer, clearAcceptedAnswer, createAnswer } from './questions';
import { createPage, getPageMap } from '.';
import { ALICE, BOB, pid, syncAll, TEST_ORIGIN } from './test-support';

const T0 = 1_700_000_400_000 - (1_700_000_400_000 % EDIT_WINDOW_MS); // a window start
const author = (name: string) => ({ name, color: '#336699' });

function workspace() {
  const doc = new Y.Doc();
  const page = createPage(doc, { title: 'Soil', parentId: null, kind: 'note', by: ALICE, now: T0, id: pid(1) }, TEST_ORIGIN);
  return { doc, page };
}

describe('edit records', () => {
  it('coalesces changes into one record per member, page and window, with a count', () => {
    const { doc, page } = workspace();
    addEditRecords(doc, ALICE, [{ pageId: page, at: T0 + 1_000, count: 3 }], TEST_ORIGIN);
    addEditRecords(doc, ALICE, [{ pageId: page, at: T0 + 5_000, count: 2 }], TEST_ORIGIN);
    addEditRecords(doc, ALICE, [{ pageId: page, at: T0 + EDIT_WINDOW_MS + 1, count: 1 }], TEST_ORIGIN);
    expect(readEditRecords(page, getPageMap(doc, page)!)).toEqual([
      { pageId: page, memberId: ALICE, start: T0, last: T0 + 5_000, count: 5 },
      { pageId: page, memberId: ALICE, start: T0 + EDIT_WINDOW_MS, last: T0 + EDIT_WINDOW_MS + 1, count: 1 },
    ]);
  });

  it('keeps both members’ records when two replicas write at once, even their first ones', () => {
    const a = workspace().doc;
    const b = new Y.Doc();
    syncAll([a, b]);
    // Neither has an edits map yet: each creates its own member's, so nothing is lost in the merge.
    addEditRecords(a, ALICE, [{ pageId: pid(1), at: T0 + 10, count: 4 }], TEST_ORIGIN);
    addEditRecords(b, BOB, [{ pageId: pid(1), at: T0 + 20, count: 6 }], TEST_ORIGIN);
    syncAll([a, b]);
    for (const doc of [a, b]) {
      expect(readEditRecords(pid(1), getPageMap(doc, pid(1))!).map((r) => [r.memberId, r.count])).toEqual([
        [ALICE, 4],
        [BOB, 6],
      ]);
    }
  });

  it('skips pages that are gone and writes nothing for them', () => {
    const { doc } = workspace();
    const before = Y.encodeStateVector(doc);
    expect(addEditRecords(doc, ALICE, [{ pageId: pid(9), at: T0, count: 1 }], TEST_ORIGIN)).toBe(0);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('accepts well-formed records and skips malformed ones a peer may have written', () => {
    const { doc, page } = workspace();
    const map = getPageMap(doc, page)!;
    doc.transact(() => {
      const good = new Y.Map<unknown>();
      map.set(editsKeyOf(BOB), good);
      good.set(String(T0), { last: T0 + 1, count: 2 }); // accepted
      good.set(String(T0 + 1), { last: T0 + 1, count: 1 }); // not a window start
      good.set(String(T0 + EDIT_WINDOW_MS), { last: T0, count: 1 }); // last outside its window
      good.set(String(T0 + 2 * EDIT_WINDOW_MS), { last: T0 + 2 * EDIT_WINDOW_MS, count: 0 }); // no changes
      good.set(String(T0 + 3 * EDIT_WINDOW_MS), { last: T0 + 3 * EDIT_WINDOW_MS, count: 1e12 }); // capped
      good.set('soon', { last: T0, count: 1 });
      map.set('edits:not-a-member', new Y.Map());
      map.set(editsKeyOf(ALICE), 'not a map');
    });
    expect(readEditRecords(page, map).map((r) => [r.memberId, r.start, r.count])).toEqual([
      [BOB, T0, 2],
      [BOB, T0 + 3 * EDIT_WINDOW_MS, MAX_EDIT_COUNT],
    ]);
  });
});

describe('activity from the docs', () => {
  it('reads new pages, questions and edit windows from the workspace doc', () => {
    const { doc, page } = workspace();
    createPage(doc, { title: 'Why?', parentId: null, kind: 'question', by: BOB, now: T0 + 7, id: pid(2) }, TEST_ORIGIN);
    addEditRecords(doc, BOB, [{ pageId: page, at: T0 + 9, count: 2 }], TEST_ORIGIN);
    expect(workspaceActivity(doc)).toEqual([
      { id: `page:${page}`, kind: 'page-created', memberId: ALICE, at: T0, pageId: page },
      { id: `edit:${page}:${BOB}:${T0}`, kind: 'page-edited', memberId: BOB, at: T0 + 9, from: T0, pageId: page, count: 2 },
      { id: `page:${pid(2)}`, kind: 'question', memberId: BOB, at: T0 + 7, pageId: pid(2) },
    ]);
  });

  it('reads comments, replies, answers and the accepted answer; deleted ones are gone', () => {
    const page = new Y.Doc();
    const text = new Y.XmlText('Samples at dawn');
    page.getXmlFragment('content').insert(0, [text]);
    const comments = new Y.Doc();
    const anchor = createAnchor({ type: text, index: 0 }, { type: text, index: 7 });
    const thread = createThread(comments, { kind: 'comment', body: 'Which?', anchor, author: author('Ada'), by: ALICE, now: 10 }, TEST_ORIGIN);
    replyToThread(comments, { threadId: thread, body: 'Cores', author: author('Bob'), by: BOB, now: 11 }, TEST_ORIGIN);
    const taken = replyToThread(comments, { threadId: thread, body: 'oops', author: author('Bob'), by: BOB, now: 12 }, TEST_ORIGIN);
    deleteComment(comments, { threadId: thread, commentId: taken, by: BOB, now: 13 }, TEST_ORIGIN);
    const answer = createAnswer(comments, { body: 'Use a corer', author: author('Bob'), by: BOB, now: 20 }, TEST_ORIGIN);
    acceptAnswer(comments, { threadId: answer, askedBy: ALICE, isSteward: false, by: ALICE, now: 30 }, TEST_ORIGIN);

    const items = commentsActivity(pid(1), comments);
    expect(items.map((i) => [i.kind, i.memberId, i.at])).toEqual([
      ['comment', ALICE, 10],
      ['comment', BOB, 11],
      ['answer', BOB, 20],
      ['answer-accepted', ALICE, 30],
    ]);
    expect(items[3]).toMatchObject({ pageId: pid(1), answerBy: BOB });

    clearAcceptedAnswer(comments, { askedBy: ALICE, isSteward: false, by: ALICE, now: 40 }, TEST_ORIGIN);
    expect(commentsActivity(pid(1), comments).map((i) => i.kind)).not.toContain('answer-accepted');
  });

  it('counts edits not written yet as if they were: into their window’s item, or as a new one', () => {
    const { doc, page } = workspace();
    addEditRecords(doc, ALICE, [{ pageId: page, at: T0 + 5, count: 2 }], TEST_ORIGIN);
    const pending = [
      { pageId: page, at: T0 + 9, count: 3 },
      { pageId: page, at: T0 + EDIT_WINDOW_MS + 1, count: 1 },
    ];
    const items = withPendingEdits(workspaceActivity(doc), ALICE, pending);
    const written = workspaceActivity(doc);
    addEditRecords(doc, ALICE, pending, TEST_ORIGIN);
    expect(items).toEqual(workspaceActivity(doc)); // the same as once they are written
    expect(written.filter((i) => i.kind === 'page-edited')).toHaveLength(1);
  });

  it('lists members who joined by invite, not the creator who founded the workspace', () => {
    expect(
      memberActivity([
        { id: ALICE, joinedAt: 1, invitedBy: null },
        { id: BOB, joinedAt: 5, invitedBy: ALICE },
        { id: 'c3'.repeat(32) as MemberId, joinedAt: 0, invitedBy: ALICE }, // unknown time: left out
      ]),
    ).toEqual([{ id: `joined:${BOB}`, kind: 'member-joined', memberId: BOB, at: 5 }]);
  });
});

describe('the feed', () => {
  const edit = (memberId: MemberId, pageId: PageId, window: number, last: number, count: number): ActivityItem => ({
    id: `edit:${pageId}:${memberId}:${T0 + window * EDIT_WINDOW_MS}`,
    kind: 'page-edited',
    memberId,
    pageId,
    from: T0 + window * EDIT_WINDOW_MS,
    at: T0 + window * EDIT_WINDOW_MS + last,
    count,
  });

  it('coalesces windows that follow each other into one editing session, keeping its first id', () => {
    const items = [edit(ALICE, pid(1), 0, 9 * 60_000, 3), edit(ALICE, pid(1), 1, 60_000, 2), edit(ALICE, pid(1), 2, 0, 1)];
    expect(coalesceEdits(items)).toEqual([{ ...items[0], at: items[2]!.at, count: 6 }]);
  });

  it('keeps sessions apart across a gap, and other members’ or pages’ windows apart', () => {
    const items = [
      edit(ALICE, pid(1), 0, 0, 1), // last change at the window's start…
      edit(ALICE, pid(1), 2, 0, 1), // …and the next window 20 minutes later: a new session
      edit(BOB, pid(1), 0, 1, 1),
      edit(ALICE, pid(2), 1, 0, 1),
    ];
    expect(coalesceEdits(items)).toHaveLength(4);
  });

  it('is newest first, after `since`, at most `limit`, and counts only others’ news as unread', () => {
    const items: ActivityItem[] = [
      { id: 'a', kind: 'page-created', memberId: ALICE, at: 1, pageId: pid(1) },
      { id: 'b', kind: 'comment', memberId: BOB, at: 3, pageId: pid(1) },
      { id: 'c', kind: 'member-joined', memberId: BOB, at: 2 },
      { id: 'd', kind: 'question', memberId: ALICE, at: 4, pageId: pid(2) },
    ];
    expect(buildFeed(items).map((i) => i.id)).toEqual(['d', 'b', 'c', 'a']);
    expect(buildFeed(items, { since: 2 }).map((i) => i.id)).toEqual(['d', 'b']);
    expect(buildFeed(items, { limit: 1 }).map((i) => i.id)).toEqual(['d']);
    expect(countUnread(items, 1, ALICE)).toBe(2); // b and c; a and d are mine
    expect(countUnread(items, 3, ALICE)).toBe(0);
  });
});
