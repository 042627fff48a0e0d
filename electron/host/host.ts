/**
 * The Host: plain Node code that owns storage, workspaces (and later sync and search) for one
 * data directory. The Electron main process and `serve` both create one and expose it over
 * their transport; neither adds behaviour of its own.
 */
import { mkdir } from 'node:fs/promises';
import type { AppInfo, BridgeHandlers, MemberProfile, WorkspaceInfo } from '../../shared/bridge/contract';
import type { LinksChange } from '../../shared/bridge/links';
import { checkExternalUrl } from '../../shared/bridge/external-url';
import { CommonplaceError } from '../../shared/errors';
import type { DocId, WorkspaceId } from '../../shared/ids';
import { createLogger } from '../../shared/log';
import { duplicatePageEntry, getPagesMap, PAGE_CONTENT } from '../../shared/model';
import { pageOfCommentsDoc } from '../../shared/model/comments';
import { QuestionService } from './comments/question-service';
import { DocStream } from './docs/doc-stream';
import { LinkService } from './links/link-service';
import { TransferService, type PickFolder } from './transfer/transfer-service';
import type { TransferProgress } from '../../shared/transfer/report';
import { createSearchHandlers } from './search/handlers';
import { createFromTemplateHandler } from './pages/templates';
import { LOCAL } from './origins';
import * as Y from 'yjs';
import { loadOrCreateIdentity, saveIdentity, type Identity } from './workspace/identity';
import { WorkspaceService } from './workspace/workspace-service';
import { HostSync, type HostSyncOptions } from './sync/host-sync';
import { MemberService } from './members/member-service';
import { ActivityService } from './activity/activity-service';
import type { ActivityChange } from '../../shared/bridge/activity';
import { createSyncHandlers } from './sync/sync-handlers';
import { inviteRolesOf } from './sync/invite-roles';
import type { SyncChange } from '../../shared/bridge/sync';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from './workspace/identity';

const log = createLogger('host');
const HOST_FILE = 'host.json';
/** How long to wait for a page created in a renderer to reach the host's workspace doc. */
const PAGE_APPEAR_TIMEOUT_MS = 5_000;
export const DEFAULT_WORKSPACE_NAME = 'My community';

export interface HostOptions {
  readonly dataDir: string;
  readonly mode: AppInfo['mode'];
  readonly version: string;
  /** Opens a checked URL outside the app; absent where the host cannot (browser mode). */
  readonly openExternal?: (url: string) => Promise<void>;
  /**
   * Asks the member for a folder (the shell's native dialog) to import from or export into;
   * null when cancelled. Absent in browser mode, where the renderer uploads a folder instead and
   * exports go under `<data>/exports/` (see host/transfer/transfer-service.ts).
   */
  readonly pickFolder?: PickFolder;
  /**
   * Peer sync (host/sync/host-sync.ts): where the signaling server listens, peers to use, ICE
   * servers, discovery. Absent or false: no sync at all (the CLI, tests of other areas).
   */
  readonly sync?: HostSyncOptions | false;
}

/** One renderer's open doc: feed it the messages that arrive, close it when the view goes. */
export interface DocStreamHandle {
  receive(message: Uint8Array): void;
  close(): Promise<void>;
}

export class Host {
  readonly handlers: BridgeHandlers;
  readonly links: LinkService;
  readonly transfer: TransferService;
  readonly activity: ActivityService;
  private readonly profileListeners = new Set<(profile: MemberProfile) => void>();

  private constructor(
    private readonly options: HostOptions,
    readonly identity: Identity,
    readonly workspaces: WorkspaceService,
    readonly sync: HostSync,
    readonly members: MemberService,
  ) {
    // Host-side writes are held to our own role, as the doc streams are (members/host-actions.ts).
    const requireRole = members.requireRole;
    this.links = new LinkService(workspaces, requireRole);
    this.transfer = new TransferService({ workspaces, identity, dataDir: options.dataDir, pickFolder: options.pickFolder, requireRole });
    this.activity = new ActivityService(workspaces, identity, { list: async (id) => (await members.view(id)).members });
    this.handlers = this.createHandlers();
  }

