/**
 * What the header says about sync for the page in view, derived from the workspace's sync status
 * (pure, so every case is tested): catching up, alone, comparing with a peer that has just
 * connected, changes waiting, not converging, synced.
 */
import type { SyncStatus } from '../../../shared/bridge/sync';
import type { PageId } from '../../../shared/ids';

export type PageSyncView =
  | { readonly kind: 'off' }
  | { readonly kind: 'catching-up'; readonly done: number; readonly total: number }
  | { readonly kind: 'alone' }
  /** A peer is connected but its workspace doc and digests have not arrived: nothing is known yet. */
  | { readonly kind: 'comparing' }
  | { readonly kind: 'stalled'; readonly with: readonly string[] }
  | { readonly kind: 'waiting' }
  | { readonly kind: 'synced'; readonly peers: number };

export function pageSyncView(status: SyncStatus | null, pageId: PageId | null): PageSyncView {
  if (status === null || !status.running) return { kind: 'off' };
  const { done, total } = status.progress;
  if (total > 0 && done < total) return { kind: 'catching-up', done, total };
  const connected = status.peers.filter((p) => p.connected);
  if (connected.length === 0) return { kind: 'alone' };
  if (pageId !== null) {
    const stalledWith = status.stalled.filter((s) => s.pageId === pageId).map((s) => nameOf(status, s.memberId));
    if (stalledWith.length > 0) return { kind: 'stalled', with: stalledWith };
    if (status.pending.includes(pageId)) return { kind: 'waiting' };
  } else if (status.stalled.length > 0) {
    return { kind: 'stalled', with: [...new Set(status.stalled.map((s) => nameOf(status, s.memberId)))] };
  }
  // A page can be in step with the peers compared so far, not with one whose state is still unknown.
  if (connected.some((p) => !p.compared)) return { kind: 'comparing' };
  return { kind: 'synced', peers: connected.length };
}

const nameOf = (status: SyncStatus, memberId: string): string => status.peers.find((p) => p.memberId === memberId)?.name ?? 'a peer';

const NUMBER = new Intl.NumberFormat();

/** The words for a view, as the header shows them. */
export function describePageSync(view: PageSyncView): string {
  switch (view.kind) {
    case 'off':
      return '';
    case 'catching-up':
      return `Syncing ${NUMBER.format(view.done)} / ${NUMBER.format(view.total)} pages`;
    case 'alone':
      return 'No peers connected';
    case 'comparing':
      return 'Syncing…';
    case 'stalled':
      return `Not converging with ${view.with.join(', ')}`;
    case 'waiting':
      return 'Changes waiting';
    case 'synced':
      return view.peers === 1 ? 'Synced with 1 peer' : `Synced with ${view.peers} peers`;
  }
}
