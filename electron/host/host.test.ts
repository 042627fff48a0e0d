import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_PROBLEM, MESSAGE_SAVED, MESSAGE_SYNC, isCoveredBy } from '../../shared/bridge/doc-protocol';
import type { DocId, MemberId, WorkspaceId } from '../../shared/ids';
import { createPage, listPages, PAGE_CONTENT } from '../../shared/model';
import { WELCOME_TITLE } from '../../shared/model/welcome';
import { DEFAULT_WORKSPACE_NAME, Host } from './host';

/** A minimal renderer: one Y.Doc kept in step with the host over a doc stream. */
class FakeRenderer {
  readonly doc: Y.Doc;
  saved = new Map<number, number>();
  problems: string[] = [];
  private stream?: Awaited<ReturnType<Host['openDocStream']>>;
  /** The host speaks first, before openDocStream has returned the stream to answer on. */
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

  async connect(host: Host, workspaceId: WorkspaceId): Promise<void> {
    this.stream = await host.openDocStream(workspaceId, this.doc.guid as DocId, (m) => this.onMessage(m));
    for (const message of this.pending.splice(0)) this.stream.receive(message);
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, this.doc);
    this.stream.receive(encoding.toUint8Array(enc));
  }

  send(raw: Uint8Array): void {
    if (this.stream) this.stream.receive(raw);
    else this.pending.push(raw);
  }

  isSaved(): boolean {
    return isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.doc)), this.saved);
  }

  close(): Promise<void> {
    return this.stream?.close() ?? Promise.resolve();
  }

  private onMessage(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
      if (kind === syncProtocol.messageYjsSyncStep2) this.synced();
    } else if (type === MESSAGE_SAVED) {
      this.saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    } else if (type === MESSAGE_PROBLEM) {
      this.problems.push(decoding.readVarString(decoder));
    }
  }
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('Host', () => {
  let dir: string;
  const hosts: Host[] = [];
  const open = async () => {
    const host = await Host.open({ dataDir: dir, mode: 'browser', version: 'test' });
    hosts.push(host);
    return host;
  };

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates one workspace with a welcome guide on first start, and only then', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-host-'));
    let host = await open();
    const [workspace, ...rest] = await host.handlers.workspaces.list(undefined);
    expect(rest).toEqual([]);
    expect(workspace?.name).toBe(DEFAULT_WORKSPACE_NAME);

    const renderer = new FakeRenderer(workspace!.id);
    await renderer.connect(host, workspace!.id);
    await renderer.whenSynced;
    const pages = listPages(renderer.doc);
    expect(pages.map((p) => p.title)).toEqual([WELCOME_TITLE]);
    await renderer.close();

    const welcome = new FakeRenderer(pages[0]!.id);
    await welcome.connect(host, workspace!.id);
    await welcome.whenSynced;
    expect(welcome.doc.getXmlFragment(PAGE_CONTENT).toString()).toContain('commonplace book');
    await welcome.close();

    await host.close();
    hosts.length = 0;
    host = await open();
    expect(await host.handlers.workspaces.list(undefined)).toHaveLength(1);
  });

  it('keeps what a renderer wrote across a restart, and says saved only after the flush', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-host-'));
    let host = await open();
    const { id } = await host.handlers.workspaces.create({ name: 'Lab' });
    const renderer = new FakeRenderer(id);
    await renderer.connect(host, id);
    await renderer.whenSynced;
    const pageId = createPage(renderer.doc, { title: 'Findings', parentId: null, kind: 'note', tags: [], by: 'me' as MemberId, now: 1 }, 'test');
    expect(renderer.isSaved()).toBe(false);
    await until(() => renderer.isSaved(), 'saved');

    const page = new FakeRenderer(pageId);
    await page.connect(host, id);
    await page.whenSynced;
    page.doc.getXmlFragment(PAGE_CONTENT).insert(0, [new Y.XmlText('hello')]);
    await until(() => page.isSaved(), 'page saved');
    await host.close();
    hosts.length = 0;

    host = await open();
    const again = new FakeRenderer(pageId);
    await again.connect(host, id);
    await again.whenSynced;
    expect(again.doc.getXmlFragment(PAGE_CONTENT).toString()).toBe('hello');
  });

  it('answers a malformed message with a problem and leaves the doc alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-host-'));
    const host = await open();
    const { id } = await host.handlers.workspaces.create({ name: 'Lab' });
    const renderer = new FakeRenderer(id);
    await renderer.connect(host, id);
    await renderer.whenSynced;
    const before = Y.encodeStateVector(renderer.doc);
    renderer.send(new Uint8Array([]));
    renderer.send(new Uint8Array([MESSAGE_SYNC, 2, 200, 1, 2, 3]));
    renderer.send(new Uint8Array([77, 1, 2]));
    expect(renderer.problems, JSON.stringify(renderer.problems)).toHaveLength(3);
    expect(Y.encodeStateVector(renderer.doc)).toEqual(before);
  });

  it('refuses a stream for a doc that is not a page of the workspace', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-host-'));
    const host = await open();
    const { id } = await host.handlers.workspaces.create({ name: 'Lab' });
    const stranger = new FakeRenderer('0'.repeat(32) as DocId);
    await expect(stranger.connect(host, id)).rejects.toMatchObject({ code: 'not-found' });
  }, 10_000);
});
