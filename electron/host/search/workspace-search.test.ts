import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { appendBlocks } from '../../../shared/model/blocks';
import { createPage, deletePageForever, PAGE_CONTENT, renamePage, trashPage } from '../../../shared/model';
import * as Y from 'yjs';
import { LOCAL, type Origin } from '../origins';
import { loadOrCreateIdentity, type Identity } from '../workspace/identity';
import { WorkspaceService, type OpenWorkspace } from '../workspace/workspace-service';
import { indexPath, JOURNAL_FILE } from './index-file';
import { searchOf, SearchService } from './search-service';
import { PAGE_REINDEX_DEBOUNCE_MS, type WorkspaceSearch } from './workspace-search';

let dir: string;
let identity: Identity;
let services: Array<{ workspaces: WorkspaceService; search: SearchService }> = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-search-'));
  ({ identity } = await loadOrCreateIdentity(dir));
});

afterEach(async () => {
  for (const { workspaces, search } of services.splice(0)) {
    search.dispose();
    await workspaces.close();
  }
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

function start(): { workspaces: WorkspaceService; search: SearchService } {
  const workspaces = new WorkspaceService(dir, identity);
  const pair = { workspaces, search: new SearchService(workspaces) };
  services.push(pair);
  return pair;
}

async function stop(pair: { workspaces: WorkspaceService; search: SearchService }): Promise<void> {
  services = services.filter((p) => p !== pair);
  pair.search.dispose();
  await pair.workspaces.close();
}

const by = 'c'.repeat(64) as MemberId;
const BURST_PAGES = 40;

function addPage(workspace: OpenWorkspace, title: string): PageId {
  return createPage(workspace.root.doc, { title, parentId: null, kind: 'note', tags: ['t'], by, now: Date.now() }, LOCAL);
}

async function write(workspace: OpenWorkspace, pageId: PageId, text: string): Promise<void> {
  await workspace.docs.with(pageId, async (page) => {
    page.doc.transact(() => appendBlocks(page.doc.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text }]), LOCAL);
    await page.persisted.whenSaved();
  });
}

async function idle(workspace: OpenWorkspace): Promise<WorkspaceSearch> {
  const search = searchOf(workspace)!;
  await search.ready;
  await search.whenIdle();
  return search;
}

const find = async (search: WorkspaceSearch, text: string) => (await search.current()).query({ text, limit: 50 }).hits.map((h) => h.title);

async function setUp(): Promise<{ workspaceId: WorkspaceId; pages: PageId[] }> {
  const pair = start();
  const { id: workspaceId } = await pair.workspaces.create('Lab');
  const workspace = await pair.workspaces.get(workspaceId);
  const pages: PageId[] = [];
  for (let i = 0; i < 6; i++) {
    const pageId = addPage(workspace, `Page ${i}`);
    await write(workspace, pageId, `body of page ${i} with word${i} and the shared zucchini`);
    pages.push(pageId);
  }
  await idle(workspace);
  await stop(pair);
  return { workspaceId, pages };
}

