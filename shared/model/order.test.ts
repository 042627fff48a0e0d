import { describe, expect, it } from 'vitest';
import type { Ordered } from './order';
import { compareByOrder, placeAt } from './order';
import { pid } from './test-support';

const sib = (n: number, order: string): Ordered => ({ id: pid(n), order });

/** Applies a placement and returns the ids in display order, the new page as 'NEW'. */
function after(siblings: Ordered[], index: number): string[] {
  const placed = placeAt(siblings, index);
  const all = siblings.map((s) => ({ ...s, order: placed.rekeyed.get(s.id) ?? s.order }));
  all.push({ id: 'NEW' as Ordered['id'], order: placed.order });
  return all.sort(compareByOrder).map((s) => (s.id === 'NEW' ? 'NEW' : s.id));
}

describe('placeAt', () => {
  it('places between distinct neighbours without re-keying', () => {
    const siblings = [sib(1, 'a0'), sib(2, 'a1')];
    for (let index = 0; index <= siblings.length; index++) {
      expect(placeAt(siblings, index).rekeyed.size).toBe(0);
      const ids = after(siblings, index);
      expect(ids.indexOf('NEW')).toBe(index);
    }
  });

  it('re-keys only the run of equal keys when placing between them', () => {
    // Equal keys from concurrent appends; id breaks the tie.
    const siblings = [sib(1, 'a0'), sib(2, 'a1'), sib(3, 'a1'), sib(4, 'a1'), sib(5, 'a2')];
    const placed = placeAt(siblings, 2);
    expect([...placed.rekeyed.keys()].sort()).toEqual([pid(2), pid(3), pid(4)]);
    expect(after(siblings, 2)).toEqual([pid(1), pid(2), 'NEW', pid(3), pid(4), pid(5)]);
  });

  it('re-keys every sibling when a key is malformed', () => {
    const siblings = [sib(1, ''), sib(2, '!!'), sib(3, 'a5')];
    expect(after(siblings, 1)).toEqual([pid(1), 'NEW', pid(2), pid(3)]);
    expect(placeAt(siblings, 1).rekeyed.size).toBe(3);
  });

  it('places in an empty parent', () => {
    expect(placeAt([], 0)).toEqual({ order: 'a0', rekeyed: new Map() });
  });
});
