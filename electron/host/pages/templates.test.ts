/**
 * `pages.createFromTemplate` through a Host in-process: the page entry and its content are
 * written once, in the host; renderers that open the page (two at once, and again after a
 * restart) receive that one copy and never add another.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../../shared/bridge/doc-protocol';
import type { DocId, MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { normalizeDoc } from '../../../shared/markdown/normalize';
import { docToFragment, fragmentToDoc } from '../../../shared/markdown/yjs-fragment';
import { builtinTemplate, createPage, getPageContent, listPages, readPage, setPageTemplate, trashPage } from '../../../shared/model';
import { Host } from '../host';

const ME = 'c3'.repeat(32) as MemberId;
const WAIT_STEP_MS = 10;
const WAIT_STEPS = 300;

/** A minimal renderer: one Y.Doc kept in step with the host over a doc stream. */
class Replica {
  readonly doc: Y.Doc;
  private stream?: Awaited<ReturnType<Host['openDocStream']>>;
  private readonly pending: Uint8Array[] = [];
  private synced!: () => void;
  readonly whenSynced = new Promise<void>((resolve) => (this.synced = resolve));

  constructor(docId: DocId) {
    this.doc = new Y.Doc({ guid: docId, gc: false });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_SYNC);
      syncProtocol.writeUpdate(enc, update);
      this.send(encoding.toUint8Array(enc));
    });
  }

  async connect(host: Host, workspaceId: WorkspaceId): Promise<this> {
    this.stream = await host.openDocStream(workspaceId, this.doc.guid as DocId, (m) => this.onMessage(m));
    for (const message of this.pending.splice(0)) this.stream.receive(message);
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, this.doc);
    this.stream.receive(encoding.toUint8Array(enc));
    await this.whenSynced;
    return this;
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

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < WAIT_STEPS && !check(); i++) await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

const headingCount = (doc: Y.Doc) => (fragmentToDoc(getPageContent(doc)).content ?? []).filter((n) => n.type === 'heading').length;

