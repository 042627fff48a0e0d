import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LinksChange } from '../../../shared/bridge/links';
import type { DocId, MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { createPage, deletePageForever, initWorkspaceDoc, renamePage, restorePage, trashPage } from '../../../shared/model';
import { DocRegistry } from '../docs/doc-entry';
import { LOCAL } from '../origins';
import { MemoryDocStore } from '../store/memory-doc-store';
import { DEBOUNCE_MS, LinkIndex, MAX_WAIT_MS } from './link-index';
import { link, para, text, writeBlocks } from './test-support';
import type { PMNode } from '../../../shared/markdown';

const WS = 'f'.repeat(32) as WorkspaceId;
const ME = 'e'.repeat(64) as MemberId;
const stamp = () => ({ by: ME, now: Date.now() });

interface Fixture {
  docs: DocRegistry;
  root: Awaited<ReturnType<DocRegistry['acquire']>>;
  index: LinkIndex | null;
  changes: Omit<LinksChange, 'workspaceId'>[];
}
const fixtures: Fixture[] = [];

async function workspace(): Promise<Fixture> {
  const docs = new DocRegistry(new MemoryDocStore(), (id) => ({ gc: id === WS }));
  const root = await docs.acquire(WS);
  initWorkspaceDoc(root.doc, { name: 'Lab', createdBy: ME, now: 1 }, LOCAL);
  const fixture: Fixture = { docs, root, index: null, changes: [] };
  fixtures.push(fixture);
  return fixture;
}

function open(f: Fixture): LinkIndex {
  f.index = new LinkIndex({ id: WS, root: f.root, docs: f.docs }, (change) => f.changes.push(change));
  return f.index;
}

const page = (f: Fixture, title: string): PageId => createPage(f.root.doc, { title, parentId: null, kind: 'note', ...stamp() }, LOCAL);
const write = (f: Fixture, pageId: PageId, ...blocks: PMNode[]) => f.docs.with(pageId as DocId, (e) => writeBlocks(e.doc, blocks, LOCAL));
const marked = ({ text: t, highlight: [s, e] }: { text: string; highlight: readonly [number, number] }) => `${t.slice(0, s)}[${t.slice(s, e)}]${t.slice(e)}`;

afterEach(async () => {
  vi.useRealTimers();
  for (const f of fixtures.splice(0)) {
    await f.index?.dispose();
    await f.docs.closeAll();
  }
});

describe('LinkIndex', () => {
  it('indexes existing pages at open, and answers backlinks with context', async () => {
    const f = await workspace();
    const a = page(f, 'Alpha');
    const b = page(f, 'Beta');
    await write(f, a, para(text('Alpha points to '), link(b, 'Beta'), text(' today.')));
    const index = open(f);
    await index.ready;
    expect(index.scanStats?.pages).toBe(2);
    const backlinks = await index.backlinks(b);
    expect(backlinks.map((l) => [l.sourcePageId, l.sourceTitle, marked(l.context)])).toEqual([[a, 'Alpha', 'Alpha points to [Beta] today.']]);
    expect(await index.backlinks(a)).toEqual([]);
  });

  it('follows edits: a new link appears, a removed one goes, after the debounce or at once on a query', async () => {
    const f = await workspace();
    const a = page(f, 'Alpha');
    const b = page(f, 'Beta');
    const index = open(f);
    await index.ready;
    await write(f, a, para(link(b, 'Beta')));
    expect((await index.backlinks(b)).map((l) => l.sourcePageId)).toEqual([a]);
    await write(f, a, para(text('no more links')));
    expect(await index.backlinks(b)).toEqual([]);
    expect(f.changes.filter((c) => c.reason === 'content').flatMap((c) => c.pageIds)).toContain(a);
  });

  it('re-reads a page once per quiet period, and tells listeners which pages changed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const f = await workspace();
    const a = page(f, 'Alpha');
    const b = page(f, 'Beta');
    const index = open(f);
    await index.ready;
    const entry = await f.docs.acquire(a);
    for (let i = 0; i < 5; i++) writeBlocks(entry.doc, [para(text(`draft ${i} `), link(b, 'Beta'))], LOCAL);
    expect(f.changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    await index.flush();
    expect(f.changes).toEqual([{ pageIds: [a], reason: 'content' }]);
    expect(marked((await index.backlinks(b))[0]?.context ?? { text: '', highlight: [0, 0] })).toBe('draft 4 [Beta]');
    await f.docs.release(a);
    // Entry changes (a title being typed) are reported once per quiet period too.
    f.changes.length = 0;
    for (const title of ['B', 'Be', 'Bet']) renamePage(f.root.doc, { pageId: b, title, ...stamp() }, LOCAL);
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 1);
    expect(f.changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.changes).toEqual([{ pageIds: [b], reason: 'entries' }]);
  });

  it('reads a burst of pages written by a peer (catch-up) once, after the burst, and lists every backlink', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const f = await workspace();
    const target = page(f, 'Target');
    const sources = Array.from({ length: 30 }, (_, i) => page(f, `Source ${i}`));
    const index = open(f);
    await index.ready;
    // Sync holds each page it fetches and writes it; pages arrive a few milliseconds apart.
    const entries = await Promise.all(sources.map((pageId) => f.docs.acquire(pageId)));
    for (const entry of entries) {
      writeBlocks(entry.doc, [para(text('see '), link(target, 'Target'))], { kind: 'peer', peer: {} });
      await vi.advanceTimersByTimeAsync(DEBOUNCE_MS / 6);
    }
    expect(f.changes.filter((c) => c.reason === 'content')).toEqual([]); // nothing read during the burst
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    await index.flush();
    const content = f.changes.filter((c) => c.reason === 'content');
    expect(content).toHaveLength(1);
    expect([...(content[0]?.pageIds ?? [])].sort()).toEqual([...sources].sort());
    expect((await index.backlinks(target)).map((l) => l.sourcePageId).sort()).toEqual([...sources].sort());
    for (const pageId of sources) await f.docs.release(pageId);
  });

  it('re-reads dirty pages at the ceiling when edits never pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const f = await workspace();
    const a = page(f, 'Alpha');
    const b = page(f, 'Beta');
    const index = open(f);
    await index.ready;
    const entry = await f.docs.acquire(a);
    const step = DEBOUNCE_MS / 3;
    for (let elapsed = 0; elapsed < MAX_WAIT_MS; elapsed += step) {
      expect(f.changes).toEqual([]);
      writeBlocks(entry.doc, [para(text(`draft ${elapsed} `), link(b, 'Beta'))], LOCAL);
      await vi.advanceTimersByTimeAsync(step);
    }
    await index.flush();
    expect(f.changes).toEqual([{ pageIds: [a], reason: 'content' }]);
    await f.docs.release(a);
  });

  it('reads a page unloaded before its re-index from the store', async () => {
    const f = await workspace();
    const a = page(f, 'Alpha');
    const b = page(f, 'Beta');
    const index = open(f);
    await index.ready;
    await write(f, a, para(link(b, 'Beta'))); // with() unloads the doc right after
    expect((await index.backlinks(b)).map((l) => l.sourcePageId)).toEqual([a]);
  });

  it('shows the current title of a renamed target in contexts, and reports entry changes', async () => {
    const f = await workspace();
    const a = page(f, 'Alpha');
    const b = page(f, 'Beta');
    await write(f, a, para(text('see '), link(b, 'Beta')));
    const index = open(f);
    for (const title of ['Beta,', 'Beta, re', 'Beta, renamed']) renamePage(f.root.doc, { pageId: b, title, ...stamp() }, LOCAL);
    expect((await index.backlinks(b)).map((l) => marked(l.context))).toEqual(['see [Beta, renamed]']);
    // Three renames in a row: one event.
    expect(f.changes.filter((c) => c.reason === 'entries')).toEqual([{ pageIds: [b], reason: 'entries' }]);
  });

  it('leaves out trashed sources until they are restored, self links, and deleted pages', async () => {
    const f = await workspace();
    const a = page(f, 'Alpha');
    const b = page(f, 'Beta');
    await write(f, a, para(link(b, 'Beta')));
    await write(f, b, para(text('myself: '), link(b, 'Beta')));
    const index = open(f);
    expect((await index.backlinks(b)).map((l) => l.sourcePageId)).toEqual([a]);
    trashPage(f.root.doc, { pageId: a, ...stamp() }, LOCAL);
    expect(await index.backlinks(b)).toEqual([]);
    restorePage(f.root.doc, { pageId: a, ...stamp() }, LOCAL);
    expect((await index.backlinks(b)).map((l) => l.sourcePageId)).toEqual([a]);
    trashPage(f.root.doc, { pageId: a, ...stamp() }, LOCAL);
    deletePageForever(f.root.doc, { pageId: a }, LOCAL);
    expect(await index.outgoing(a)).toEqual([]);
    expect(await index.backlinks(b)).toEqual([]);
  });

  it('lists several links from one page in document order, sources by title', async () => {
    const f = await workspace();
    const t = page(f, 'Target');
    const z = page(f, 'Zeta');
    const a = page(f, 'Alpha');
    await write(f, z, para(link(t, 'Target', 'first')), para(link(t, 'Target', 'second')));
    await write(f, a, para(link(t, 'Target')));
    const index = open(f);
    expect((await index.backlinks(t)).map((l) => `${l.sourceTitle}:${marked(l.context)}`)).toEqual([
      'Alpha:[Target]',
      'Zeta:[first]',
      'Zeta:[second]',
    ]);
  });

  it('finds unlinked mentions in other live pages only', async () => {
    const f = await workspace();
    const t = page(f, 'Soil Sampling');
    const a = page(f, 'Alpha');
    const trashed = page(f, 'Old');
    await write(f, t, para(text('Soil sampling is described here.')));
    await write(f, a, para(text('Before soil sampling, and '), link(t, 'Soil Sampling'), text(' again; subsoil sampling no.')));
    await write(f, trashed, para(text('soil sampling')));
    trashPage(f.root.doc, { pageId: trashed, ...stamp() }, LOCAL);
    const index = open(f);
    const mentions = await index.unlinkedMentions(t);
    expect(mentions.map((m) => [m.sourcePageId, marked(m.context), m.occurrence])).toEqual([
      [a, 'Before [soil sampling], and Soil Sampling again; subsoil sampling no.', { block: 0, start: 7 }],
    ]);
  });

  it('refuses mentions of an unknown page, and finds none for a short title', async () => {
    const f = await workspace();
    const short = page(f, 'Go');
    const a = page(f, 'Alpha');
    await write(f, a, para(text('go Go GO')));
    const index = open(f);
    expect(await index.unlinkedMentions(short)).toEqual([]);
    await expect(index.unlinkedMentions('9'.repeat(32) as PageId)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('stops listening when disposed', async () => {
    const f = await workspace();
    const a = page(f, 'Alpha');
    const index = open(f);
    await index.dispose();
    await write(f, a, para(text('late')));
    renamePage(f.root.doc, { pageId: a, title: 'Renamed', ...stamp() }, LOCAL);
    expect(f.changes).toEqual([]);
    f.index = null;
  });
});
