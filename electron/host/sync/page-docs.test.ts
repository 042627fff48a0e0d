import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newPageId, newWorkspaceId, type PageId } from '../../../shared/ids';
import { DocRegistry } from '../docs/doc-entry';
import { MemoryDocStore } from '../store/memory-doc-store';
import { BULK_SCAN_PAGES, DIGEST_DEBOUNCE_MS, digestOf, EMPTY_DIGEST, PAGE_LINGER_MS, PageDocs, type SyncWorkspace } from './page-docs';

describe('digestOf', () => {
  it('is the same for replicas that received the same edits in any order', () => {
    const a = new Y.Doc({ gc: false });
    const b = new Y.Doc({ gc: false });
    const edits: Uint8Array[] = [];
    for (let i = 0; i < 5; i++) {
      const writer = new Y.Doc({ gc: false });
      writer.getText('t').insert(0, `edit ${i}`);
      edits.push(Y.encodeStateAsUpdate(writer));
    }
    for (const edit of edits) Y.applyUpdate(a, edit);
    for (const edit of [...edits].reverse()) Y.applyUpdate(b, edit);
    expect(digestOf(a)).toBe(digestOf(b));
    expect(digestOf(a)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes with a deletion, which a state vector alone would miss', () => {
    const doc = new Y.Doc({ gc: false });
    doc.getText('t').insert(0, 'hello');
    const sv = Y.encodeStateVector(doc);
    const before = digestOf(doc);
    doc.getText('t').delete(0, 1);
    expect(Y.encodeStateVector(doc)).toEqual(sv);
    expect(digestOf(doc)).not.toBe(before);
  });

  it('is remembered until the doc changes, whatever the change comes from', () => {
    const doc = new Y.Doc({ gc: false });
    const other = new Y.Doc({ gc: false });
    other.getText('t').insert(0, 'from a peer');
    const empty = digestOf(doc);
    expect(digestOf(doc)).toBe(empty);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    const applied = digestOf(doc);
    expect(applied).toBe(digestOf(other));
    let inside = '';
    doc.transact(() => {
      doc.getText('t').insert(0, 'a');
      inside = digestOf(doc); // mid-transaction: not kept past its end
      doc.getText('t').insert(0, 'b');
    });
    expect(digestOf(doc)).not.toBe(inside);
    for (let n = 0; n < 5; n++) {
      doc.getText('t').insert(0, 'x');
      digestOf(doc);
    }
    expect((doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('afterTransaction')?.size).toBe(1);
  });

  it('knows an empty page', () => {
    expect(digestOf(new Y.Doc({ gc: false }))).toBe(EMPTY_DIGEST);
  });
});

describe('PageDocs', () => {
  afterEach(() => vi.useRealTimers());

  async function setup() {
    const id = newWorkspaceId();
    const store = new MemoryDocStore();
    const registry = new DocRegistry(store, (docId) => ({ gc: docId === id }));
    const root = await registry.acquire(id);
    const loaded = new Set<string>();
    const workspace: SyncWorkspace = {
      id,
      record: { key: '' },
      root,
      store,
      acquire: (d) => (loaded.add(d), registry.acquire(d)),
      release: (d) => (loaded.delete(d), registry.release(d)),
    };
    const changes: Array<[PageId, string]> = [];
    const pages = new PageDocs(workspace, (pageId, digest) => changes.push([pageId, digest]));
    return { registry, workspace, pages, changes, loaded };
  }

  it('says which pages a scan could not digest, and digests the others', async () => {
    const { registry, workspace } = await setup();
    const [broken, fine] = [newPageId(), newPageId()];
    const failing: SyncWorkspace = { ...workspace, acquire: (d) => (d === broken ? Promise.reject(new Error('disk error')) : registry.acquire(d)) };
    const digested: PageId[] = [];
    const failed: PageId[] = [];
    const pages = new PageDocs(failing, (pageId) => digested.push(pageId), (pageId) => failed.push(pageId));
    await pages.scan([broken, fine], () => false);
    expect(failed).toEqual([broken]);
    expect(digested).toEqual([fine]);
    expect(pages.digests.has(broken)).toBe(false);
    await pages.closeAll();
  });

  it('digests a large scan without loading the pages that have nothing stored and are not in memory', async () => {
    const { registry, workspace, pages } = await setup();
    const withDocs: SyncWorkspace = { ...workspace, docs: registry };
    const stored = newPageId();
    await registry.with(stored, async (entry) => {
      entry.doc.getText('t').insert(0, 'on disk');
      await entry.persisted.whenSaved();
    });
    const open = newPageId(); // in memory, its write maybe not yet on disk
    const openEntry = await registry.acquire(open);
    openEntry.doc.getText('t').insert(0, 'in memory');
    const empty = Array.from({ length: BULK_SCAN_PAGES }, () => newPageId());
    const acquired: string[] = [];
    const counting: SyncWorkspace = { ...withDocs, acquire: (d) => (acquired.push(d), registry.acquire(d)) };
    const scanned = new PageDocs(counting, () => undefined);
    await scanned.scan([stored, open, ...empty], () => false);
    expect(acquired.sort()).toEqual([stored, open].sort());
    expect(scanned.digests.get(stored)).not.toBe(EMPTY_DIGEST);
    expect(scanned.digests.get(open)).not.toBe(EMPTY_DIGEST);
    for (const pageId of empty) expect(scanned.digests.get(pageId)).toBe(EMPTY_DIGEST);
    // A small scan loads what it is given (no listing of the whole store for a few pages).
    acquired.length = 0;
    await scanned.scan(empty.slice(0, 2), () => false);
    expect(acquired).toEqual(empty.slice(0, 2));
    await Promise.all([scanned.closeAll(), pages.closeAll()]);
    await registry.release(open);
  });

  it('finds pages written while it did not hold them, from the store counters', async () => {
    const { registry, pages, changes } = await setup();
    const pageId = newPageId();
    await pages.refresh(pageId);
    expect(changes).toEqual([[pageId, EMPTY_DIGEST]]);
    await pages.closeAll(); // let go at once (no linger)
    // someone else writes the page
    await registry.with(pageId, async (entry) => {
      entry.doc.getText('t').insert(0, 'written elsewhere');
      await entry.persisted.whenSaved();
    });
    expect(pages.changedInStore([pageId])).toEqual([pageId]);
  });

  it('keeps no store counters when the workspace reports writes itself (docs): nothing to poll', async () => {
    const { registry, workspace } = await setup();
    const pages = new PageDocs({ ...workspace, docs: registry }, () => undefined);
    const pageId = newPageId();
    await pages.refresh(pageId);
    await pages.closeAll();
    await registry.with(pageId, async (entry) => {
      entry.doc.getText('t').insert(0, 'written elsewhere');
      await entry.persisted.whenSaved();
    });
    expect(pages.changedInStore([pageId])).toEqual([]); // noteWritten hears of it instead
  });

  it('recomputes the digest of a page written elsewhere when told', async () => {
    const { registry, pages, changes } = await setup();
    const pageId = newPageId();
    await registry.with(pageId, (entry) => entry.doc.getText('t').insert(0, 'written elsewhere'));
    pages.noteWritten(pageId);
    await new Promise((r) => setTimeout(r, DIGEST_DEBOUNCE_MS + 200));
    expect(changes).toHaveLength(1);
    expect(changes[0]?.[1]).not.toBe(EMPTY_DIGEST);
    await pages.closeAll();
  });

  it('keeps a released page loaded for a while, and follows its edits meanwhile', async () => {
    vi.useFakeTimers();
    const { pages, changes, loaded } = await setup();
    const pageId = newPageId();
    const held = await pages.acquire(pageId);
    await pages.release(pageId);
    expect(loaded.has(pageId)).toBe(true);
    held.entry.doc.getText('t').insert(0, 'edit while lingering');
    await vi.advanceTimersByTimeAsync(PAGE_LINGER_MS + 1000);
    expect(loaded.has(pageId)).toBe(false);
    expect(changes.at(-1)?.[1]).toBe(digestOf(held.entry.doc));
    expect(changes.at(-1)?.[1]).not.toBe(EMPTY_DIGEST);
  });

  it('refuses to load once closed', async () => {
    const { pages } = await setup();
    await pages.closeAll();
    await expect(pages.acquire(newPageId())).rejects.toMatchObject({ code: 'unavailable' });
  });
});
