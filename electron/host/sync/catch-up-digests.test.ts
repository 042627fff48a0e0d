/**
 * Catch-up and the peer's digests (peer-sync.ts's rules, mirrored here: `consider` fetches a page
 * whose digests differ; `assumeDigest` uses digestAfterExchange): a change the peer makes after
 * it answered, whose digest overtakes the late answer, is fetched afterwards — not lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newPageId, newWorkspaceId, type PageId } from '../../../shared/ids';
import { DocRegistry } from '../docs/doc-entry';
import { MemoryDocStore } from '../store/memory-doc-store';
import { CatchUp, digestAfterExchange } from './catch-up';
import type { FramedChannel } from './framed-channel';
import { messageType, MSG_PAGE_DATA } from './messages';
import { PageDocs, type SyncWorkspace } from './page-docs';
import { RemotePeer } from './room-guard';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Side {
  readonly workspace: SyncWorkspace;
  readonly pages: PageDocs;
  readonly catchUp: CatchUp;
  /** The other host's digests, as peer-sync keeps them. */
  readonly theirs: Map<string, Map<PageId, string>>;
  readonly peers: Map<string, RemotePeer>;
  consider(pageId: PageId, hostId: string): void;
}

async function side(): Promise<Side> {
  const id = newWorkspaceId();
  const store = new MemoryDocStore();
  const registry = new DocRegistry(store, (docId) => ({ gc: docId === id }));
  const root = await registry.acquire(id);
  const workspace: SyncWorkspace = { id, record: { key: '' }, root, store, acquire: (d) => registry.acquire(d), release: (d) => registry.release(d) };
  const theirs = new Map<string, Map<PageId, string>>();
  const peers = new Map<string, RemotePeer>();
  const consider = (pageId: PageId, hostId: string) => {
    const mine = pages.digests.get(pageId);
    const held = theirs.get(hostId)?.get(pageId);
    if (mine !== undefined && held !== undefined && mine !== held) catchUp.want(pageId, hostId);
  };
  const pages: PageDocs = new PageDocs(workspace, (pageId) => {
    for (const hostId of theirs.keys()) consider(pageId, hostId);
  });
  const catchUp: CatchUp = new CatchUp({
    pages,
    isKnownPage: () => true,
    peerFor: (hostId) => peers.get(hostId),
    assumeDigest: (hostId, pageId, digest, answered) => {
      const table = theirs.get(hostId);
      table?.set(pageId, digestAfterExchange(table.get(pageId), answered, digest));
    },
    reconsider: (pageId, hostId) => consider(pageId, hostId),
    writeCheck: () => () => ({ ok: true }),
  });
  closers.push(async () => {
    catchUp.stop();
    await pages.closeAll();
    await registry.closeAll();
  });
  return { workspace, pages, catchUp, theirs, peers, consider };
}

describe('digestAfterExchange', () => {
  it('takes ours when what we held of theirs is what the answer came with (or nothing)', () => {
    expect(digestAfterExchange('d1', 'd1', 'ours')).toBe('ours');
    expect(digestAfterExchange(undefined, 'd1', 'ours')).toBe('ours');
  });

  it('keeps a newer digest of theirs that came after the answer was made', () => {
    expect(digestAfterExchange('d2', 'd1', 'ours')).toBe('d2');
  });

  it('fetches again a page the peer changed after answering, when its digest overtook the answer', async () => {
    const [a, b] = await Promise.all([side(), side()]);
    const members = { roleOf: () => 'contributor' as const };
    const channel = (send: (m: Uint8Array) => void) => ({ isOpen: true, sendInternal: (m: Uint8Array) => (send(m), true) }) as unknown as FramedChannel;
    // A's first answer to B is held back, to arrive after A's newer digest.
    const held: Array<() => void> = [];
    let heldOne = false;
    const aSeesB: RemotePeer = new RemotePeer(
      'B',
      channel((m) => {
        const deliver = () => b.catchUp.handle(bSeesA, messageType(m) ?? -1, m);
        if (messageType(m) === MSG_PAGE_DATA && !heldOne) {
          heldOne = true;
          held.push(deliver);
        } else setImmediate(deliver);
      }),
      members,
    );
    const bSeesA: RemotePeer = new RemotePeer('A', channel((m) => setImmediate(() => a.catchUp.handle(aSeesB, messageType(m) ?? -1, m))), members);
    a.peers.set('B', aSeesB);
    b.peers.set('A', bSeesA);

    const pageId = newPageId();
    const edit = async (text: string) => {
      const entry = await a.workspace.acquire(pageId);
      entry.doc.getText('t').insert(entry.doc.getText('t').length, text);
      await a.workspace.release(pageId);
      await a.pages.refresh(pageId);
      return a.pages.digests.get(pageId) ?? '';
    };
    b.theirs.set('A', new Map([[pageId, await edit('first')]]));
    await b.pages.refresh(pageId); // B's (empty) page differs: B asks A for it
    for (let i = 0; i < 200 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(held).toHaveLength(1);
    const newer = await edit(', second'); // A changes the page after answering…
    b.theirs.get('A')?.set(pageId, newer); // …and its digest reaches B before the answer does
    b.consider(pageId, 'A');
    held.shift()?.();
    for (let i = 0; i < 3; i++) await b.catchUp.whenIdle().then(() => new Promise((r) => setTimeout(r, 20)));
    const entry = await b.workspace.acquire(pageId);
    const text = entry.doc.getText('t').toString();
    await b.workspace.release(pageId);
    expect(text).toBe('first, second');
  });
});
