/**
 * How activity reads: what each kind of item says, and the feed grouped by day (in the user's
 * time zone and language). Pure functions, so the view only lays them out.
 */
import type { ActivityItem } from '../../../../shared/model/activity';
import { assertNever } from '../../../../shared/errors';

/** The words around the page's title: "{who} {before} {page}{after}". */
export interface ItemText {
  readonly before: string;
  /** After the page title (or alone, for items without a page). */
  readonly after: string;
}

const changes = (count: number | undefined): string => (count === undefined ? '' : count === 1 ? ' · 1 change' : ` · ${count} changes`);

/** `answerName`: the name of whose answer was accepted (answer-accepted only). */
export function itemText(item: ActivityItem, answerName: string): ItemText {
  switch (item.kind) {
    case 'page-created':
      return { before: 'created', after: '' };
    case 'page-edited':
      return { before: 'edited', after: changes(item.count) };
    case 'question':
      return { before: 'asked', after: '' };
    case 'answer':
      return { before: 'answered', after: '' };
    case 'answer-accepted':
      return { before: `accepted ${answerName}’s answer to`, after: '' };
    case 'comment':
      return { before: 'commented on', after: '' };
    case 'member-joined':
      return { before: 'joined the workspace', after: '' };
    default:
      return assertNever(item.kind, 'activity kind');
  }
}

export interface DayGroup {
  /** Local date, yyyy-mm-dd: a stable key. */
  readonly key: string;
  readonly label: string;
  readonly items: readonly ActivityItem[];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const dayKey = (at: number): string => {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** Items (newest first) grouped by local day: "Today", "Yesterday", then dates. */
export function groupByDay(items: readonly ActivityItem[], now: number, locale?: string): DayGroup[] {
  const today = dayKey(now);
  const yesterday = dayKey(new Date(new Date(now).setDate(new Date(now).getDate() - 1)).getTime());
  const thisYear = new Date(now).getFullYear();
  const groups: Array<{ key: string; label: string; items: ActivityItem[] }> = [];
  for (const item of items) {
    const key = dayKey(item.at);
    let group = groups.at(-1);
    if (group?.key !== key) {
      const date = new Date(item.at);
      const label =
        key === today
          ? 'Today'
          : key === yesterday
            ? 'Yesterday'
            : date.toLocaleDateString(locale, { weekday: 'long', month: 'long', day: 'numeric', ...(date.getFullYear() === thisYear ? {} : { year: 'numeric' }) });
      group = { key, label, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}
