/**
 * A member's contribution profile, computed from the activity items (activity-extract.ts):
 * counts by kind, and contributions per week for the profile's bar chart. Pure functions.
 *
 * Weeks run Monday 00:00 to Monday 00:00 UTC, so every replica bins the same items the same way.
 */
import type { MemberId, PageId } from '../ids';
import type { ActivityItem } from './activity';
import { coalesceEdits } from './activity-feed';

export interface ContributionCounts {
  /** Pages created (questions are counted as questions asked, not here). */
  readonly pagesCreated: number;
  /** Distinct pages whose content the member changed. */
  readonly pagesEdited: number;
  /** Changes made to pages, summed over the edit records. */
  readonly changes: number;
  /** Comments and replies (replies to answers included), not deleted. */
  readonly comments: number;
  readonly questionsAsked: number;
  /** Answers written, not deleted. */
  readonly answersGiven: number;
  /** Of the answers written, how many their question's asker (or a steward) accepted. */
  readonly answersAccepted: number;
}

export interface WeekCount {
  /** Monday 00:00 UTC of the week (ms). */
  readonly weekStart: number;
  /** Contributions that week: pages created, editing sessions, comments, questions, answers, acceptances. */
  readonly count: number;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: the first Monday is four days later. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
export const DEFAULT_TIMELINE_WEEKS = 12;
export const MAX_TIMELINE_WEEKS = 104;

export const weekStartOf = (at: number): number => at - ((((at - FIRST_MONDAY_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS);

export function countContributions(items: readonly ActivityItem[], memberId: MemberId): ContributionCounts {
  let pagesCreated = 0;
  let changes = 0;
  let comments = 0;
  let questionsAsked = 0;
  let answersGiven = 0;
  let answersAccepted = 0;
  const edited = new Set<PageId>();
  for (const item of items) {
    if (item.kind === 'answer-accepted' && item.answerBy === memberId) answersAccepted++;
    if (item.memberId !== memberId) continue;
    switch (item.kind) {
      case 'page-created':
        pagesCreated++;
        break;
      case 'page-edited':
        if (item.pageId !== undefined) edited.add(item.pageId);
        changes += item.count ?? 0;
        break;
      case 'comment':
        comments++;
        break;
      case 'question':
        questionsAsked++;
        break;
      case 'answer':
        answersGiven++;
        break;
      case 'answer-accepted':
      case 'member-joined':
        break;
    }
  }
  return { pagesCreated, pagesEdited: edited.size, changes, comments, questionsAsked, answersGiven, answersAccepted };
}

/**
 * The member's contributions in each of the `weeks` weeks up to and including the one of `now`,
 * oldest first. An editing session (coalesced windows) counts once; joining is not a contribution.
 */
export function weeklyTimeline(items: readonly ActivityItem[], memberId: MemberId, now: number, weeks = DEFAULT_TIMELINE_WEEKS): WeekCount[] {
  const span = Math.max(1, Math.min(Math.floor(weeks), MAX_TIMELINE_WEEKS));
  const last = weekStartOf(now);
  const first = last - (span - 1) * WEEK_MS;
  const counts = new Array<number>(span).fill(0);
  for (const item of coalesceEdits(items.filter((i) => i.memberId === memberId))) {
    if (item.kind === 'member-joined') continue;
    const week = weekStartOf(item.at);
    if (week < first || week > last) continue;
    const index = (week - first) / WEEK_MS;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((count, index) => ({ weekStart: first + index * WEEK_MS, count }));
}
