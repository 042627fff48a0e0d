/**
 * Fractional order keys for siblings (rocicorp/fractional-indexing, base 62).
 *
 * Siblings sort by (order, id) with code-unit comparison. Two hazards make a plain
 * `generateKeyBetween(prev, next)` insufficient:
 * - Equal keys: two replicas appending to the same parent while partitioned both compute the
 *   same key. The id tie-break keeps the display deterministic, but no key sorts strictly
 *   between two equal keys, so placing a page between them re-keys that run of siblings.
 * - Malformed keys written by a buggy or foreign peer make the library throw; then every sibling
 *   is re-keyed, in its current display order.
 * Re-keying writes the `order` of pages other than the one placed. Two replicas re-keying the
 * same run concurrently merge key by key (last writer wins per page), which can shuffle that run;
 * it stays deterministic and loses no page, and it only happens after a tie or corruption.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import type { PageId } from '../ids';
import { compareStrings } from './schema';

/** The part of a sibling that ordering needs. */
export interface Ordered {
  readonly id: PageId;
  readonly order: string;
}

/** Display order of siblings: by order key, then by id. */
export const compareByOrder = (a: Ordered, b: Ordered): number =>
  compareStrings(a.order, b.order) || compareStrings(a.id, b.id);

export interface Placement {
  /** The key for the page being placed. */
  readonly order: string;
  /** Siblings whose key must change in the same transaction (id → new key); usually empty. */
  readonly rekeyed: ReadonlyMap<PageId, string>;
}

/**
 * The key that puts a page at `index` among `siblings`.
 * Contract: `siblings` are sorted with `compareByOrder`, exclude the page being placed, and
 * `0 <= index <= siblings.length` (the caller validates).
 */
export function placeAt(siblings: readonly Ordered[], index: number): Placement {
  const lo = siblings[index - 1]?.order ?? null;
  const hi = siblings[index]?.order ?? null;
  if (lo === null || hi === null || lo < hi) {
    const order = tryKeyBetween(lo, hi);
    if (order !== null) return { order, rekeyed: new Map() };
  }
  if (lo !== null && lo === hi) {
    // Re-key only the run of equal keys around the gap, between its outer neighbours.
    let first = index - 1;
    while (first > 0 && siblings[first - 1]?.order === lo) first--;
    let last = index;
    while (last < siblings.length - 1 && siblings[last + 1]?.order === lo) last++;
    const placed = placeRun(siblings, first, last, index);
    if (placed !== null) return placed;
  }
  // Malformed neighbours: re-key every sibling; keys between null and null never fail.
  const all = placeRun(siblings, 0, siblings.length - 1, index);
  if (all === null) throw new Error('unreachable: keys between null and null cannot fail');
  return all;
}

/** Fresh keys for siblings[first..last] plus the new page at `index`, or null if impossible. */
function placeRun(siblings: readonly Ordered[], first: number, last: number, index: number): Placement | null {
  const before = siblings[first - 1]?.order ?? null;
  const after = siblings[last + 1]?.order ?? null;
  const count = last - first + 2;
  let keys: string[];
  try {
    keys = generateNKeysBetween(before, after, count);
  } catch {
    return null; // `before` or `after` is malformed: the caller widens the run
  }
  const rekeyed = new Map<PageId, string>();
  let order = '';
  let k = 0;
  for (let i = first; i <= last + 1; i++) {
    const key = keys[k++] ?? '';
    if (i === index) order = key;
    const sibling = i < index ? siblings[i] : siblings[i - 1];
    if (i !== index && sibling !== undefined) rekeyed.set(sibling.id, key);
  }
  return { order, rekeyed };
}

function tryKeyBetween(lo: string | null, hi: string | null): string | null {
  try {
    return generateKeyBetween(lo, hi);
  } catch {
    return null; // malformed key from a peer: placeAt falls back to re-keying
  }
}
