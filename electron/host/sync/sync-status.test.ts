import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { MemberId, PageId } from '../../../shared/ids';
import { writeMember } from '../../../shared/model';
import { commentsDocId } from '../../../shared/model/comments-doc';
import { PeerBook, PEER_BOOK_SAVE_MS } from './peer-book';
import type { DocDifference } from './peer-sync';
import { STALL_MS, SyncTracker, type TrackedSync } from './sync-status';

const ME = 'a'.repeat(64);
const ANA = 'b'.repeat(64);
const BEN = 'c'.repeat(64);
const P1 = '1'.repeat(32) as PageId;
const P2 = '2'.repeat(32) as PageId;
/** P1's comments doc (sync keys every doc as a page id). */
const C1 = commentsDocId(P1) as string as PageId;

/** A page doc that differs. */
const page = (pageId: PageId, mine: string, theirs: string): DocDifference => ({ docId: pageId, pageId, mine, theirs });
/** A page's comments doc that differs. */
const comments = (pageId: PageId, mine: string, theirs: string): DocDifference => ({ docId: commentsDocId(pageId) as string as PageId, pageId, mine, theirs });

class FakeSync implements TrackedSync {
  connected: string[] = [];
  diffs = new Map<string, DocDifference[]>();
  known = new Set<string>();
  done = 0;
  total = 0;
  live = new Map<PageId, string[]>();
  pagePeers(docId: PageId) {
    return this.live.get(docId) ?? [];
  }
  peers() {
    return this.connected.map((hostId) => ({ hostId, connectedAt: 0 }));
  }
  differences() {
    return this.diffs;
  }
  knowsStateOf(hostId: string) {
    return this.known.has(hostId);
  }
  progress() {
    return { done: this.done, total: this.total };
  }
}

function setup() {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  const sync = new FakeSync();
  const book = PeerBook.inMemory();
  const tracker = new SyncTracker({ selfId: ME, root: { doc, awareness } }, sync, book);
  return { doc, awareness, sync, book, tracker };
}

