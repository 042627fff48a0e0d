/**
 * PeerSync in one process, with no network: a peer is made to "connect" and send its digests by
 * calling PeerSync's own handlers (a second PeerSync of the same workspace cannot run in this
 * process: y-webrtc keeps one room per name per process). Real exchanges are in test/integration.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeBase64Url } from '../../../shared/crypto/room-keys';
import { newWorkspaceId, type MemberId, type PageId } from '../../../shared/ids';
import { createPage } from '../../../shared/model';
import { commentsDocId } from '../../../shared/model/comments-doc';
import { DocRegistry, type DocEntry } from '../docs/doc-entry';
import { MemoryDocStore } from '../store/memory-doc-store';
import { memoryKeyHolder, openAuth, testIdentity, workspaceDoc } from './auth-test-support';
import type { FramedChannel } from './framed-channel';
import { encodeDigests, MSG_DIGESTS } from './messages';
import { EMPTY_DIGEST, digestOf } from './page-docs';
import { PeerSync } from './peer-sync';
import { RemotePeer } from './room-guard';
import { SyncRoom } from './sync-room';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const close of closers.splice(0).reverse()) await close();
});

const THEM = 'b'.repeat(64);
/** Digests a peer may send (32 hex chars). */
const THEIR_PAGE = '1'.repeat(32);
const THEIR_COMMENTS = '2'.repeat(32);

/** PeerSync's handlers for a peer's connection and messages (private: the rooms call them). */
interface PeerEvents {
  peerOpened(peer: RemotePeer): void;
  received(peer: RemotePeer, type: number, message: Uint8Array): void;
}

/** `acquire` stands in front of the registry's: a test may hold back or fail the loading of a page. */
async function started(acquire?: (docId: string, load: () => Promise<DocEntry>) => Promise<DocEntry>) {
  const me = await testIdentity('Ada');
  const id = newWorkspaceId();
  const key = encodeBase64Url(new Uint8Array(32).fill(7));
  const registry = new DocRegistry(new MemoryDocStore(), (docId) => ({ gc: docId === id }));
  closers.push(() => registry.closeAll());
  const root = await registry.acquire(id);
  Y.applyUpdate(root.doc, Y.encodeStateAsUpdate(workspaceDoc(me, id)));
  const pageId = createPage(root.doc, { title: 'Notes', parentId: null, kind: 'note', by: me.signer.id as MemberId, now: 1 }, 'test');
  const auth = await openAuth(me, root.doc, me.signer.id, memoryKeyHolder(key));
  const load = (docId: string) => registry.acquire(docId as PageId);
  const workspace = {
    id,
    record: { key },
    root,
    docs: registry,
    acquire: (docId: string) => (acquire && docId !== id ? acquire(docId, () => load(docId)) : load(docId)),
    release: registry.release.bind(registry),
  };
  const sync = await PeerSync.start({ workspace, auth, signaling: [], catchUp: false });
  closers.push(() => sync.stop());
  await sync.ready;
  const channel = { sendInternal: () => true, isOpen: true } as unknown as FramedChannel;
  const peer = new RemotePeer(THEM, channel, { roleOf: () => 'contributor' });
  const events = sync as unknown as PeerEvents;
  events.peerOpened(peer);
  const digests = (entries: Record<string, string>) => events.received(peer, MSG_DIGESTS, encodeDigests({ full: true, entries: new Map(Object.entries(entries) as Array<[PageId, string]>) }));
  const pageDigest = await registry.with(pageId, (entry) => digestOf(entry.doc));
  const addPage = () => createPage(root.doc, { title: 'More', parentId: null, kind: 'note', by: me.signer.id as MemberId, now: 2 }, 'test');
  return { sync, peer, pageId, comments: commentsDocId(pageId) as string as PageId, digests, pageDigest, addPage };
}

