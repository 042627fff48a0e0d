import { describe, expect, it } from 'vitest';
import { dispatch } from './validate';
import type { BridgeHandlers } from './contract';

const WS = '0123456789abcdef0123456789abcdef';
const MEMBER = 'ab'.repeat(32);

/** Only the activity area: dispatch reaches nothing else in these tests. */
function handlers(calls: unknown[]): BridgeHandlers {
  const record = async (args: unknown) => {
    calls.push(args);
    return undefined as never;
  };
  return { activity: { feed: record, profile: record, markSeen: record, localState: record, markStartHereShown: record } } as unknown as BridgeHandlers;
}

describe('activity bridge arguments', () => {
  it.each([
    ['feed', { workspaceId: WS }],
    ['feed', { workspaceId: WS, since: 0, limit: 500 }],
    ['profile', { workspaceId: WS, memberId: MEMBER }],
    ['profile', { workspaceId: WS, memberId: MEMBER, weeks: 104 }],
    ['markSeen', { workspaceId: WS, at: 1_700_000_000_000 }],
    ['localState', { workspaceId: WS }],
    ['markStartHereShown', { workspaceId: WS }],
  ])('accepts activity.%s(%j)', async (method, args) => {
    const calls: unknown[] = [];
    expect(await dispatch(handlers(calls), 'activity', method, args)).toEqual({ ok: true, value: undefined });
    expect(calls).toEqual([args]);
  });

  it.each([
    ['feed', { workspaceId: 'nope' }],
    ['feed', { workspaceId: WS, limit: 501 }],
    ['feed', { workspaceId: WS, limit: 0 }],
    ['feed', { workspaceId: WS, since: -1 }],
    ['feed', { workspaceId: WS, extra: true }],
    ['profile', { workspaceId: WS, memberId: 'AB'.repeat(32) }],
    ['profile', { workspaceId: WS, memberId: MEMBER, weeks: 105 }],
    ['markSeen', { workspaceId: WS, at: Number.NaN }],
    ['markSeen', { workspaceId: WS, at: Infinity }],
    ['markSeen', { workspaceId: WS, at: 9e15 }],
    ['markSeen', { workspaceId: WS }],
    ['markStartHereShown', { workspaceId: WS, at: 1 }],
  ])('rejects activity.%s(%j) with invalid-argument', async (method, args) => {
    const calls: unknown[] = [];
    const outcome = await dispatch(handlers(calls), 'activity', method, args);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('invalid-argument');
    expect(calls).toHaveLength(0);
  });
});
