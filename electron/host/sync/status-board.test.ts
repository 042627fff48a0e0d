import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceId } from '../../../shared/ids';
import { discoveryStatusOf, StatusBoard, STATUS_EVENT_MS, STATUS_TICK_MS } from './status-board';
import type { SyncTracker } from './sync-status';

const WS = '0'.repeat(32) as WorkspaceId;

afterEach(() => {
  vi.useRealTimers();
});

function tracker(fingerprints: string[]): SyncTracker & { ticks: number } {
  const fake = {
    ticks: 0,
    tick() {
      fake.ticks++;
      return fingerprints[Math.min(fake.ticks - 1, fingerprints.length - 1)] ?? '';
    },
  };
  return fake as unknown as SyncTracker & { ticks: number };
}

describe('StatusBoard', () => {
  it('tells only when the fingerprint changes, on its regular tick', () => {
    vi.useFakeTimers();
    const board = new StatusBoard();
    const heard: WorkspaceId[] = [];
    board.onDidChange(({ workspaceId }) => heard.push(workspaceId));
    board.add(WS, tracker(['a', 'a', 'b', 'b']));
    vi.advanceTimersByTime(STATUS_TICK_MS * 4);
    expect(heard).toEqual([WS, WS]); // '' → 'a', 'a' → 'b'
    board.close();
  });

  it('coalesces a burst of changes into one look within STATUS_EVENT_MS', () => {
    vi.useFakeTimers();
    const board = new StatusBoard();
    const fake = tracker(['a', 'b', 'c']);
    board.add(WS, fake);
    for (let n = 0; n < 100; n++) board.changed(WS);
    vi.advanceTimersByTime(STATUS_EVENT_MS);
    expect(fake.ticks).toBe(1);
    board.remove(WS);
    board.changed(WS);
    vi.advanceTimersByTime(STATUS_TICK_MS * 3);
    expect(fake.ticks).toBe(1); // removed: never looked at again
    board.close();
  });
});

describe('discoveryStatusOf', () => {
  it('maps discovery states to what the UI says', () => {
    expect(discoveryStatusOf({ status: 'off' }).state).toBe('off');
    expect(discoveryStatusOf({ status: 'starting' })).toEqual({ state: 'on', reason: null });
    expect(discoveryStatusOf({ status: 'running' })).toEqual({ state: 'on', reason: null });
    expect(discoveryStatusOf({ status: 'unavailable', message: 'no multicast route' })).toEqual({ state: 'unavailable', reason: 'no multicast route' });
  });
});
