/**
 * The links area through a whole Host in-process, on a real data directory: a renderer-like
 * client edits page docs over doc streams and renames pages in the workspace doc; backlinks,
 * mentions and the change event follow, and everything survives a restart (the index is
 * rebuilt by the start-up scan). Also prints the scan's figures for a few hundred pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../../shared/bridge/doc-protocol';
import type { LinksChange } from '../../../shared/bridge/links';
import type { DocId, MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { fragmentToDoc } from '../../../shared/markdown';
import { createPage, PAGE_CONTENT, renamePage } from '../../../shared/model';
import { Host } from '../host';
import { LOCAL } from '../origins';
import { link, para, text, writeBlocks } from './test-support';

const ME = 'e'.repeat(64) as MemberId;
const stamp = () => ({ by: ME, now: Date.now() });

/** One doc kept in step with the host over a doc stream, as a renderer's DocSession does. */
class Client {
  readonly doc: Y.Doc;
  private stream?: Awaited<ReturnType<Host['openDocStream']>>;
  private readonly pending: Uint8Array[] = [];
  private synced!: () => void;
  readonly whenSynced = new Promise<void>((resolve) => (this.synced = resolve));

  constructor(docId: DocId) {
    this.doc = new Y.Doc({ guid: docId });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_SYNC);
      syncProtocol.writeUpdate(enc, update);
      this.send(encoding.toUint8Array(enc));
    });
  }

  static async open(host: Host, workspaceId: WorkspaceId, docId: DocId): Promise<Client> {
    const client = new Client(docId);
    client.stream = await host.openDocStream(workspaceId, docId, (m) => client.onMessage(m));
    for (const message of client.pending.splice(0)) client.stream.receive(message);
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, client.doc);
    client.stream.receive(encoding.toUint8Array(enc));
    await client.whenSynced;
    return client;
  }

  close(): Promise<void> {
    return this.stream?.close() ?? Promise.resolve();
  }

  private send(raw: Uint8Array): void {
    if (this.stream) this.stream.receive(raw);
    else this.pending.push(raw);
  }

  private onMessage(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
    if (kind === syncProtocol.messageYjsSyncStep2) this.synced();
  }
}

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

let dir: string | undefined;
const hosts: Host[] = [];
const clients: Client[] = [];

async function openHost(): Promise<Host> {
  dir ??= await mkdtemp(join(tmpdir(), 'cp-links-'));
  const host = await Host.open({ dataDir: dir, mode: 'browser', version: 'test' });
  hosts.push(host);
  return host;
}

async function closeAll(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(hosts.splice(0).map((h) => h.close()));
}