describe('WorkspaceSearch', () => {
  it('indexes every page on first open, then follows edits, renames, trash and deletion', async () => {
    const { workspaceId, pages } = await setUp();
    const pair = start();
    const workspace = await pair.workspaces.get(workspaceId);
    const search = await idle(workspace);
    expect(await find(search, 'zucchini')).toHaveLength(6);
    expect(await find(search, 'word3')).toEqual(['Page 3']);

    // Several quick edits of one page are read once, after the debounce.
    const before = search.indexStats.pagesRead;
    await workspace.docs.with(pages[0]!, async (page) => {
      for (const word of ['alpha', 'beta', 'gamma']) {
        page.doc.transact(() => appendBlocks(page.doc.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text: word }]), LOCAL);
      }
      await search.whenIdle();
    });
    expect(search.indexStats.pagesRead - before).toBe(1);
    expect(await find(search, 'gamma')).toEqual(['Page 0']);

    renamePage(workspace.root.doc, { pageId: pages[1]!, title: 'Greenhouse log', by, now: Date.now() }, LOCAL);
    expect(await find(search, 'greenhouse')).toEqual(['Greenhouse log']); // applied before answering
    trashPage(workspace.root.doc, { pageId: pages[2]!, by, now: Date.now() }, LOCAL);
    await search.whenIdle();
    expect(await find(search, 'word2')).toEqual([]);
    deletePageForever(workspace.root.doc, { pageId: pages[2]! }, LOCAL);
    await search.whenIdle();
    expect((await search.current()).get(pages[2]!)).toBeUndefined();
  });

  it('indexes changes that arrive from a peer like local ones', async () => {
    const { workspaceId, pages } = await setUp();
    const pair = start();
    const workspace = await pair.workspaces.get(workspaceId);
    const search = await idle(workspace);
    const remote = new Y.Doc();
    appendBlocks(remote.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text: 'pollinator survey from the other lab' }]);
    const peer: Origin = { kind: 'peer', peer: {} };
    await workspace.docs.with(pages[4]!, async (page) => {
      Y.applyUpdate(page.doc, Y.encodeStateAsUpdate(remote), peer);
      await search.whenIdle();
    });
    expect(await find(search, 'pollinator')).toEqual(['Page 4']);
  });

  it('reads a burst of pages listed and then written by a peer (catch-up) once each, and ends up complete', async () => {
    const { workspaceId } = await setUp();
    const pair = start();
    const workspace = await pair.workspaces.get(workspaceId);
    const search = await idle(workspace);
    const before = search.indexStats.pagesRead;
    const peer: Origin = { kind: 'peer', peer: {} };
    // The workspace doc lists the pages (it arrives first), then sync holds each page and writes it.
    const burst: PageId[] = [];
    workspace.root.doc.transact(() => {
      for (let i = 0; i < BURST_PAGES; i++) burst.push(addPage(workspace, `Caught up ${i}`));
    }, peer);
    const entries = await Promise.all(burst.map((pageId) => workspace.docs.acquire(pageId)));
    entries.forEach((entry, i) => {
      const remote = new Y.Doc();
      appendBlocks(remote.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text: `fetched kiwano${i}` }]);
      Y.applyUpdate(entry.doc, Y.encodeStateAsUpdate(remote), peer);
    });
    await search.whenIdle();
    // Once each: not from the store as it is listed and again as its content arrives.
    expect(search.indexStats.pagesRead - before).toBe(BURST_PAGES);
    for (let i = 0; i < BURST_PAGES; i++) expect((await find(search, `kiwano${i}`))[0]).toBe(`Caught up ${i}`); // then prefix matches
    for (const pageId of burst) await workspace.docs.release(pageId);
  });

  it('reads a changed page within the ceiling while another page changes without pause', async () => {
    const { workspaceId, pages } = await setUp();
    const pair = start();
    const workspace = await pair.workspaces.get(workspaceId);
    const search = await idle(workspace);
    const [typed, other] = await Promise.all([workspace.docs.acquire(pages[0]!), workspace.docs.acquire(pages[1]!)]);
    other!.doc.transact(() => appendBlocks(other!.doc.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text: 'salsify' }]), LOCAL);
    // Someone types in another page faster than the quiet period, for as long as it takes.
    let found = false;
    for (let keys = 0; keys < 100 && !found; keys++) {
      typed!.doc.transact(() => appendBlocks(typed!.doc.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text: `k${keys}` }]), LOCAL);
      await new Promise((resolve) => setTimeout(resolve, PAGE_REINDEX_DEBOUNCE_MS / 3));
      found = (await find(search, 'salsify')).length > 0;
    }
    expect(found).toBe(true);
    await workspace.docs.release(pages[0]!);
    await workspace.docs.release(pages[1]!);
  });

  it('saves the index and loads it at the next open, reading no page that did not change', async () => {
    const { workspaceId } = await setUp();
    let pair = start();
    let search = await idle(await pair.workspaces.get(workspaceId));
    const answers = async (s: WorkspaceSearch) => [await find(s, 'zucchini'), await find(s, 'word4'), await find(s, 'zuchini')];
    const first = await answers(search);
    await stop(pair);

    pair = start();
    search = await idle(await pair.workspaces.get(workspaceId));
    expect(search.indexStats).toMatchObject({ loadedFrom: 'disk', pagesRead: 0, pagesUnchanged: 7 });
    expect(await answers(search)).toEqual(first);
  });

  it('re-reads only the pages that changed while it was not listening (a crash before saving)', async () => {
    const { workspaceId, pages } = await setUp();
    let pair = start();
    let workspace = await pair.workspaces.get(workspaceId);
    await idle(workspace);
    await stop(pair);
    const files = [indexPath(join(dir, 'workspaces', workspaceId)), join(dir, 'workspaces', workspaceId, JOURNAL_FILE)];
    for (const file of files) await copyFile(file, `${file}.saved`);

    pair = start();
    workspace = await pair.workspaces.get(workspaceId);
    await idle(workspace);
    await write(workspace, pages[3]!, 'late addition of kohlrabi');
    await idle(workspace);
    await stop(pair);
    for (const file of files) await copyFile(`${file}.saved`, file); // as if that save never happened

    pair = start();
    const search = await idle(await pair.workspaces.get(workspaceId));
    expect(search.indexStats).toMatchObject({ loadedFrom: 'disk', pagesRead: 1, pagesUnchanged: 6 });
    expect(await find(search, 'kohlrabi')).toEqual(['Page 3']);
  });

  it('keeps edits in the journal and replays it at the next open; a torn line ends the replay', async () => {
    const { workspaceId, pages } = await setUp();
    const journal = join(dir, 'workspaces', workspaceId, JOURNAL_FILE);
    let pair = start();
    let workspace = await pair.workspaces.get(workspaceId);
    let search = await idle(workspace);
    await write(workspace, pages[1]!, 'radish');
    await write(workspace, pages[2]!, 'turnip');
    renamePage(workspace.root.doc, { pageId: pages[5]!, title: 'Renamed five', by, now: Date.now() }, LOCAL);
    await idle(workspace);
    await stop(pair);
    expect(search.indexStats).toMatchObject({ snapshots: 0 }); // only journal appends
    expect((await readFile(journal, 'utf8')).split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(4); // header + 3 pages

    pair = start();
    search = await idle(await pair.workspaces.get(workspaceId));
    expect(search.indexStats).toMatchObject({ loadedFrom: 'disk', pagesRead: 0 });
    expect(await find(search, 'radish')).toEqual(['Page 1']);
    expect(await find(search, 'renamed')).toEqual(['Renamed five']);
    await stop(pair);

    // A torn last line (a crash mid-append): the replay stops there, and the page is read again.
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    const turnip = lines.findIndex((line) => line.includes('turnip'));
    await writeFile(journal, `${lines.slice(0, turnip).join('\n')}\n${lines[turnip]!.slice(0, 30)}`);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    pair = start();
    workspace = await pair.workspaces.get(workspaceId);
    search = await idle(workspace);
    expect(search.indexStats.pagesRead).toBeGreaterThanOrEqual(1);
    expect(await find(search, 'turnip')).toEqual(['Page 2']);
  });

  it('ignores a journal that follows another snapshot', async () => {
    const { workspaceId } = await setUp();
    const journal = join(dir, 'workspaces', workspaceId, JOURNAL_FILE);
    await writeFile(journal, '{"generation":999}\n{"id":"00000000000000000000000000000001","entry":null}\n');
    const pair = start();
    const search = await idle(await pair.workspaces.get(workspaceId));
    expect(search.indexStats).toMatchObject({ loadedFrom: 'disk', pagesRead: 0 });
    expect(await find(search, 'zucchini')).toHaveLength(6);
  });

  it('rebuilds a corrupt or unreadable index, with a log, and still opens', async () => {
    const { workspaceId } = await setUp();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await writeFile(indexPath(join(dir, 'workspaces', workspaceId)), '{"format":1,"pages":[{"trunc');
    const pair = start();
    const search = await idle(await pair.workspaces.get(workspaceId));
    expect(search.indexStats.loadedFrom).toEqual({ rebuilt: expect.stringMatching(/^corrupt/) });
    expect(search.indexStats.pagesRead).toBe(7);
    expect(await find(search, 'zucchini')).toHaveLength(6);
    expect(error).toHaveBeenCalledWith('[search]', expect.stringMatching(/corrupt.*rebuilding/));
    await stop(pair);

    const again = start();
    const reloaded = await idle(await again.workspaces.get(workspaceId));
    expect(reloaded.indexStats).toMatchObject({ loadedFrom: 'disk', pagesRead: 0 });
  });
});