describe('pages.createFromTemplate', () => {
  let dir: string;
  let host: Host;
  let workspaceId: WorkspaceId;
  const replicas: Replica[] = [];

  const open = async (docId: DocId) => {
    const replica = await new Replica(docId).connect(host, workspaceId);
    replicas.push(replica);
    return replica;
  };
  const pageCount = async () => listPages((await host.workspaces.get(workspaceId)).root.doc).length;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-templates-'));
    host = await Host.open({ dataDir: dir, mode: 'browser', version: 'test' });
    workspaceId = (await host.handlers.workspaces.create({ name: 'Lab' })).id;
  });

  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.close()));
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a built-in template once: two renderers opening it, and a restart, see one copy', async () => {
    const guide = builtinTemplate('practice-guide')!;
    const pageId = await host.handlers.pages.createFromTemplate({ workspaceId, parentId: null, template: { builtin: guide.id } });

    const root = await open(workspaceId);
    expect(readPage(root.doc, pageId)).toMatchObject({ title: '', kind: 'guide', parentId: null, createdBy: host.identity.id });

    // Two renderers open the new page at the same time.
    const [a, b] = await Promise.all([open(pageId), open(pageId)]);
    for (const replica of [a, b]) {
      expect(normalizeDoc(fragmentToDoc(getPageContent(replica.doc)))).toEqual(normalizeDoc(guide.doc));
    }
    // One of them edits; the other sees the edit, and still one copy of the template.
    a.doc.transact(() => getPageContent(a.doc).insert(0, [new Y.XmlElement('paragraph')]));
    await until(() => getPageContent(b.doc).length === guide.doc.content.length + 1, 'the edit to reach the other renderer');
    expect(headingCount(b.doc)).toBe(5);

    // After a restart, a fresh renderer gets the same single copy from disk.
    await Promise.all(replicas.splice(0).map((r) => r.close()));
    await host.close();
    host = await Host.open({ dataDir: dir, mode: 'browser', version: 'test' });
    const again = await open(pageId);
    expect(headingCount(again.doc)).toBe(5);
    expect(getPageContent(again.doc).length).toBe(guide.doc.content.length + 1);
  });

  it('makes a page from a community template: a copy of its content, kind and tags, independent of it', async () => {
    const root = await open(workspaceId);
    const templateId = createPage(root.doc, { title: 'Site visit', parentId: null, kind: 'report', tags: ['field'], by: ME, now: 1 }, 'test');
    const source = await open(templateId);
    docToFragment(builtinTemplate('question')!.doc, getPageContent(source.doc));
    setPageTemplate(root.doc, { pageId: templateId, isTemplate: true, by: ME, now: 2 }, 'test');
    const workspace = await host.workspaces.get(workspaceId);
    await until(() => readPage(workspace.root.doc, templateId)?.isTemplate === true, 'the template flag to reach the host');

    const parentId = createPage(root.doc, { title: 'Visits', parentId: null, kind: 'note', by: ME, now: 3 }, 'test');
    await until(() => readPage(workspace.root.doc, parentId) !== null, 'the parent to reach the host');
    const pageId = await host.handlers.pages.createFromTemplate({ workspaceId, parentId, template: { pageId: templateId } });
    await until(() => readPage(root.doc, pageId) !== null, 'the new page to reach the renderer');
    expect(readPage(root.doc, pageId)).toMatchObject({ parentId, kind: 'report', tags: ['field'], isTemplate: false, title: '' });

    const copy = await open(pageId);
    expect(fragmentToDoc(getPageContent(copy.doc))).toEqual(fragmentToDoc(getPageContent(source.doc)));
    // Editing the copy leaves the template alone.
    copy.doc.transact(() => getPageContent(copy.doc).delete(0, 1));
    await new Promise((r) => setTimeout(r, 50));
    expect(getPageContent(source.doc).length).toBe(builtinTemplate('question')!.doc.content.length);
  });

  it('rejects an unknown template, a page that is not a template or is trashed, and a bad parent, writing nothing', async () => {
    const root = await open(workspaceId);
    const plainId = createPage(root.doc, { title: 'Plain', parentId: null, kind: 'note', by: ME, now: 1 }, 'test');
    const trashedId = createPage(root.doc, { title: 'Old', parentId: null, kind: 'note', isTemplate: true, by: ME, now: 1 }, 'test');
    trashPage(root.doc, { pageId: trashedId, by: ME, now: 2 }, 'test');
    const workspace = await host.workspaces.get(workspaceId);
    await until(() => readPage(workspace.root.doc, trashedId)?.trashedAt !== null && readPage(workspace.root.doc, plainId) !== null, 'pages to reach the host');
    const before = await pageCount();

    const create = (parentId: PageId | null, template: { builtin: string } | { pageId: PageId }) =>
      host.handlers.pages.createFromTemplate({ workspaceId, parentId, template });
    await expect(create(null, { builtin: 'no-such-template' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(create(null, { pageId: plainId })).rejects.toMatchObject({ code: 'conflict' });
    await expect(create(null, { pageId: trashedId })).rejects.toMatchObject({ code: 'conflict' });
    await expect(create(null, { pageId: 'f'.repeat(32) as PageId })).rejects.toMatchObject({ code: 'not-found' });
    await expect(create(trashedId, { builtin: 'question' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(create('e'.repeat(32) as PageId, { builtin: 'question' })).rejects.toMatchObject({ code: 'not-found' });
    expect(await pageCount()).toBe(before);

    // …and accepts the same call once the page is a template.
    setPageTemplate(root.doc, { pageId: plainId, isTemplate: true, by: ME, now: 3 }, 'test');
    await until(() => readPage(workspace.root.doc, plainId)?.isTemplate === true, 'the flag to reach the host');
    await expect(create(null, { pageId: plainId })).resolves.toMatch(/^[0-9a-f]{32}$/);
    expect(await pageCount()).toBe(before + 1);
  });
});
