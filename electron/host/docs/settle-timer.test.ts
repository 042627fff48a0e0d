import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettleTimer } from './settle-timer';

const QUIET = 300;
const MAX_WAIT = 2_000;

describe('SettleTimer', () => {
  let runs = 0;
  let timer: SettleTimer;
  beforeEach(() => {
    vi.useFakeTimers();
    runs = 0;
    timer = new SettleTimer(QUIET, MAX_WAIT, () => runs++);
  });
  afterEach(() => {
    timer.cancel();
    vi.useRealTimers();
  });

  it('runs once, after changes have been quiet for the quiet period', async () => {
    for (let i = 0; i < 5; i++) {
      timer.note();
      await vi.advanceTimersByTimeAsync(QUIET - 1);
    }
    expect(runs).toBe(0);
    expect(timer.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    expect(timer.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_WAIT * 2);
    expect(runs).toBe(1); // nothing noted since
  });

  it('runs at the ceiling when changes never pause, and again after the next ones', async () => {
    for (let elapsed = 0; elapsed < MAX_WAIT - 100; elapsed += 100) {
      timer.note();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toBe(0);
    timer.note();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1); // MAX_WAIT after the first change, though the last was 100 ms ago
    timer.note();
    await vi.advanceTimersByTimeAsync(QUIET);
    expect(runs).toBe(2);
  });

  it('forgets a waiting change when cancelled', async () => {
    timer.note();
    timer.cancel();
    expect(timer.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_WAIT);
    expect(runs).toBe(0);
  });
});