  static async open(options: HostOptions): Promise<Host> {
    await mkdir(options.dataDir, { recursive: true });
    const { identity } = await loadOrCreateIdentity(options.dataDir);
    const workspaces = new WorkspaceService(options.dataDir, identity);
    const members = new MemberService(workspaces, identity); // roles: before any workspace opens
    const authFor = (id: WorkspaceId) => members.forWorkspace(id);
    const sync = await HostSync.start({ dataDir: options.dataDir, identity, workspaces, authFor, roles: inviteRolesOf(members, workspaces) }, options.sync);
    const host = new Host(options, identity, workspaces, sync, members);
    await host.firstStart();
    return host;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  onDidChangeWorkspaces(cb: (list: WorkspaceInfo[]) => void): () => void {
    return this.workspaces.onDidChange(cb);
  }

  onDidChangeLinks(cb: (change: LinksChange) => void): () => void {
    return this.links.onDidChange(cb);
  }

  onDidTransferProgress(cb: (progress: TransferProgress) => void): () => void {
    return this.transfer.onDidProgress(cb);
  }

  onDidChangeSync(cb: (change: SyncChange) => void): () => void {
    return this.sync.onDidChange(cb);
  }

  onDidChangeActivity(cb: (change: ActivityChange) => void): () => void {
    return this.activity.onDidChange((workspaceId) => cb({ workspaceId }));
  }

  /** Our own profile changed: every window (of every transport) shows the new one without a reload. */
  onDidChangeProfile(cb: (profile: MemberProfile) => void): () => void {
    this.profileListeners.add(cb);
    return () => this.profileListeners.delete(cb);
  }

  onDidReceiveInvite(cb: (invite: { link: string }) => void): () => void {
    return this.sync.onDidReceiveInvite((link) => cb({ link }));
  }

  /**
   * Opens a doc stream. The doc must be the workspace doc, a page of it or a page's comments doc
   * (shared/model/comments.ts `commentsDocId`); a page the renderer has just created may reach
   * us a moment after the request, so we wait for it briefly.
   */
  async openDocStream(workspaceId: WorkspaceId, docId: DocId, send: (m: Uint8Array) => void): Promise<DocStreamHandle> {
    const workspace = await this.workspaces.get(workspaceId);
    if (docId !== workspaceId) await waitForPage(workspace.root.doc, docId);
    const entry = await workspace.acquire(docId);
    const gate = await this.members.writeGate(workspaceId, docId, entry.doc); // our own role, for our own renderer
    const stream = new DocStream(entry, send, gate);
    gate.whenRoleRises(() => stream.requestState()); // what it refused may now be taken
    this.sync.joinDoc(workspaceId, docId); // live co-editing and presence with peers
    let closed = false;
    return {
      receive: (message) => stream.receive(message),
      close: async () => {
        if (closed) return;
        closed = true;
        stream.close();
        gate.dispose();
        await this.sync.leaveDoc(workspaceId, docId);
        await workspace.release(docId);
      },
    };
  }

  async close(): Promise<void> {
    await this.sync.close(); // before the workspaces: sync holds their docs
    await this.transfer.close();
    this.members.close();
    this.activity.close();
    await this.workspaces.close();
  }

  /** On the very first start of an installation, a workspace with its welcome guide. */
  private async firstStart(): Promise<void> {
    const path = join(this.options.dataDir, HOST_FILE);
    const seen = await readFile(path, 'utf8').then(() => true, () => false);
    if (seen) return;
    if ((await this.workspaces.list()).length === 0) await this.workspaces.create(DEFAULT_WORKSPACE_NAME);
    await writeJsonAtomic(path, { firstStartAt: Date.now() });
  }

  /** The sync area; joining may rename us (the name asked for on joining), which every workspace then shows. */
  private syncHandlers(): BridgeHandlers['sync'] {
    const handlers = createSyncHandlers(this.sync);
    return {
      ...handlers,
      join: async (args) => {
        const info = await handlers.join(args);
        await this.members.publishProfile();
        this.emitProfile();
        return info;
      },
    };
  }

  /** Tells every window our profile as it is now; returns it. */
  private emitProfile(): MemberProfile {
    const { id, name, color } = this.identity;
    const profile: MemberProfile = { id, name, color };
    for (const listener of [...this.profileListeners]) {
      try {
        listener(profile);
      } catch (error) {
        log.warn('a profile listener failed', error);
      }
    }
    return profile;
  }

  private createHandlers(): BridgeHandlers {
    const { workspaces, identity, options } = this;
    const { requireRole } = this.members;
    return {
      app: {
        info: async () => ({
          version: options.version,
          mode: options.mode,
          platform: process.platform,
          dataDir: options.dataDir,
          me: { id: identity.id, name: identity.name, color: identity.color },
        }),
        openExternal: async ({ url }) => {
          const verdict = checkExternalUrl(url);
          if (!verdict.ok) throw new CommonplaceError('forbidden', `refused to open ${JSON.stringify(url)}: ${verdict.reason}`);
          if (!options.openExternal) throw new CommonplaceError('unavailable', 'this host cannot open links');
          await options.openExternal(verdict.url);
        },
        setProfile: async ({ name, color }) => {
          if (name !== undefined) identity.name = name;
          if (color !== undefined) identity.color = color;
          await saveIdentity(options.dataDir, identity);
          await this.members.publishProfile(); // how every host shows us: our entry in each workspace's members
          return this.emitProfile();
        },
      },
      workspaces: {
        list: () => workspaces.list(),
        create: ({ name }) => workspaces.create(name),
        rename: async ({ workspaceId, name }) => {
          await requireRole(workspaceId, 'renameWorkspace');
          await workspaces.rename(workspaceId, name);
        },
        delete: ({ workspaceId }) => workspaces.delete(workspaceId),
      },
      pages: {
        createFromTemplate: createFromTemplateHandler(workspaces, identity.id, requireRole),
        duplicate: async ({ workspaceId, pageId }) => {
          const workspace = await workspaces.get(workspaceId);
          await requireRole(workspaceId, 'duplicatePage');
          const root = workspace.root.doc;
          if (!getPagesMap(root).has(pageId)) throw new CommonplaceError('not-found', `no page ${pageId}`);
          const copyId = duplicatePageEntry(root, { pageId, by: identity.id, now: Date.now() }, LOCAL);
          await workspace.docs.with(pageId, (source) =>
            workspace.docs.with(copyId, async (copy) => {
              copyContent(source.doc, copy.doc);
              await copy.persisted.whenSaved();
            }),
          );
          return copyId;
        },
      },
      links: this.links.handlers(),
      transfer: this.transfer.handlers(),
      search: createSearchHandlers(workspaces),
      sync: this.syncHandlers(),
      members: this.members.handlers(),
      activity: this.activity.handlers(),
      questions: new QuestionService(workspaces, () => identity.id, requireRole).handlers(),
      attachments: {
        put: async ({ workspaceId, bytes, mime }) => (await workspaces.get(workspaceId)).attachments.put(bytes, mime),
        get: async ({ workspaceId, id }) => (await workspaces.get(workspaceId)).attachments.get(id),
      },
    };
  }
}

/** Copies a page's content as new items (not its history) into another page doc. */
function copyContent(from: Y.Doc, to: Y.Doc): void {
  const source = from.getXmlFragment(PAGE_CONTENT);
  const target = to.getXmlFragment(PAGE_CONTENT);
  // XmlHooks are never produced by the editor; clone() of the rest gives fresh items.
  const nodes = source.toArray().filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook));
  to.transact(() => target.insert(0, nodes.map((node) => node.clone())), LOCAL);
}

/** A page of the workspace, or the comments doc of one. */
const isPageDoc = (pages: Y.Map<unknown>, docId: DocId): boolean => pages.has(docId) || pageOfCommentsDoc(pages.keys(), docId) !== null;

function waitForPage(root: Y.Doc, pageId: DocId): Promise<void> {
  const pages = getPagesMap(root);
  if (isPageDoc(pages, pageId)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!isPageDoc(pages, pageId)) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      log.warn(`refused a stream for unknown doc ${pageId}`);
      reject(new CommonplaceError('not-found', `no page ${pageId} in this workspace`));
    }, PAGE_APPEAR_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      pages.unobserve(check);
    };
    pages.observe(check);
  });
}