describe('SyncTracker', () => {
  it('names peers from the members map, else awareness, else their id', () => {
    const { doc, sync, tracker } = setup();
    writeMember(doc, ANA as MemberId, { name: 'Ana', color: '#e5484d' }, 'test');
    sync.connected = [ANA, BEN, ME];
    tracker.tick(1_000);
    expect(tracker.status().peers.map((p) => [p.name, p.color, p.connected])).toEqual([
      ['Ana', '#e5484d', true],
      ['Member cccccc', '#808080', true],
    ]);
  });

  it('reports a peer in sync (lastSyncedAt now) only with its digests known, no difference and no catch-up running', () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    tracker.tick(1_000);
    expect(tracker.status().peers[0]?.lastSyncedAt).toBeNull(); // digests not there yet
    sync.known.add(ANA);
    sync.total = 3;
    sync.done = 1;
    tracker.tick(2_000);
    expect(tracker.status().peers[0]?.lastSyncedAt).toBeNull(); // still catching up
    sync.done = 3;
    tracker.tick(3_000);
    expect(tracker.status().peers[0]?.lastSyncedAt).toBe(3_000);
  });

  it('says whether a connected peer is compared (its state known), and only then calls it in sync', () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    tracker.tick(1_000);
    expect(tracker.status().peers[0]).toMatchObject({ connected: true, compared: false, lastSyncedAt: null });
    sync.known.add(ANA);
    tracker.tick(2_000);
    expect(tracker.status().peers[0]).toMatchObject({ connected: true, compared: true, lastSyncedAt: 2_000 });
  });

  it('remembers a peer that left, with when we last synced', () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    sync.known.add(ANA);
    tracker.tick(5_000);
    sync.connected = [];
    tracker.tick(9_000);
    expect(tracker.status().peers).toEqual([{ memberId: ANA, name: `Member ${ANA.slice(0, 6)}`, color: '#808080', connected: false, compared: false, lastSyncedAt: 5_000 }]);
  });

  it('lists pending pages and flags only a difference that stands still for STALL_MS', () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    sync.known.add(ANA);
    sync.diffs.set(ANA, [
      page(P1, 'm1', 't1'),
      page(P2, 'm2', 't2'),
    ]);
    tracker.tick(0);
    expect(tracker.status()).toMatchObject({ pending: [P1, P2], pendingCount: 2, stalled: [] });
    // P2 keeps changing (live editing); P1 does not move.
    sync.diffs.set(ANA, [
      page(P1, 'm1', 't1'),
      page(P2, 'm2b', 't2b'),
    ]);
    tracker.tick(STALL_MS - 1);
    expect(tracker.status().stalled).toEqual([]);
    sync.diffs.set(ANA, [
      page(P1, 'm1', 't1'),
      page(P2, 'm2c', 't2c'),
    ]);
    tracker.tick(STALL_MS);
    expect(tracker.status().stalled).toEqual([{ pageId: P1, memberId: ANA, since: 0 }]);
    sync.diffs.set(ANA, []);
    tracker.tick(STALL_MS + 1);
    expect(tracker.status()).toMatchObject({ pending: [], stalled: [] });
  });

  it('does not count a page co-edited live as waiting, but still flags it when it stands still apart', () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    sync.known.add(ANA);
    sync.live.set(P1, [ANA]);
    sync.diffs.set(ANA, [page(P1, 'm1', 't1')]);
    tracker.tick(0);
    expect(tracker.status()).toMatchObject({ pending: [], pendingCount: 0, stalled: [] });
    expect(tracker.status().peers[0]?.lastSyncedAt).toBe(0);
    tracker.tick(STALL_MS);
    expect(tracker.status().stalled).toEqual([{ pageId: P1, memberId: ANA, since: 0 }]);
  });

  it("counts a page as waiting when only its comments doc differs, and once when both differ", () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    sync.known.add(ANA);
    sync.diffs.set(ANA, [comments(P1, 'c1', 'c2')]);
    tracker.tick(0);
    expect(tracker.status()).toMatchObject({ pending: [P1], pendingCount: 1, stalled: [] });
    expect(tracker.status().peers[0]?.lastSyncedAt).toBeNull();
    sync.diffs.set(ANA, [page(P1, 'm1', 't1'), comments(P1, 'c1', 'c2'), page(P2, 'm2', 't2')]);
    tracker.tick(1);
    expect(tracker.status()).toMatchObject({ pending: [P1, P2], pendingCount: 2 });
    sync.diffs.set(ANA, []);
    tracker.tick(2);
    expect(tracker.status()).toMatchObject({ pending: [], pendingCount: 0 });
    expect(tracker.status().peers[0]?.lastSyncedAt).toBe(2);
  });

  it("does not count a comments doc open live on both sides as waiting, whatever the page's room", () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    sync.known.add(ANA);
    sync.diffs.set(ANA, [comments(P1, 'c1', 'c2')]);
    sync.live.set(P1, [ANA]); // the page's room is not the comments doc's
    tracker.tick(0);
    expect(tracker.status().pending).toEqual([P1]);
    sync.live.set(C1, [ANA]);
    tracker.tick(1);
    expect(tracker.status()).toMatchObject({ pending: [], pendingCount: 0 });
  });

  it('flags a page whose comments doc stands still apart, once with its page doc, from the older stall', () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    sync.known.add(ANA);
    sync.diffs.set(ANA, [comments(P1, 'c1', 'c2')]);
    tracker.tick(0);
    sync.diffs.set(ANA, [comments(P1, 'c1', 'c2'), page(P1, 'm1', 't1')]);
    tracker.tick(10);
    tracker.tick(STALL_MS + 10);
    expect(tracker.status().stalled).toEqual([{ pageId: P1, memberId: ANA, since: 0 }]);
  });

  it('changes its fingerprint only when something shown changes', () => {
    const { sync, tracker } = setup();
    sync.connected = [ANA];
    sync.known.add(ANA);
    const first = tracker.tick(1_000);
    expect(tracker.tick(2_000)).toBe(first); // in sync, later: same to look at
    sync.connected = [];
    expect(tracker.tick(3_000)).not.toBe(first);
  });
});

describe('PeerBook', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('keeps names and sync times across a restart, debounced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-peer-book-'));
    dirs.push(dir);
    vi.useFakeTimers();
    const book = await PeerBook.load(dir);
    book.note(ANA, 'Ana', 42);
    book.note('not-a-member-id', 'X', 1);
    vi.advanceTimersByTime(PEER_BOOK_SAVE_MS);
    vi.useRealTimers();
    await book.close();
    const again = await PeerBook.load(dir);
    expect(again.ids()).toEqual([ANA]);
    expect(again.get(ANA)).toEqual({ name: 'Ana', lastSyncedAt: 42 });
  });
});
