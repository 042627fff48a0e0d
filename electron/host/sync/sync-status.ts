/**
 * The visible truth of one workspace's sync (issue 3, point 10): which peers are connected, by
 * name, and when we last held the same pages as each; which pages differ; and the warning the
 * anchors never give — a peer connected, yet a page that has not converged for a while.
 *
 * A page differs from a peer's as pending, unless both have it open (its live room carries every
 * edit at once; digests follow a moment later). Its comments doc counts as part of it: comments,
 * answers and votes not yet exchanged are "changes waiting" on the page too, and a comments doc
 * that stands still apart flags the page as not converging.
 *
 * "Not converged for a while" is judged on digests that stand still: a page counts as stalled when
 * our digest and a connected peer's have both stayed the same, and different, for STALL_MS. A page
 * under live editing changes digests all the time and is never flagged; a silent divergence (both
 * sides quiet, catch-up not closing the gap) is.
 *
 * `tick()` runs about once a second (HostSync); it returns a fingerprint of what the UI shows, so
 * the host tells renderers only when something they show changed.
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { StalledPage, SyncPeerStatus, SyncStatus } from '../../../shared/bridge/sync';
import { MAX_STATUS_PENDING } from '../../../shared/bridge/sync';
import type { MemberId, PageId } from '../../../shared/ids';
import { FALLBACK_MEMBER_COLOR, readMember } from '../../../shared/model';
import type { PeerBook } from './peer-book';
import type { DocDifference } from './peer-sync';

/** A difference that has not moved for this long, with the peer connected, is a warning. */
export const STALL_MS = 30_000;
const ID_PREFIX = 6;
const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const MAX_NAME = 80;

/** What the tracker reads of a running PeerSync. */
export interface TrackedSync {
  peers(): Array<{ readonly hostId: string; readonly connectedAt: number }>;
  /** Per peer, the docs that differ: pages and pages' comments docs, each with the page it belongs to. */
  differences(): Map<string, readonly DocDifference[]>;
  /** Whether a peer's workspace doc and digests have arrived: only then can anything be called in sync with it. */
  knowsStateOf(hostId: string): boolean;
  progress(): { readonly done: number; readonly total: number };
  /** Hosts in a doc's live room (a page's, or its comments doc's): their edits reach us as they type, digests lag behind. */
  pagePeers(docId: PageId): string[];
}

export type TrackedStatus = Pick<SyncStatus, 'peers' | 'pending' | 'pendingCount' | 'progress' | 'stalled'>;

export class SyncTracker {
  /** `${hostId} ${docId}` → the digest pair seen, and since when. */
  private readonly seen = new Map<string, { pair: string; since: number }>();
  private last: TrackedStatus | null = null;

  constructor(
    private readonly context: { readonly selfId: string; readonly root: { readonly doc: Y.Doc; readonly awareness: Awareness } },
    private readonly sync: TrackedSync,
    private readonly book: PeerBook,
  ) {}

  /** Updates what is remembered and the stall clocks; returns a fingerprint of the status. */
  tick(now = Date.now()): string {
    const status = this.compute(now);
    this.last = status;
    return JSON.stringify({
      peers: status.peers.map((p) => [p.memberId, p.name, p.color, p.connected, p.compared, p.connected ? 'live' : p.lastSyncedAt]),
      pending: status.pendingCount,
      progress: status.progress,
      stalled: status.stalled.map((s) => `${s.memberId} ${s.pageId}`),
    });
  }

  status(now = Date.now()): TrackedStatus {
    return this.last ?? this.compute(now);
  }

  private compute(now: number): TrackedStatus {
    const progress = this.sync.progress();
    const catchingUp = progress.done < progress.total;
    const differences = this.sync.differences();
    const connected = new Set<string>();
    const peers: SyncPeerStatus[] = [];
    const pending = new Set<PageId>();
    /** `${hostId} ${pageId}` → the stall (a page and its comments doc may both stand still: one entry, the older). */
    const stalled = new Map<string, StalledPage>();
    const live = new Set<string>();

    for (const { hostId } of this.sync.peers()) {
      if (hostId === this.context.selfId) continue;
      connected.add(hostId);
      const diffs = differences.get(hostId) ?? [];
      const look = this.look(hostId);
      const waiting = diffs.some((d) => !this.sync.pagePeers(d.docId).includes(hostId));
      const compared = this.sync.knowsStateOf(hostId);
      const inSync = !waiting && !catchingUp && compared;
      this.book.note(hostId, look.known ? look.name : null, inSync ? now : undefined);
      peers.push({
        memberId: hostId,
        name: look.name,
        color: look.color,
        connected: true,
        compared,
        lastSyncedAt: inSync ? now : (this.book.get(hostId)?.lastSyncedAt ?? null),
      });
      for (const { docId, pageId, mine, theirs } of diffs) {
        // Co-editing live, digests differ for a moment after every keystroke: not "waiting".
        if (!this.sync.pagePeers(docId).includes(hostId)) pending.add(pageId);
        const key = `${hostId} ${docId}`;
        const pair = `${mine} ${theirs}`;
        live.add(key);
        const before = this.seen.get(key);
        if (!before || before.pair !== pair) this.seen.set(key, { pair, since: now });
        else if (now - before.since >= STALL_MS) {
          const page = `${hostId} ${pageId}`;
          const other = stalled.get(page);
          if (!other || before.since < other.since) stalled.set(page, { pageId, memberId: hostId, since: before.since });
        }
      }
    }
    for (const key of this.seen.keys()) if (!live.has(key)) this.seen.delete(key);
    for (const memberId of this.book.ids()) {
      if (connected.has(memberId) || memberId === this.context.selfId) continue;
      const { name, color } = this.look(memberId);
      peers.push({ memberId, name, color, connected: false, compared: false, lastSyncedAt: this.book.get(memberId)?.lastSyncedAt ?? null });
    }
    peers.sort((a, b) => Number(b.connected) - Number(a.connected) || a.name.localeCompare(b.name));
    return { peers, pending: [...pending].slice(0, MAX_STATUS_PENDING), pendingCount: pending.size, progress, stalled: [...stalled.values()] };
  }

  /** A peer's name and colour: the members map, else their renderers' awareness, else what we remember. */
  private look(memberId: string): Look {
    const member = readMember(this.context.root.doc, memberId as MemberId);
    if (member !== null && member.name.trim() !== '') return clean(member.name, member.color);
    for (const state of this.context.root.awareness.getStates().values()) {
      const user: unknown = state.user;
      if (typeof user !== 'object' || user === null) continue;
      const { id, name, color } = user as Record<string, unknown>;
      if (id === memberId && typeof name === 'string' && name.trim() !== '') return clean(name, color);
    }
    const remembered = this.book.get(memberId)?.name;
    if (remembered) return clean(remembered, FALLBACK_MEMBER_COLOR);
    return { name: `Member ${memberId.slice(0, ID_PREFIX)}`, color: FALLBACK_MEMBER_COLOR, known: false };
  }
}

interface Look {
  readonly name: string;
  readonly color: string;
  /** False for the placeholder made from the id. */
  readonly known: boolean;
}

function clean(name: string, color: unknown): Look {
  const trimmed = name.trim();
  return {
    name: trimmed.length > MAX_NAME ? `${trimmed.slice(0, MAX_NAME - 1)}…` : trimmed,
    color: typeof color === 'string' && HEX_COLOR.test(color) ? color : FALLBACK_MEMBER_COLOR,
    known: true,
  };
}
