import { describe, expect, it } from 'vitest';
import { JOURNAL_COMPACT_RATIO, JOURNAL_MIN_COMPACT_BYTES, shouldCompact } from './index-file';

describe('shouldCompact', () => {
  it('waits for a small index journal to reach the minimum, a large one to reach its share', () => {
    expect(shouldCompact(1_000, JOURNAL_MIN_COMPACT_BYTES)).toBe(false);
    expect(shouldCompact(1_000, JOURNAL_MIN_COMPACT_BYTES + 1)).toBe(true);
    const big = 100 * JOURNAL_MIN_COMPACT_BYTES;
    expect(shouldCompact(big, big * JOURNAL_COMPACT_RATIO)).toBe(false);
    expect(shouldCompact(big, big * JOURNAL_COMPACT_RATIO + 1)).toBe(true);
  });
});
