import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/bridge/sync';
import type { PageId, WorkspaceId } from '../../../shared/ids';
import { describePageSync, pageSyncView } from './sync-view';

const P1 = '1'.repeat(32) as PageId;
const P2 = '2'.repeat(32) as PageId;
const ANA = 'b'.repeat(64);

const base: SyncStatus = {
  workspaceId: '0'.repeat(32) as WorkspaceId,
  running: true,
  peers: [{ memberId: ANA, name: 'Ana', color: '#333333', connected: true, compared: true, lastSyncedAt: 1 }],
  pending: [],
  pendingCount: 0,
  progress: { done: 0, total: 0 },
  stalled: [],
  discovery: { state: 'off', reason: null },
  addresses: [],
  knownPeers: [],
};

describe('pageSyncView', () => {
  it('covers every state', () => {
    expect(pageSyncView(null, P1)).toEqual({ kind: 'off' });
    expect(pageSyncView({ ...base, running: false }, P1)).toEqual({ kind: 'off' });
    expect(pageSyncView({ ...base, progress: { done: 120, total: 1000 } }, P1)).toEqual({ kind: 'catching-up', done: 120, total: 1000 });
    expect(pageSyncView({ ...base, progress: { done: 1000, total: 1000 } }, P1)).toEqual({ kind: 'synced', peers: 1 });
    expect(pageSyncView({ ...base, peers: [{ ...base.peers[0]!, connected: false }] }, P1)).toEqual({ kind: 'alone' });
    expect(pageSyncView({ ...base, pending: [P1], pendingCount: 1 }, P1)).toEqual({ kind: 'waiting' });
    expect(pageSyncView({ ...base, pending: [P2], pendingCount: 1 }, P1)).toEqual({ kind: 'synced', peers: 1 });
    const stalled = { ...base, pending: [P1], stalled: [{ pageId: P1, memberId: ANA, since: 0 }] };
    expect(pageSyncView(stalled, P1)).toEqual({ kind: 'stalled', with: ['Ana'] });
    expect(pageSyncView(stalled, P2)).toEqual({ kind: 'synced', peers: 1 });
    expect(pageSyncView(stalled, null)).toEqual({ kind: 'stalled', with: ['Ana'] });
  });

  it('calls nothing synced while a connected peer is not compared yet', () => {
    const ben = { memberId: 'c'.repeat(64), name: 'Ben', color: '#444444', connected: true, compared: false, lastSyncedAt: null };
    // Just joined: Ana connected, her workspace doc and digests still on their way.
    expect(pageSyncView({ ...base, peers: [{ ...base.peers[0]!, compared: false }] }, P1)).toEqual({ kind: 'comparing' });
    expect(pageSyncView({ ...base, peers: [{ ...base.peers[0]!, compared: false }] }, null)).toEqual({ kind: 'comparing' });
    // One compared, one not: still not known to be in step with everyone.
    expect(pageSyncView({ ...base, peers: [base.peers[0]!, ben] }, P1)).toEqual({ kind: 'comparing' });
    // What is known to differ still says so; a peer gone is not waited for.
    expect(pageSyncView({ ...base, peers: [base.peers[0]!, ben], pending: [P1], pendingCount: 1 }, P1)).toEqual({ kind: 'waiting' });
    expect(pageSyncView({ ...base, peers: [base.peers[0]!, { ...ben, connected: false }] }, P1)).toEqual({ kind: 'synced', peers: 1 });
  });

  it('says it in words', () => {
    expect(describePageSync({ kind: 'catching-up', done: 120, total: 1000 })).toBe(`Syncing 120 / ${new Intl.NumberFormat().format(1000)} pages`);
    expect(describePageSync({ kind: 'synced', peers: 2 })).toBe('Synced with 2 peers');
    expect(describePageSync({ kind: 'stalled', with: ['Ana'] })).toBe('Not converging with Ana');
    expect(describePageSync({ kind: 'comparing' })).toBe('Syncing…');
    expect(describePageSync({ kind: 'off' })).toBe('');
  });
});
