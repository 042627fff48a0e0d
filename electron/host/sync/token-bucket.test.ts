import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('gives a burst, then tokens at its rate, never more than the burst', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([1, 2, 3].map(() => bucket.take(0))).toEqual([true, true, true]);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.take(500)).toBe(true); // 2 a second: one token per 500 ms
    expect(bucket.take(500)).toBe(false);
    expect([1, 2, 3, 4].map(() => bucket.take(60_000))).toEqual([true, true, true, false]);
    expect(bucket.wasFull).toBe(false);
    bucket.take(61_500); // 1.5 s refills the 3 tokens
    expect(bucket.wasFull).toBe(true);
  });

  it('refills nothing when the clock steps back', () => {
    const bucket = new TokenBucket(1, 1, 10_000);
    expect(bucket.take(10_000)).toBe(true);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.take(10_999)).toBe(false);
    expect(bucket.take(11_500)).toBe(true);
  });
});
