import { describe, expect, it } from 'vitest';
import type { MemberId } from '../ids';
import { EDIT_WINDOW_MS, type ActivityItem } from './activity';
import { countContributions, DAY_MS, weeklyTimeline, weekStartOf, WEEK_MS } from './contributions';
import { ALICE, BOB, pid } from './test-support';

/** Monday 2026-11-02 00:00 UTC. */
const MONDAY = Date.UTC(2026, 10, 2);

const items: ActivityItem[] = [
  { id: '1', kind: 'page-created', memberId: ALICE, at: MONDAY, pageId: pid(1) },
  { id: '2', kind: 'page-created', memberId: ALICE, at: MONDAY + 1, pageId: pid(2) },
  { id: '3', kind: 'page-edited', memberId: ALICE, at: MONDAY + 10, from: MONDAY, pageId: pid(1), count: 4 },
  { id: '4', kind: 'page-edited', memberId: ALICE, at: MONDAY + EDIT_WINDOW_MS + 5, from: MONDAY + EDIT_WINDOW_MS, pageId: pid(1), count: 2 },
  { id: '5', kind: 'page-edited', memberId: ALICE, at: MONDAY - WEEK_MS, from: MONDAY - WEEK_MS, pageId: pid(2), count: 1 },
  { id: '6', kind: 'question', memberId: BOB, at: MONDAY + DAY_MS, pageId: pid(3) },
  { id: '7', kind: 'answer', memberId: ALICE, at: MONDAY + 2 * DAY_MS, pageId: pid(3) },
  { id: '8', kind: 'answer-accepted', memberId: BOB, at: MONDAY + 3 * DAY_MS, pageId: pid(3), answerBy: ALICE },
  { id: '9', kind: 'comment', memberId: ALICE, at: MONDAY + 3 * DAY_MS, pageId: pid(3) },
  { id: '10', kind: 'member-joined', memberId: ALICE, at: MONDAY - 3 * WEEK_MS },
];

describe('contributions', () => {
  it('counts what a member did, by kind', () => {
    expect(countContributions(items, ALICE)).toEqual({
      pagesCreated: 2,
      pagesEdited: 2,
      changes: 7,
      comments: 1,
      questionsAsked: 0,
      answersGiven: 1,
      answersAccepted: 1, // Bob accepted Alice's answer: it counts for Alice
    });
    expect(countContributions(items, BOB)).toMatchObject({ questionsAsked: 1, answersAccepted: 0, pagesCreated: 0 });
    expect(countContributions(items, 'c3'.repeat(32) as MemberId)).toMatchObject({ pagesCreated: 0, changes: 0 });
  });

  it('bins contributions by UTC week, an editing session once, joining not at all', () => {
    const timeline = weeklyTimeline(items, ALICE, MONDAY + 4 * DAY_MS, 4);
    expect(timeline.map((w) => w.weekStart)).toEqual([MONDAY - 3 * WEEK_MS, MONDAY - 2 * WEEK_MS, MONDAY - WEEK_MS, MONDAY]);
    // This week: 2 pages, 1 editing session (two windows in a row), 1 answer, 1 comment.
    expect(timeline.map((w) => w.count)).toEqual([0, 0, 1, 5]);
  });

  it('starts weeks on Monday 00:00 UTC', () => {
    expect(weekStartOf(MONDAY)).toBe(MONDAY);
    expect(weekStartOf(MONDAY - 1)).toBe(MONDAY - WEEK_MS);
    expect(weekStartOf(MONDAY + 6 * DAY_MS + 1)).toBe(MONDAY);
    expect(new Date(weekStartOf(Date.UTC(2026, 10, 12, 15))).getUTCDay()).toBe(1);
  });
});
