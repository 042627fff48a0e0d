/**
 * Search through a Host in-process, the way the renderer reaches it: pages are created in the
 * workspace doc and written over doc streams (origin `bridge`), queries go through `dispatch`
 * (argument validation included). Restarting the host loads the saved index: only pages whose
 * stored state moved are read again, and the answers are the same.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/bridge/doc-protocol';
import { dispatch } from '../../shared/bridge/validate';
import type { SearchResults, TitleHit } from '../../shared/bridge/search';
import type { DocId, MemberId, PageId, WorkspaceId } from '../../shared/ids';
import { appendBlocks } from '../../shared/model/blocks';
import { createPage, PAGE_CONTENT } from '../../shared/model';
import { Host } from '../../electron/host/host';
import { LOCAL } from '../../electron/host/origins';
import { searchOf } from '../../electron/host/search/search-service';

const PAGES = 40;
const EDITED = 3;

/** Writes `text` into a doc the way a renderer does: over a doc stream, as y-protocols updates. */
async function writeOverStream(host: Host, workspaceId: WorkspaceId, docId: DocId, text: string): Promise<void> {
  const doc = new Y.Doc({ guid: docId });
  let synced!: () => void;
  const whenSynced = new Promise<void>((resolve) => (synced = resolve));
  const frame = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    write(e);
    return encoding.toUint8Array(e);
  };
  const early: Uint8Array[] = [];
  const opened: { stream?: Awaited<ReturnType<Host['openDocStream']>> } = {};
  const send = (m: Uint8Array) => (opened.stream ? opened.stream.receive(m) : early.push(m));
  const stream = await host.openDocStream(workspaceId, docId, (message) => {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, reply, doc, 'host');
    if (encoding.length(reply) > 1) send(encoding.toUint8Array(reply));
    if (kind === syncProtocol.messageYjsSyncStep2) synced();
  });
  opened.stream = stream;
  for (const m of early.splice(0)) stream.receive(m);
  stream.receive(frame((e) => syncProtocol.writeSyncStep1(e, doc)));
  await whenSynced;
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'host') send(frame((e) => syncProtocol.writeUpdate(e, update)));
  });
  doc.transact(() => appendBlocks(doc.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text }]));
  await stream.close();
  doc.destroy();
}

async function call<T>(host: Host, method: 'query' | 'titles' | 'facets', args: unknown): Promise<T> {
  const outcome = await dispatch(host.handlers, 'search', method, args);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value as T;
}

let dir: string;
let host: Host;
let workspaceId: WorkspaceId;
const pageIds: PageId[] = [];

const openHost = () => Host.open({ dataDir: dir, mode: 'browser', version: 'test' });
async function settled(h: Host) {
  const search = searchOf(await h.workspaces.get(workspaceId))!;
  await search.ready;
  await search.whenIdle();
  return search;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-search-host-'));
  host = await openHost();
  const [first] = await host.handlers.workspaces.list(undefined);
  if (!first) throw new Error('no first-start workspace');
  workspaceId = first.id;
  const workspace = await host.workspaces.get(workspaceId);
  for (let i = 0; i < PAGES; i++) {
    const by = host.identity.id as MemberId;
    pageIds.push(createPage(workspace.root.doc, { title: `Field note ${i}`, parentId: null, kind: i % 2 ? 'note' : 'guide', tags: [`plot${i % 4}`], by, now: 1000 + i }, LOCAL));
  }
  for (const [i, pageId] of pageIds.entries()) {
    await writeOverStream(host, workspaceId, pageId, `Observation ${i}: the beans climbed ${i % 5 === 0 ? 'the trellis' : 'a fence'} today.`);
  }
  await settled(host);
});

afterAll(async () => {
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('search through the Host', () => {
  it('finds pages by words written over doc streams, with snippets, filters and facets', async () => {
    const results = await call<SearchResults>(host, 'query', { workspaceId, text: 'trellis' });
    expect(results.total).toBe(PAGES / 5);
    const [hit] = results.hits;
    expect(hit!.snippet.highlights.map(([s, e]) => hit!.snippet.text.slice(s, e))).toEqual(['trellis']);
    const guides = await call<SearchResults>(host, 'query', { workspaceId, text: 'trellis', kinds: ['guide'] });
    expect(guides.total).toBe(PAGES / 10);
    const titles = await call<TitleHit[]>(host, 'titles', { workspaceId, text: 'trellis', limit: 5 });
    expect(titles).toHaveLength(5);
    expect(titles.every((t) => t.matchedBody)).toBe(true);
    const facets = await call<{ tags: Array<{ value: string; count: number }> }>(host, 'facets', { workspaceId });
    expect(facets.tags).toContainEqual({ value: 'plot0', count: PAGES / 4 });
  });

  it('refuses malformed queries', async () => {
    const outcome = await dispatch(host.handlers, 'search', 'query', { workspaceId, text: 'x', limit: 10_000 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('restarts from the saved index, reading only the pages edited since', async () => {
    const before = await call<SearchResults>(host, 'query', { workspaceId, text: 'beans fence' });
    await host.close();
    host = await openHost();
    let search = await settled(host);
    const welcomeAndPages = PAGES + 1;
    console.log(`restart 1: ${JSON.stringify(search.indexStats)}`);
    expect(search.indexStats).toMatchObject({ loadedFrom: 'disk', pagesRead: 0, pagesUnchanged: welcomeAndPages });
    expect(await call<SearchResults>(host, 'query', { workspaceId, text: 'beans fence' })).toEqual(before);

    for (const pageId of pageIds.slice(0, EDITED)) await writeOverStream(host, workspaceId, pageId, 'Added later: aphids on the leaves.');
    await settled(host);
    expect((await call<SearchResults>(host, 'query', { workspaceId, text: 'aphids' })).total).toBe(EDITED);
    await host.close();

    host = await openHost();
    search = await settled(host);
    console.log(`restart 2: ${JSON.stringify(search.indexStats)}`);
    expect(search.indexStats.loadedFrom).toBe('disk');
    // Edited pages were indexed live; they are read again only if compaction rewrote their records.
    expect(search.indexStats.pagesRead).toBeLessThanOrEqual(EDITED);
    expect(search.indexStats.pagesRead + search.indexStats.pagesUnchanged).toBe(welcomeAndPages);
    expect((await call<SearchResults>(host, 'query', { workspaceId, text: 'aphids' })).total).toBe(EDITED);
  });
});
