/**
 * Catch-up between two hosts' CatchUp and PageDocs, in memory: the workspaces are real
 * (DocRegistry over MemoryDocStore), the data channel between them a pair of fakes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newPageId, newWorkspaceId, type PageId } from '../../../shared/ids';
import { DocRegistry } from '../docs/doc-entry';
import { MemoryDocStore } from '../store/memory-doc-store';
import { CatchUp, type SyncProgress } from './catch-up';
import type { FramedChannel } from './framed-channel';
import { CATCHUP_BATCH_PAGES, CATCHUP_REQUEST_TIMEOUT_MS, PAGE_DATA_MESSAGE_BYTES } from './catch-up';
import { decodePageData, encodePageData, encodePagePush, messageType, MSG_PAGE_DATA, MSG_PAGE_PUSH, MSG_PAGE_REQUEST, PAGE_OK } from './messages';
import { PageDocs, type SyncWorkspace } from './page-docs';
import { RemotePeer } from './room-guard';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Side {
  readonly name: string;
  readonly workspace: SyncWorkspace;
  readonly pages: PageDocs;
  readonly catchUp: CatchUp;
  readonly known: Set<PageId>;
  readonly peers: Map<string, RemotePeer>;
  /** What catch-up handed back to be reconsidered (peer-sync's `consider`, which fetches again if digests still differ). */
  readonly reconsidered: Array<[PageId, string]>;
}

async function side(name: string): Promise<Side> {
  const id = newWorkspaceId();
  const store = new MemoryDocStore();
  const registry = new DocRegistry(store, (docId) => ({ gc: docId === id }));
  const root = await registry.acquire(id);
  const workspace: SyncWorkspace = { id, record: { key: '' }, root, store, acquire: (d) => registry.acquire(d), release: (d) => registry.release(d) };
  const pages = new PageDocs(workspace, () => undefined);
  const known = new Set<PageId>();
  const peers = new Map<string, RemotePeer>();
  const reconsidered: Array<[PageId, string]> = [];
  const catchUp = new CatchUp({
    pages,
    isKnownPage: (p) => known.has(p),
    peerFor: (h) => peers.get(h),
    assumeDigest: () => undefined,
    reconsider: (pageId, hostId) => void reconsidered.push([pageId, hostId]),
    writeCheck: () => () => ({ ok: true }),
  });
  closers.push(async () => {
    catchUp.stop();
    await pages.closeAll();
    await registry.closeAll();
  });
  return { name, workspace, pages, catchUp, known, peers, reconsidered };
}

/** Connects two sides, each seeing the other as a RemotePeer; `loseFromX` drops what x sends. */
function connect(x: Side, y: Side, { loseFromX = false, sentByX = [] as Uint8Array[], sentByY = [] as Uint8Array[] } = {}): void {
  const channel = (send: (m: Uint8Array) => void) => ({ isOpen: true, sendInternal: (m: Uint8Array) => (send(m), true) }) as unknown as FramedChannel;
  const views: { xSeesY?: RemotePeer; ySeesX?: RemotePeer } = {};
  const deliver = (to: Side, from: () => RemotePeer | undefined) => (m: Uint8Array) => {
    (to === y ? sentByX : sentByY).push(m);
    setImmediate(() => to.catchUp.handle(from() as RemotePeer, messageType(m) ?? -1, m));
  };
  const members = { roleOf: () => 'contributor' as const };
  views.xSeesY = new RemotePeer(y.name, channel(loseFromX ? (m) => void sentByX.push(m) : deliver(y, () => views.ySeesX)), members);
  views.ySeesX = new RemotePeer(x.name, channel(deliver(x, () => views.xSeesY)), members);
  x.peers.set(y.name, views.xSeesY);
  y.peers.set(x.name, views.ySeesX);
}

async function write(s: Side, pageId: PageId, text: string): Promise<void> {
  s.known.add(pageId);
  const entry = await s.workspace.acquire(pageId);
  entry.doc.getText('t').insert(entry.doc.getText('t').length, text);
  await s.workspace.release(pageId);
}

