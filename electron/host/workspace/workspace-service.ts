/**
 * Workspaces on disk: one directory each under `<dataDir>/workspaces/<id>/`, holding
 * `workspace.json` (id, key, a cache of the name), `store/` (the LevelDB of its docs) and
 * `attachments/`. The workspace doc is loaded whenever the workspace is open; page docs on demand.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { WorkspaceInfo } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';
import { isWorkspaceId, newWorkspaceId, type DocId, type MemberId, type PageId, type WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { appendBlocks } from '../../../shared/model/blocks';
import { createPage, getMeta, getMetaMap, getPagesMap, initWorkspaceDoc, PAGE_CONTENT } from '../../../shared/model';
import { WELCOME_BLOCKS, WELCOME_TITLE } from '../../../shared/model/welcome';
import { AttachmentStore } from '../attachments/attachment-store';
import { DocRegistry, type DocEntry } from '../docs/doc-entry';
import { LOCAL } from '../origins';
import type { DocStore } from '../store/doc-store';
import { LevelDocStore } from '../store/level-doc-store';
import { writeJsonAtomic, type Identity } from './identity';

const log = createLogger('workspaces');
const WORKSPACE_FILE = 'workspace.json';
const WORKSPACE_KEY_BYTES = 32;

export interface WorkspaceRecord {
  readonly id: WorkspaceId;
  readonly name: string;
  readonly createdAt: number;
  /** The 256-bit workspace key, base64url. Whoever holds it can reach the rooms (members get in). */
  readonly key: string;
  /** The creator's member id: the trust anchor of the workspace's role grants (invites carry it). */
  readonly creatorId?: MemberId;
  /** After key rotations (host/sync/auth-keys.ts): the rotation the key came from, and the key before. */
  readonly keyEpoch?: number;
  readonly keySig?: string | null;
  readonly previousKey?: string | null;
}

/** An open workspace: its store, its always-loaded workspace doc, and its docs on demand. */
export class OpenWorkspace {
  /** Settles once workspace.json holds the latest record (writes are chained, never concurrent). */
  recordWritten: Promise<void> = Promise.resolve();

  private constructor(
    public record: WorkspaceRecord,
    readonly dir: string,
    readonly store: DocStore,
    readonly docs: DocRegistry,
    readonly attachments: AttachmentStore,
    readonly root: DocEntry,
  ) {}

  static async open(dir: string, record: WorkspaceRecord): Promise<OpenWorkspace> {
    const store = await LevelDocStore.open(join(dir, 'store'));
    const docs = new DocRegistry(store, (docId) => ({ gc: docId === record.id }));
    const root = await docs.acquire(record.id);
    return new OpenWorkspace(record, dir, store, docs, new AttachmentStore(join(dir, 'attachments')), root);
  }

  get id(): WorkspaceId {
    return this.record.id;
  }

  get name(): string {
    return getMeta(this.root.doc)?.name ?? this.record.name;
  }

  /** Loads a page doc (or the workspace doc) and keeps it until `release`. */
  acquire(docId: DocId): Promise<DocEntry> {
    return this.docs.acquire(docId);
  }

  release(docId: DocId): Promise<void> {
    return this.docs.release(docId);
  }

  private readonly closeHooks: Array<() => Promise<void> | void> = [];

  /** Runs (last added first) when the workspace closes, before its docs and store do. */
  onWillClose(hook: () => Promise<void> | void): void {
    this.closeHooks.unshift(hook);
  }

  async close(): Promise<void> {
    for (const hook of this.closeHooks.splice(0)) {
      await Promise.resolve()
        .then(hook)
        .catch((error: unknown) => log.error(`a close hook of ${this.id} failed`, error));
    }
    await this.docs.closeAll();
    await this.store.close();
  }
}

export class WorkspaceService {
  private readonly open = new Map<WorkspaceId, Promise<OpenWorkspace>>();
  private readonly listeners = new Set<(list: WorkspaceInfo[]) => void>();
  private readonly openHooks = new Set<(workspace: OpenWorkspace) => Promise<void> | void>();

  constructor(
    private readonly dataDir: string,
    private readonly identity: Identity,
  ) {}

  private get root(): string {
    return join(this.dataDir, 'workspaces');
  }

  /** A workspace's stored record (id, name, key) without opening its store. */
  recordOf(id: WorkspaceId): Promise<WorkspaceRecord> {
    return this.readRecord(id);
  }

  /** Where a workspace's files are (whether or not it exists yet). */
  dirOf(id: WorkspaceId): string {
    return join(this.root, id);
  }