afterEach(async () => {
  await closeAll();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function client(host: Host, workspaceId: WorkspaceId, docId: DocId): Promise<Client> {
  const opened = await Client.open(host, workspaceId, docId);
  clients.push(opened);
  return opened;
}

describe('links through the Host', () => {
  it('follows edits and renames, links a mention, and survives a restart', async () => {
    let host = await openHost();
    const { id: ws } = await host.handlers.workspaces.create({ name: 'Lab' });
    const changes: LinksChange[] = [];
    host.onDidChangeLinks((change) => changes.push(change));
    const root = await client(host, ws, ws);
    const alpha = createPage(root.doc, { title: 'Alpha', parentId: null, kind: 'note', ...stamp() }, 'test');
    const beta = createPage(root.doc, { title: 'Beta', parentId: null, kind: 'note', ...stamp() }, 'test');
    const gamma = createPage(root.doc, { title: 'Gamma notes', parentId: null, kind: 'note', ...stamp() }, 'test');

    // An edit in a renderer: Alpha links to Beta and mentions Gamma notes as plain text.
    const page = await client(host, ws, alpha);
    writeBlocks(page.doc, [para(text('Alpha cites '), link(beta, 'Beta'), text(' and gamma notes.'))], 'test');
    await until(async () => (await host.handlers.links.backlinks({ workspaceId: ws, pageId: beta })).length === 1, 'a backlink');
    const [backlink] = await host.handlers.links.backlinks({ workspaceId: ws, pageId: beta });
    expect(backlink).toMatchObject({ sourcePageId: alpha, sourceTitle: 'Alpha', context: { text: 'Alpha cites Beta and gamma notes.', highlight: [12, 16] } });
    await until(() => changes.some((c) => c.workspaceId === ws && c.reason === 'content' && c.pageIds.includes(alpha)), 'a content event');

    // A rename in the workspace doc: the context reads the new title, and an event says so.
    renamePage(root.doc, { pageId: beta, title: 'Beta (v2)', ...stamp() }, 'test');
    await until(() => changes.some((c) => c.reason === 'entries' && c.pageIds.includes(beta)), 'an entries event');
    await until(
      async () => (await host.handlers.links.backlinks({ workspaceId: ws, pageId: beta }))[0]?.context.text === 'Alpha cites Beta (v2) and gamma notes.',
      'the new title in the context',
    );

    // Link the unlinked mention from the host: the open renderer receives the new node.
    const [mention, ...more] = await host.handlers.links.unlinkedMentions({ workspaceId: ws, pageId: gamma });
    expect(more).toEqual([]);
    expect(mention).toMatchObject({ sourcePageId: alpha, occurrence: { block: 0, start: 18 } });
    await host.handlers.links.linkMention({ workspaceId: ws, sourcePageId: alpha, targetPageId: gamma, occurrence: mention!.occurrence });
    await until(() => JSON.stringify(fragmentToDoc(page.doc.getXmlFragment(PAGE_CONTENT))).includes(gamma), 'the link in the renderer');
    expect(await host.handlers.links.unlinkedMentions({ workspaceId: ws, pageId: gamma })).toEqual([]);
    expect((await host.handlers.links.backlinks({ workspaceId: ws, pageId: gamma })).map((l) => l.context.text)).toEqual([
      'Alpha cites Beta (v2) and gamma notes.',
    ]);
    // The same occurrence again is refused: it is a link now.
    await expect(
      host.handlers.links.linkMention({ workspaceId: ws, sourcePageId: alpha, targetPageId: gamma, occurrence: mention!.occurrence }),
    ).rejects.toMatchObject({ code: 'conflict' });

    await closeAll();
    host = await openHost();
    const after = await host.handlers.links.backlinks({ workspaceId: ws, pageId: beta });
    expect(after.map((l) => [l.sourcePageId, l.context.text])).toEqual([[alpha, 'Alpha cites Beta (v2) and gamma notes.']]);
    expect((await host.handlers.links.backlinks({ workspaceId: ws, pageId: gamma })).map((l) => l.sourcePageId)).toEqual([alpha]);
  });

  it('refuses to link a mention to a trashed or unknown target', async () => {
    const host = await openHost();
    const { id: ws } = await host.handlers.workspaces.create({ name: 'Lab' });
    const workspace = await host.workspaces.get(ws);
    const a = createPage(workspace.root.doc, { title: 'Alpha', parentId: null, kind: 'note', ...stamp() }, LOCAL);
    const unknown = '9'.repeat(32) as PageId;
    const args = { workspaceId: ws, sourcePageId: a, targetPageId: unknown, occurrence: { block: 0, start: 0 } };
    await expect(host.handlers.links.linkMention(args)).rejects.toMatchObject({ code: 'not-found' });
    await expect(host.handlers.links.backlinks({ workspaceId: '8'.repeat(32) as WorkspaceId, pageId: a })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('rebuilds the index of a few hundred pages at open (figures printed)', async () => {
    const PAGES = 400;
    let host = await openHost();
    const { id: ws } = await host.handlers.workspaces.create({ name: 'Lab' });
    const workspace = await host.workspaces.get(ws);
    const ids: PageId[] = [];
    for (let i = 0; i < PAGES; i++) ids.push(createPage(workspace.root.doc, { title: `Page ${i}`, parentId: null, kind: 'note', ...stamp() }, LOCAL));
    const filler = 'Field notes on sampling, with enough words to look like a real paragraph of a page. '.repeat(6);
    for (const [i, id] of ids.entries()) {
      const next = ids[(i + 1) % PAGES] as PageId;
      await workspace.docs.with(id, async (entry) => {
        writeBlocks(entry.doc, [para(text(filler)), para(text('Next: '), link(next, `Page ${i + 1}`)), para(text(filler))], LOCAL);
        await entry.persisted.whenSaved();
      });
    }
    await workspace.root.persisted.whenSaved();
    await closeAll();

    const started = performance.now();
    host = await openHost();
    const index = await host.links.index(ws);
    await index.ready;
    const openToReady = performance.now() - started;
    expect(index.scanStats?.pages).toBe(PAGES + 1); // + the welcome guide
    expect((await index.backlinks(ids[1] as PageId)).map((l) => l.sourcePageId)).toEqual([ids[0]]);
    const mentions = performance.now();
    await index.unlinkedMentions(ids[1] as PageId);
    console.log(
      `link index: scanned ${index.scanStats?.pages} pages (~${Math.round((filler.length * 2) / 1024)} KiB of text each) in ${index.scanStats?.ms.toFixed(0)} ms ` +
        `(${((index.scanStats?.ms ?? 0) / PAGES).toFixed(2)} ms/page); host open → index ready ${openToReady.toFixed(0)} ms; ` +
        `one unlinked-mentions query ${(performance.now() - mentions).toFixed(1)} ms`,
    );
  }, 60_000);
});
