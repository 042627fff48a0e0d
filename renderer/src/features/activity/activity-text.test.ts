import { describe, expect, it } from 'vitest';
import type { MemberId } from '../../../../shared/ids';
import type { ActivityItem } from '../../../../shared/model/activity';
import { groupByDay, itemText } from './activity-text';

const M = 'a1'.repeat(32) as MemberId;
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();
const item = (id: string, time: number): ActivityItem => ({ id, kind: 'comment', memberId: M, at: time });

describe('activity text', () => {
  it('says what each kind did', () => {
    expect(itemText({ id: 'e', kind: 'page-edited', memberId: M, at: 1, count: 3 }, '')).toEqual({ before: 'edited', after: ' · 3 changes' });
    expect(itemText({ id: 'e', kind: 'page-edited', memberId: M, at: 1, count: 1 }, '').after).toBe(' · 1 change');
    expect(itemText({ id: 'a', kind: 'answer-accepted', memberId: M, at: 1 }, 'Cy').before).toBe('accepted Cy’s answer to');
    expect(itemText({ id: 'j', kind: 'member-joined', memberId: M, at: 1 }, '').before).toBe('joined the workspace');
  });

  it('groups newest-first items by local day: today, yesterday, then dates', () => {
    const now = at(2026, 11, 12, 18);
    const groups = groupByDay([item('1', at(2026, 11, 12, 9)), item('2', at(2026, 11, 12, 1)), item('3', at(2026, 11, 11)), item('4', at(2026, 11, 2)), item('5', at(2025, 12, 31))], now, 'en-US');
    expect(groups.map((g) => [g.label, g.items.map((i) => i.id)])).toEqual([
      ['Today', ['1', '2']],
      ['Yesterday', ['3']],
      ['Monday, November 2', ['4']],
      ['Wednesday, December 31, 2025', ['5']],
    ]);
  });
});
