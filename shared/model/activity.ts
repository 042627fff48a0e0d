/**
 * Activity: who did what, when — the shapes of the feed, and the one kind of record it needs
 * beyond what the docs already say (page edits).
 *
 * Everything else is read from data that is there anyway: a page's `createdBy/createdAt`, the
 * threads of its comments doc (comments, answers, the accepted answer), the members' join times.
 * Page edits leave no author in the workspace doc, so the host of the member who edits writes
 * edit records, coalesced:
 *
 *   pages[pageId]                Y.Map (the page's entry, schema.ts)
 *     `edits:<memberId>`         Y.Map, made and written only by that member's host:
 *       <window start, base 10>  { last, count }  — one record per EDIT_WINDOW_MS window: the
 *                                time of the last change in it and how many changes it had
 *
 * Keying by member keeps writers apart: each member's host creates and writes only its own map,
 * so two hosts never race to create the same nested type (where one would silently win) and
 * never overwrite each other's records. Records live in the page's entry, so they sync with the
 * workspace doc, go away with a page deleted forever, and need no role beyond the one that made
 * the edit (a contributor may write `pages`; readers and commenters cannot edit pages at all).
 *
 * @safety Records come from peers. Each is checked and a malformed one is skipped; a record is a
 * claim, like `createdBy`: a modified host can write records in another member's name (it could
 * already write `createdBy`), and the feed shows what the records say.
 */
import * as Y from 'yjs';
import type { MemberId, PageId } from '../ids';
import { getPagesMap } from './schema';

/** One record per member, page and this much time (the coalescing window). */
export const EDIT_WINDOW_MS = 10 * 60_000;
/** Prefix of a page entry's key holding one member's edit records. */
export const EDITS_KEY_PREFIX = 'edits:';
/** More changes than this in one record are counted as this many (a bound on a peer's claim). */
export const MAX_EDIT_COUNT = 1_000_000;
const MEMBER_ID = /^[0-9a-f]{64}$/;

export type ActivityKind = 'page-created' | 'page-edited' | 'question' | 'answer' | 'answer-accepted' | 'comment' | 'member-joined';

/** One thing that happened, as the feed shows it. */
export interface ActivityItem {
  /** Stable across computations: the same event has the same id on every replica. */
  readonly id: string;
  readonly kind: ActivityKind;
  /** Who did it. */
  readonly memberId: MemberId;
  /** When (ms since the epoch); for edits, the last change. */
  readonly at: number;
  /** Absent for `member-joined`. */
  readonly pageId?: PageId;
  /** `page-edited`: how many changes (coalesced). */
  readonly count?: number;
  /** `page-edited`: when the first change was made. */
  readonly from?: number;
  /** `answer-accepted`: whose answer was accepted. */
  readonly answerBy?: MemberId;
}

/** One stored window of one member's edits of one page. */
export interface EditRecord {
  readonly pageId: PageId;
  readonly memberId: MemberId;
  /** Start of the window (a multiple of EDIT_WINDOW_MS). */
  readonly start: number;
  readonly last: number;
  readonly count: number;
}

export const editWindowOf = (at: number): number => Math.floor(at / EDIT_WINDOW_MS) * EDIT_WINDOW_MS;
export const editsKeyOf = (memberId: MemberId): string => EDITS_KEY_PREFIX + memberId;

/** The well-formed edit records of one page entry, every member's, oldest window first. */
export function readEditRecords(pageId: PageId, page: Y.Map<unknown>): EditRecord[] {
  const out: EditRecord[] = [];
  page.forEach((value, key) => {
    if (!key.startsWith(EDITS_KEY_PREFIX) || !(value instanceof Y.Map)) return;
    const memberId = key.slice(EDITS_KEY_PREFIX.length);
    if (!MEMBER_ID.test(memberId)) return;
    (value as Y.Map<unknown>).forEach((record, windowKey) => {
      const parsed = parseRecord(windowKey, record);
      if (parsed) out.push({ pageId, memberId: memberId as MemberId, ...parsed });
    });
  });
  return out.sort((a, b) => a.start - b.start || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

/** Whether `value` is one member's edit-records map with every entry well-formed (the write policy asks this of a commenter's own question). */
export function isEditRecordsMap(value: unknown): boolean {
  if (!(value instanceof Y.Map)) return false;
  let wellFormed = true;
  (value as Y.Map<unknown>).forEach((record, windowKey) => {
    if (parseRecord(windowKey, record) === null) wellFormed = false;
  });
  return wellFormed;
}

function parseRecord(windowKey: string, value: unknown): { start: number; last: number; count: number } | null {
  if (!/^\d{1,16}$/.test(windowKey) || typeof value !== 'object' || value === null) return null;
  const start = Number(windowKey);
  const { last, count } = value as Record<string, unknown>;
  if (start % EDIT_WINDOW_MS !== 0 || typeof last !== 'number' || typeof count !== 'number') return null;
  if (!Number.isFinite(last) || last < start || last >= start + EDIT_WINDOW_MS) return null;
  if (!Number.isInteger(count) || count < 1) return null;
  return { start, last, count: Math.min(count, MAX_EDIT_COUNT) };
}

/** Changes one member made to one page around `at`, not yet written. */
export interface PendingEdits {
  readonly pageId: PageId;
  readonly at: number;
  readonly count: number;
}

/**
 * Adds `memberId`'s edits to the records of their pages, in one transaction: each batch goes into
 * the record of its window (count added, last moved on). Pages no longer in the doc are skipped.
 * Only the host of `memberId` may call this (see the header). Returns how many records changed.
 */
export function addEditRecords(doc: Y.Doc, memberId: MemberId, edits: readonly PendingEdits[], origin: unknown): number {
  const pages = getPagesMap(doc);
  const key = editsKeyOf(memberId);
  let changed = 0;
  const live = edits.filter((edit) => pages.get(edit.pageId) instanceof Y.Map && edit.count > 0 && Number.isFinite(edit.at));
  if (live.length === 0) return 0;
  doc.transact(() => {
    for (const edit of live) {
      const page = pages.get(edit.pageId) as Y.Map<unknown>;
      let mine = page.get(key);
      if (!(mine instanceof Y.Map)) {
        mine = new Y.Map<unknown>();
        page.set(key, mine);
      }
      const records = mine as Y.Map<unknown>;
      const start = editWindowOf(edit.at);
      const previous = parseRecord(String(start), records.get(String(start)));
      const count = Math.min((previous?.count ?? 0) + edit.count, MAX_EDIT_COUNT);
      records.set(String(start), { last: Math.max(previous?.last ?? edit.at, edit.at), count });
      changed++;
    }
  }, origin);
  return changed;
}