  async list(): Promise<WorkspaceInfo[]> {
    await mkdir(this.root, { recursive: true });
    const infos: WorkspaceInfo[] = [];
    for (const name of await readdir(this.root)) {
      if (!isWorkspaceId(name)) continue;
      const record = await this.readRecord(name).catch((error: unknown) => {
        log.error(`workspace ${name} has no readable ${WORKSPACE_FILE}`, error);
        return null;
      });
      if (record) infos.push({ id: record.id, name: record.name, createdAt: record.createdAt });
    }
    return infos.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Creates a workspace with its welcome guide, written once here by its creator. */
  async create(name: string, now = Date.now()): Promise<WorkspaceInfo> {
    const id = newWorkspaceId();
    const record: WorkspaceRecord = {
      id,
      name,
      createdAt: now,
      key: randomBytes(WORKSPACE_KEY_BYTES).toString('base64url'),
      creatorId: this.identity.id,
    };
    const dir = join(this.root, id);
    await mkdir(dir, { recursive: true });
    await writeJsonAtomic(join(dir, WORKSPACE_FILE), record);
    const workspace = await this.get(id);
    const by = this.identity.id;
    const doc = workspace.root.doc;
    initWorkspaceDoc(doc, { name, createdBy: by, now }, LOCAL);
    const welcomeId = createPage(doc, { title: WELCOME_TITLE, parentId: null, kind: 'guide', tags: [], by, now }, LOCAL);
    await workspace.docs.with(welcomeId, async (page) => {
      page.doc.transact(() => appendBlocks(page.doc.getXmlFragment(PAGE_CONTENT), WELCOME_BLOCKS), LOCAL);
      await page.persisted.whenSaved();
    });
    await workspace.root.persisted.whenSaved();
    this.emit();
    return { id, name, createdAt: now };
  }

  /**
   * Stores a workspace joined by invite: its id, name and key only. Its docs arrive by sync, so
   * nothing is written into them here (initial content is written once, by the creator). A
   * workspace already here is left as it is.
   */
  async adopt(
    joined: { readonly id: WorkspaceId; readonly name: string; readonly key: string; readonly creatorId?: MemberId },
    now = Date.now(),
  ): Promise<WorkspaceInfo> {
    const existing = await this.readRecord(joined.id).catch(() => null);
    if (existing) return { id: existing.id, name: existing.name, createdAt: existing.createdAt };
    const { id, name, key, creatorId } = joined;
    const record: WorkspaceRecord = { id, name, createdAt: now, key, ...(creatorId ? { creatorId } : {}) };
    const dir = join(this.root, joined.id);
    await mkdir(dir, { recursive: true });
    await writeJsonAtomic(join(dir, WORKSPACE_FILE), record);
    this.emit();
    return { id: record.id, name: record.name, createdAt: now };
  }

  async rename(id: WorkspaceId, name: string): Promise<void> {
    const workspace = await this.get(id);
    const doc = workspace.root.doc;
    // The meta observer (see watch) records the new name in workspace.json and tells listeners.
    doc.transact(() => getMetaMap(doc).set('name', name), LOCAL);
    await Promise.all([workspace.root.persisted.whenSaved(), workspace.recordWritten]);
  }

  async delete(id: WorkspaceId): Promise<void> {
    await this.readRecord(id); // not-found before anything is removed
    const opening = this.open.get(id);
    this.open.delete(id);
    if (opening) await (await opening).close();
    await rm(join(this.root, id), { recursive: true, force: true });
    this.emit();
  }

  /** Opens a workspace once and keeps it open until the service closes. */
  get(id: WorkspaceId): Promise<OpenWorkspace> {
    let opening = this.open.get(id);
    if (!opening) {
      opening = this.readRecord(id).then((record) => this.watch(OpenWorkspace.open(join(this.root, id), record)));
      this.open.set(id, opening);
      opening.catch(() => this.open.delete(id));
    }
    return opening;
  }

  /**
   * Runs for every workspace as it opens, before `get` resolves: where per-workspace services
   * (search, links, sync) attach. A workspace opened before the hook was added gets it too.
   */
  onDidOpen(hook: (workspace: OpenWorkspace) => Promise<void> | void): () => void {
    this.openHooks.add(hook);
    for (const opening of this.open.values()) void opening.then(hook, () => undefined);
    return () => this.openHooks.delete(hook);
  }

  onDidChange(cb: (list: WorkspaceInfo[]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map(async (w) => (await w.catch(() => null))?.close()));
  }

  private async watch(opening: Promise<OpenWorkspace>): Promise<OpenWorkspace> {
    const workspace = await opening;
    const pages = getPagesMap(workspace.root.doc);
    // A page deleted forever (here or by a peer) takes its page doc with it.
    pages.observe((event: Y.YMapEvent<unknown>) => {
      for (const [key, change] of event.changes.keys) {
        if (change.action === 'delete') {
          void workspace.store.delete(key as PageId).catch((error: unknown) => log.error(`could not delete page doc ${key}`, error));
        }
      }
    });
    // The name may change on any replica; keep workspace.json's cache (what list() reads) in step.
    getMetaMap(workspace.root.doc).observe(() => {
      const name = workspace.name;
      if (name === workspace.record.name) return;
      workspace.record = { ...workspace.record, name };
      const record = workspace.record;
      workspace.recordWritten = workspace.recordWritten
        .then(() => writeJsonAtomic(join(workspace.dir, WORKSPACE_FILE), record))
        .then(() => this.emit())
        .catch((error: unknown) => log.error(`could not record the new name of ${workspace.id}`, error));
    });
    for (const hook of this.openHooks) await hook(workspace);
    return workspace;
  }

  private async readRecord(id: string): Promise<WorkspaceRecord> {
    try {
      const record = JSON.parse(await readFile(join(this.root, id, WORKSPACE_FILE), 'utf8')) as WorkspaceRecord;
      if (record.id !== id) throw new CommonplaceError('corrupt-record', `${WORKSPACE_FILE} of ${id} names another workspace`);
      return record;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new CommonplaceError('not-found', `no workspace ${id}`);
      }
      throw error;
    }
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    void this.list().then((list) => {
      for (const cb of this.listeners) cb(list);
    });
  }
}