async function read(s: Side, pageId: PageId): Promise<string> {
  const entry = await s.workspace.acquire(pageId);
  try {
    return entry.doc.getText('t').toString();
  } finally {
    await s.workspace.release(pageId);
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('CatchUp', () => {
  it('fetches a page the other side has, and reports progress', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    connect(a, b);
    const pageId = newPageId();
    await write(a, pageId, 'hello from A');
    b.known.add(pageId);
    const progress: SyncProgress[] = [];
    b.catchUp.onProgress((p) => progress.push(p));
    b.catchUp.want(pageId, 'A');
    await b.catchUp.whenIdle();
    expect(await read(b, pageId)).toBe('hello from A');
    expect(progress).toEqual([{ done: 0, total: 1 }, { done: 1, total: 1 }]);
  });

  it('counts a page once a round, and leaves one changed while fetched to be reconsidered, not fetched again blindly', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    connect(a, b);
    const [changing, other] = [newPageId(), newPageId()];
    await write(a, changing, 'first');
    await write(a, other, 'other');
    b.known.add(changing);
    b.known.add(other);
    const progress: SyncProgress[] = [];
    b.catchUp.onProgress((p) => progress.push(p));
    b.catchUp.want(changing, 'A');
    b.catchUp.want(other, 'A');
    await new Promise((r) => setTimeout(r, 0)); // the batch is out
    b.catchUp.want(changing, 'A'); // its digests differed again meanwhile (ours, computed before the fetch wrote it)
    await b.catchUp.whenIdle();
    expect(b.reconsidered).toEqual([[changing, 'A']]); // the owner of the digests decides whether to fetch it again
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    // Wanted again (it did differ): still one page of this round, not done until fetched.
    await write(a, changing, ', second');
    b.catchUp.want(changing, 'A');
    expect(b.catchUp.progress()).toEqual({ done: 1, total: 2 });
    await b.catchUp.whenIdle();
    expect(b.catchUp.progress()).toEqual({ done: 2, total: 2 });
    expect(await read(b, changing)).toBe('first, second');
    for (const p of progress) expect(p.done).toBeLessThanOrEqual(p.total);
  });

  it('counts pages found the same as done in the round, beside pages fetched, each once', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    connect(a, b);
    const [same1, same2, fetched] = [newPageId(), newPageId(), newPageId()];
    await write(a, fetched, 'from A');
    b.known.add(fetched);
    b.catchUp.countDone(same1);
    b.catchUp.countDone(same2);
    expect(b.catchUp.progress()).toEqual({ done: 2, total: 2 }); // one round: it did not restart per page
    b.catchUp.want(fetched, 'A');
    b.catchUp.countDone(fetched); // compared while queued: it is not done before it is fetched
    expect(b.catchUp.progress()).toEqual({ done: 2, total: 3 });
    await b.catchUp.whenIdle();
    expect(b.catchUp.progress()).toEqual({ done: 3, total: 3 });
  });

  it('merges both ways when both sides changed the page', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    connect(a, b);
    const pageId = newPageId();
    await write(a, pageId, 'A');
    await write(b, pageId, 'B');
    b.catchUp.want(pageId, 'A');
    await b.catchUp.whenIdle();
    await until(async () => (await read(a, pageId)).length === 2);
    expect((await read(a, pageId)).split('').sort()).toEqual(['A', 'B']);
    expect(await read(a, pageId)).toBe(await read(b, pageId));
  });

  it('neither serves nor accepts a page the workspace does not list', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    connect(a, b);
    const secret = newPageId();
    const entry = await a.workspace.acquire(secret); // in A's store, not in its page map
    entry.doc.getText('t').insert(0, 'unlisted');
    await a.workspace.release(secret);
    await write(b, secret, 'pushed');
    b.catchUp.want(secret, 'A');
    await b.catchUp.whenIdle();
    expect(await read(b, secret)).toBe('pushed');
    // and a push for it is refused
    const other = new Y.Doc();
    other.getText('t').insert(0, 'x');
    a.catchUp.handle(a.peers.get('B') as RemotePeer, MSG_PAGE_PUSH, encodePagePush([{ pageId: secret, update: Y.encodeStateAsUpdate(other) }]));
    await new Promise((r) => setTimeout(r, 50));
    expect(await read(a, secret)).toBe('unlisted');
  });

  it('gives up on a page when the peer goes away mid-request', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    connect(b, a, { loseFromX: true }); // what B sends A is lost
    const pageId = newPageId();
    await write(b, pageId, 'mine');
    await write(a, pageId, 'theirs');
    b.catchUp.want(pageId, 'A');
    await new Promise((r) => setTimeout(r, 50));
    expect(b.catchUp.isIdle()).toBe(false);
    b.catchUp.peerClosed(b.peers.get('A') as RemotePeer);
    await b.catchUp.whenIdle();
    expect(await read(b, pageId)).toBe('mine');
  });

  it('asks for many pages in a few messages and answers them in a few', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    const fromB: Uint8Array[] = [];
    const fromA: Uint8Array[] = [];
    connect(b, a, { sentByX: fromB, sentByY: fromA });
    const pages = Array.from({ length: 150 }, () => newPageId());
    for (const [i, pageId] of pages.entries()) {
      await write(a, pageId, `page ${i}`);
      b.known.add(pageId);
    }
    const progress: SyncProgress[] = [];
    b.catchUp.onProgress((p) => progress.push(p));
    for (const pageId of pages) b.catchUp.want(pageId, 'A');
    await b.catchUp.whenIdle();
    for (const [i, pageId] of pages.entries()) expect(await read(b, pageId)).toBe(`page ${i}`);
    const requests = fromB.filter((m) => m[0] === MSG_PAGE_REQUEST);
    expect(requests).toHaveLength(Math.ceil(pages.length / CATCHUP_BATCH_PAGES));
    expect(fromA.filter((m) => m[0] === MSG_PAGE_DATA).length).toBeLessThanOrEqual(requests.length);
    expect(fromB.filter((m) => m[0] === MSG_PAGE_PUSH)).toEqual([]); // B had nothing A lacked
    expect(progress[0]).toEqual({ done: 0, total: pages.length });
    expect(progress.at(-1)).toEqual({ done: pages.length, total: pages.length });
  });

  it('sends a page bigger than a data message whole, and the small pages beside it', async () => {
    const [a, b] = await Promise.all([side('A'), side('B')]);
    connect(a, b);
    const big = newPageId();
    const small = [newPageId(), newPageId()];
    const text = 'x'.repeat(PAGE_DATA_MESSAGE_BYTES * 2);
    await write(a, big, text);
    for (const pageId of small) await write(a, pageId, 'small');
    for (const pageId of [big, ...small]) {
      b.known.add(pageId);
      b.catchUp.want(pageId, 'A');
    }
    await b.catchUp.whenIdle();
    expect(await read(b, big)).toBe(text);
    for (const pageId of small) expect(await read(b, pageId)).toBe('small');
  });

  it('asks each host for the pages it has, and pushes back what a host lacks', async () => {
    const [a, b, c] = await Promise.all([side('A'), side('B'), side('C')]);
    connect(b, a);
    connect(b, c);
    const [onA, onC, both] = [newPageId(), newPageId(), newPageId()];
    await write(a, onA, 'a');
    await write(c, onC, 'c');
    await write(a, both, 'A');
    await write(c, both, 'C');
    await write(b, both, 'B');
    for (const pageId of [onA, onC, both]) b.known.add(pageId);
    b.catchUp.want(onA, 'A');
    b.catchUp.want(onC, 'C');
    b.catchUp.want(both, 'A');
    b.catchUp.want(both, 'C');
    await b.catchUp.whenIdle();
    expect(await read(b, onA)).toBe('a');
    expect(await read(b, onC)).toBe('c');
    expect((await read(b, both)).split('').sort()).toEqual(['A', 'B', 'C']);
    expect(b.catchUp.progress()).toEqual({ done: 3, total: 3 });
    // A got B's and C's letters pushed back by B (it asked A first, then C; the push to A holds B's).
    await until(async () => (await read(a, both)).length >= 2);
    expect(await read(a, both)).toContain('B');
  });

  it('refuses a whole answer with one malformed entry, and gives up on it after the timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const [a, b] = await Promise.all([side('A'), side('B')]);
      const fromB: Uint8Array[] = [];
      connect(b, a, { loseFromX: true, sentByX: fromB }); // A never hears B's request: we answer for it
      const pageId = newPageId();
      b.known.add(pageId);
      b.catchUp.want(pageId, 'A');
      await vi.waitFor(() => expect(fromB.some((m) => m[0] === MSG_PAGE_REQUEST)).toBe(true));
      const peerA = b.peers.get('A') as RemotePeer;
      const good = encodePageData([{ pageId, status: PAGE_OK, update: Y.encodeStateAsUpdate(new Y.Doc()), stateVector: Uint8Array.of(0), digest: 'ab'.repeat(16) }]);
      const bad = Uint8Array.from([...good.slice(0, -1), 0x41]); // a digest that is not hex
      expect(decodePageData(bad)).toBeNull();
      b.catchUp.handle(peerA, MSG_PAGE_DATA, bad);
      expect(b.catchUp.isIdle()).toBe(false); // still waiting for a real answer
      // Page data from A for other pages keeps the request alive past the timeout...
      vi.advanceTimersByTime(CATCHUP_REQUEST_TIMEOUT_MS - 1_000);
      b.catchUp.handle(peerA, MSG_PAGE_DATA, encodePageData([{ pageId: newPageId(), status: PAGE_OK, update: Y.encodeStateAsUpdate(new Y.Doc()), stateVector: Uint8Array.of(0), digest: 'ab'.repeat(16) }]));
      vi.advanceTimersByTime(2_000);
      await Promise.resolve();
      expect(b.catchUp.isIdle()).toBe(false);
      // ...and once A has been quiet that long, B gives up.
      vi.advanceTimersByTime(CATCHUP_REQUEST_TIMEOUT_MS);
      await vi.waitFor(() => expect(b.catchUp.isIdle()).toBe(true));
    } finally {
      vi.useRealTimers();
    }
  });
});
