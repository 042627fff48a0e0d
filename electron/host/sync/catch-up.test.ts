/**
 * Catch-up between two hosts' CatchUp and PageDocs, in memory: the workspaces are real
 * (DocRegistry over MemoryDocStore), the data channel between them a pair of fakes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newPageId, newWorkspaceId, type PageId } from '../../../shared/ids';
import { DocRegistry } from '../docs/doc-entry';
import { MemoryDocStore } from '../store/memory-doc-store';
import { CatchUp, type SyncProgress } from './catch-up';
import type { FramedChannel } from './framed-channel';
import { encodePagePush, messageType, MSG_PAGE_PUSH } from './messages';
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
  const catchUp = new CatchUp({ pages, isKnownPage: (p) => known.has(p), peerFor: (h) => peers.get(h), assumeDigest: () => undefined, writeCheck: () => () => ({ ok: true }) });
  closers.push(async () => {
    catchUp.stop();
    await pages.closeAll();
    await registry.closeAll();
  });
  return { name, workspace, pages, catchUp, known, peers };
}

/** Connects two sides, each seeing the other as a RemotePeer; `loseFromX` drops what x sends. */
function connect(x: Side, y: Side, { loseFromX = false } = {}): void {
  const channel = (send: (m: Uint8Array) => void) => ({ isOpen: true, sendInternal: (m: Uint8Array) => (send(m), true) }) as unknown as FramedChannel;
  const views: { xSeesY?: RemotePeer; ySeesX?: RemotePeer } = {};
  const deliver = (to: Side, from: () => RemotePeer | undefined) => (m: Uint8Array) =>
    setImmediate(() => to.catchUp.handle(from() as RemotePeer, messageType(m) ?? -1, m));
  const members = { roleOf: () => 'contributor' as const };
  views.xSeesY = new RemotePeer(y.name, channel(loseFromX ? () => undefined : deliver(y, () => views.ySeesX)), members);
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
    a.catchUp.handle(a.peers.get('B') as RemotePeer, MSG_PAGE_PUSH, encodePagePush(secret, Y.encodeStateAsUpdate(other)));
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
});