describe('PeerSync.differences', () => {
  it("reports a page's comments doc that differs, with the page it belongs to", async () => {
    const { sync, pageId, comments, digests, pageDigest } = await started();
    digests({ [pageId]: pageDigest, [comments]: EMPTY_DIGEST });
    expect(sync.differences().get(THEM)).toEqual([]);
    digests({ [pageId]: pageDigest, [comments]: THEIR_COMMENTS });
    expect(sync.differences().get(THEM)).toEqual([{ docId: comments, pageId, mine: EMPTY_DIGEST, theirs: THEIR_COMMENTS }]);
    digests({ [pageId]: THEIR_PAGE, [comments]: THEIR_COMMENTS });
    expect(sync.differences().get(THEM)).toEqual([
      { docId: pageId, pageId, mine: pageDigest, theirs: THEIR_PAGE },
      { docId: comments, pageId, mine: EMPTY_DIGEST, theirs: THEIR_COMMENTS },
    ]);
  });

  it('leaves out docs the workspace does not list, and their comments docs', async () => {
    const { sync, pageId, digests, pageDigest } = await started();
    const stranger = 'f'.repeat(32);
    digests({ [pageId]: pageDigest, [stranger]: THEIR_PAGE, [commentsDocId(stranger as PageId)]: THEIR_COMMENTS });
    expect(sync.differences().get(THEM)).toEqual([]);
  });
});

describe('PeerSync: when a peer counts as compared, and progress', () => {
  it('is compared once its state and whole table are in and every page it lists is digested here', async () => {
    const { sync, peer, pageId, digests, pageDigest } = await started();
    digests({ [pageId]: pageDigest });
    expect(sync.knowsStateOf(THEM)).toBe(false); // its workspace doc (sync step 2) not taken in yet
    peer.stateReceived = true;
    expect(sync.knowsStateOf(THEM)).toBe(true);
  });

  it('waits for (and counts as work to come) a page it lists that is not digested here yet', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    const { sync, peer, digests, addPage } = await started((_docId, load) => (holding ? held.then(load) : load()));
    peer.stateReceived = true;
    holding = true;
    const added = addPage(); // its digest scan waits on the held load
    digests({ [added]: THEIR_PAGE });
    expect(sync.knowsStateOf(THEM)).toBe(false);
    expect(sync.progress()).toEqual({ done: 0, total: 1 });
    release();
    await vi.waitFor(() => expect(sync.knowsStateOf(THEM)).toBe(true));
    // Compared: with catch-up off here, nothing is fetched, so it is done (with it on, it would be queued first).
    expect(sync.progress()).toEqual({ done: 1, total: 1 });
  });

  it('does not wait for a page that cannot be digested (it could not be loaded)', async () => {
    let failing = false;
    const { sync, peer, digests, addPage } = await started((_docId, load) => (failing ? Promise.reject(new Error('disk error')) : load()));
    peer.stateReceived = true;
    failing = true;
    const broken = addPage();
    digests({ [broken]: THEIR_PAGE });
    await vi.waitFor(() => expect(sync.knowsStateOf(THEM)).toBe(true));
    expect(sync.progress()).toEqual({ done: 0, total: 0 });
  });
});

describe('PeerSync.stop', () => {
  it('waits for a page room still being left (its peer connections may still be closing)', async () => {
    const { sync, pageId } = await started();
    await sync.joinPage(pageId);
    let finish = () => {};
    const destroy = vi.spyOn(SyncRoom.prototype, 'destroy').mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)));
    const leaving = sync.leavePage(pageId);
    let stopped = false;
    const stopping = sync.stop().then(() => (stopped = true));
    await vi.waitFor(() => expect(destroy).toHaveBeenCalledTimes(2)); // the page room's, then the workspace room's
    await new Promise((resolve) => setTimeout(resolve, 100)); // what stop does next has had time to finish
    expect(stopped).toBe(false);
    finish();
    await Promise.all([leaving, stopping]);
    expect(stopped).toBe(true);
  });

  it('stops cleanly when leaving a page room failed (the caller of leavePage hears of it)', async () => {
    const { sync, pageId } = await started();
    await sync.joinPage(pageId);
    vi.spyOn(SyncRoom.prototype, 'destroy').mockRejectedValueOnce(new Error('broken room'));
    await expect(sync.leavePage(pageId)).rejects.toThrow('broken room');
    await expect(sync.stop()).resolves.toBeUndefined();
  });
});
