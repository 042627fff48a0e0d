/**
 * The feed: activity items (activity-extract.ts) as the member reads them — edit windows of the
 * same member and page that follow each other coalesced into one editing session, newest first,
 * and which of them arrived since the member last looked. Pure functions over plain items.
 */
import type { MemberId } from '../ids';
import { EDIT_WINDOW_MS, MAX_EDIT_COUNT, type ActivityItem } from './activity';

/** The most items one feed answer carries. */
export const MAX_FEED_LIMIT = 500;
export const DEFAULT_FEED_LIMIT = 100;

export interface FeedOptions {
  /** Only items after this time (ms). */
  readonly since?: number;
  readonly limit?: number;
}

const byTimeThenId = (a: ActivityItem, b: ActivityItem): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const newestFirst = (a: ActivityItem, b: ActivityItem): number => -byTimeThenId(a, b);

/**
 * Merges the edit windows of one member on one page into sessions: a window that starts at most
 * EDIT_WINDOW_MS after the previous one's last change continues it (count added, `at` moved on).
 * A session keeps the id of its first window, so it stays stable while it grows.
 */
export function coalesceEdits(items: readonly ActivityItem[]): ActivityItem[] {
  const out: ActivityItem[] = [];
  const open = new Map<string, number>(); // member + page → index in out of their latest session
  for (const item of [...items].sort((a, b) => (a.from ?? a.at) - (b.from ?? b.at) || byTimeThenId(a, b))) {
    if (item.kind !== 'page-edited') {
      out.push(item);
      continue;
    }
    const key = `${item.memberId}:${item.pageId ?? ''}`;
    const index = open.get(key);
    const session = index === undefined ? undefined : out[index];
    if (session !== undefined && index !== undefined && (item.from ?? item.at) - session.at <= EDIT_WINDOW_MS) {
      out[index] = { ...session, at: Math.max(session.at, item.at), count: Math.min((session.count ?? 0) + (item.count ?? 0), MAX_EDIT_COUNT) };
    } else {
      open.set(key, out.length);
      out.push(item);
    }
  }
  return out;
}

/** The feed: coalesced, after `since`, newest first, at most `limit` items. */
export function buildFeed(items: readonly ActivityItem[], options: FeedOptions = {}): ActivityItem[] {
  const since = options.since ?? -Infinity;
  const limit = Math.max(0, Math.min(options.limit ?? DEFAULT_FEED_LIMIT, MAX_FEED_LIMIT));
  return coalesceEdits(items)
    .filter((item) => item.at > since)
    .sort(newestFirst)
    .slice(0, limit);
}

/** Items someone else did after `lastSeenAt` (what I did myself is never news to me). */
export function countUnread(items: readonly ActivityItem[], lastSeenAt: number, me: MemberId): number {
  return coalesceEdits(items).filter((item) => isUnread(item, lastSeenAt, me)).length;
}

export const isUnread = (item: ActivityItem, lastSeenAt: number, me: MemberId | string): boolean => item.at > lastSeenAt && item.memberId !== me;
