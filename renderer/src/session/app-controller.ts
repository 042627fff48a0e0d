/**
 * The application's behaviour, outside React: the workspace list, which workspace and page are
 * open (their sessions' lifecycles follow the route), and the commands the UI and the keyboard
 * shortcuts call. Components read its cells and call its methods; they decide nothing.
 */
import type { Bridge } from '../../../shared/bridge/client';
import type { MemberProfile, WorkspaceInfo } from '../../../shared/bridge/contract';
import type { PageId, WorkspaceId } from '../../../shared/ids';
import { CommentsSession } from './comments-session';
import { clearWorkspaceCache, DocSession } from './doc-session';
import { readSetting, writeSetting } from './local-settings';
import { CommandRegistry } from './commands';
import { Router, type Route, type View } from './router';
import { withTestMember } from './test-identity';
import { SearchSession } from './search-session';
import { StateCell } from './state-cell';
import { SyncSession } from './sync-session';
import { TemplatePicker } from './template-picker';
import { TransferSession } from './transfer-session';
import { ThemeController } from './theme';
import { Toasts } from './toasts';
import { TreeViewState } from './tree-view-state';
import { WorkspaceSession } from './workspace-session';
import { MembersSession } from '../features/members/members-session';
import { mayWriteThisPage } from '../features/members/page-writing';

export interface AppState {
  readonly phase: 'loading' | 'ready' | 'failed';
  readonly me: MemberProfile | null;
  readonly workspaces: readonly WorkspaceInfo[];
  /** The transport reaches the host. */
  readonly hostConnected: boolean;
  readonly failure: string | null;
}

/** The open workspace with its sidebar view state. */
export interface OpenWorkspace {
  readonly session: WorkspaceSession;
  readonly treeView: TreeViewState;
  /** Members and our own role (what the UI offers us). */
  readonly members: MembersSession;
}

/** The open page. */
export interface OpenPage {
  readonly pageId: PageId;
  readonly session: DocSession;
  /** The page's comments doc, opened alongside (comments, a question's answers). */
  readonly comments: CommentsSession;
}

/**
 * The profile the host announced, if it is ours to show: null before we know who we are (app.info
 * brings it then), or when a test member stands in for the host's identity (test-identity.ts).
 */
export function profileToApply(me: MemberProfile | null, announced: MemberProfile): MemberProfile | null {
  return me !== null && me.id === announced.id ? announced : null;
}

const LAST_WORKSPACE = 'lastWorkspace';
const SIDEBAR = 'sidebarOpen';

export class AppController {
  readonly state = new StateCell<AppState>({ phase: 'loading', me: null, workspaces: [], hostConnected: true, failure: null });
  readonly router = new Router();
  readonly toasts = new Toasts();
  readonly theme = new ThemeController();
  readonly workspace = new StateCell<OpenWorkspace | null>(null);
  readonly page = new StateCell<OpenPage | null>(null);
  readonly sidebarOpen = new StateCell(readSetting(SIDEBAR) !== 'false');
  /** A page just created here: its title field takes the focus once. */
  readonly freshPage = new StateCell<PageId | null>(null);
  /** "New page from template…" (features/templates). */
  readonly templates = new TemplatePicker(this);
  /** Commands of the command palette (Ctrl/Cmd+P); features add theirs. */
  readonly commands = new CommandRegistry();
  /** Quick switcher, command palette and the search view (features/search). */
  readonly search = new SearchSession(this);
  /** Markdown import and export: progress and reports (features/transfer). */
  readonly transfer = new TransferSession(this);
  /** Peer sync: status, presence, invites and joining (features/sync). */
  readonly sync = new SyncSession(this);
  private readonly disposers: Array<() => void> = [];
  private treeUnsubscribe: (() => void) | null = null;

  constructor(readonly bridge: Bridge) {}

  async start(): Promise<void> {
    this.disposers.push(
      this.router.route.subscribe(() => this.reconcile()),
      this.bridge.onConnectionChange((hostConnected) => {
        this.state.patch({ hostConnected });
        if (hostConnected) void this.refreshWorkspaces();
      }),
      this.bridge.workspaces.onDidChange((workspaces) => this.setWorkspaces(workspaces)),
      this.bridge.app.onDidChangeProfile((profile) => this.applyProfile(profile)),
    );
    try {
      const [info, workspaces] = await Promise.all([this.bridge.app.info(), this.bridge.workspaces.list()]);
      this.state.patch({ phase: 'ready', me: withTestMember(info.me), workspaces });
    } catch (error) {
      this.state.patch({ phase: 'failed', failure: error instanceof Error ? error.message : String(error) });
      return;
    }
    this.reconcile();
    this.sync.start();
  }

  // ---- navigation -------------------------------------------------------------------------------

  get route(): Route {
    return this.router.route.get();
  }

  openWorkspace(workspaceId: WorkspaceId): void {
    this.router.navigate({ workspaceId, view: { kind: 'home' } });
  }

  openPage(pageId: PageId): void {
    const workspaceId = this.route.workspaceId;
    if (workspaceId !== null) this.router.navigate({ workspaceId, view: { kind: 'page', pageId } });
  }

  openTrash(): void {
    const workspaceId = this.route.workspaceId;
    if (workspaceId !== null) this.router.navigate({ workspaceId, view: { kind: 'trash' } });
  }

  toggleSidebar(): void {
    const open = !this.sidebarOpen.get();
    this.sidebarOpen.set(open);
    writeSetting(SIDEBAR, String(open));
  }

  // ---- workspaces -------------------------------------------------------------------------------

  async createWorkspace(name: string): Promise<void> {
    try {
      const info = await this.bridge.workspaces.create({ name });
      this.setWorkspaces([...this.state.get().workspaces.filter((w) => w.id !== info.id), info]);
      this.openWorkspace(info.id);
    } catch (error) {
      this.toasts.error(error);
    }
  }

  async renameWorkspace(workspaceId: WorkspaceId, name: string): Promise<void> {
    try {
      await this.bridge.workspaces.rename({ workspaceId, name });
      await this.refreshWorkspaces();
    } catch (error) {
      this.toasts.error(error);
    }
  }

  async deleteWorkspace(workspaceId: WorkspaceId): Promise<void> {
    try {
      if (this.workspace.get()?.session.workspaceId === workspaceId) this.closeWorkspace();
      await this.bridge.workspaces.delete({ workspaceId });
      await clearWorkspaceCache(workspaceId);
      this.setWorkspaces(this.state.get().workspaces.filter((w) => w.id !== workspaceId));
    } catch (error) {
      this.toasts.error(error);
      this.reconcile();
    }
  }

  // ---- pages ------------------------------------------------------------------------------------

  /** Creates a page (under `parentId`, last; or at the top level) and opens it. */
  newPage(parentId: PageId | null = null): void {
    const open = this.workspace.get();
    if (open === null) return;
    const pageId = open.session.createPage({ parentId });
    if (pageId === null) return;
    if (parentId !== null) open.treeView.setExpanded(parentId, true);
    this.freshPage.set(pageId);
    this.openPage(pageId);
  }

  async duplicatePage(pageId: PageId): Promise<void> {
    const copy = await this.workspace.get()?.session.duplicate(pageId);
    if (copy) this.openPage(copy);
  }

  destroy(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.search.destroy();
    this.transfer.destroy();
    this.sync.destroy();
    this.closeWorkspace();
    this.router.destroy();
    this.theme.destroy();
    this.toasts.destroy();
  }

  /**
   * Our profile changed in the host (`app.setProfile`, or the name given on joining): the sidebar,
   * our awareness in every open doc (presence, remote carets) and the author names follow, no
   * reload. Sessions opened later take it from `state.me`.
   */
  applyProfile(profile: MemberProfile): void {
    if (profileToApply(this.state.get().me, profile) === null) return;
    this.state.patch({ me: profile });
    this.workspace.get()?.session.setProfile(profile);
    const page = this.page.get();
    page?.session.setProfile(profile);
    page?.comments.setProfile(profile);
  }

  // ---- sessions follow the route ----------------------------------------------------------------

  private async refreshWorkspaces(): Promise<void> {
    try {
      this.setWorkspaces(await this.bridge.workspaces.list());
    } catch (error) {
      this.toasts.error(error);
    }
  }

  private setWorkspaces(workspaces: readonly WorkspaceInfo[]): void {
    this.state.patch({ workspaces });
    this.reconcile();
  }

  /** Makes the open sessions match the route, redirecting when the route names nothing usable. */
  private reconcile(): void {
    const { phase, workspaces, me } = this.state.get();
    if (phase !== 'ready' || me === null) return;
    const route = this.route;
    const known = (id: string | null) => workspaces.some((w) => w.id === id);
    if (!known(route.workspaceId)) {
      const last = readSetting(LAST_WORKSPACE);
      const fallback = known(last) ? (last as WorkspaceId) : (workspaces[0]?.id ?? null);
      if (fallback !== route.workspaceId) {
        this.router.navigate({ workspaceId: fallback, view: { kind: 'home' } }, { replace: true });
        return; // navigating re-enters reconcile
      }
      this.closeWorkspace();
      return;
    }
    const workspaceId = route.workspaceId as WorkspaceId;
    writeSetting(LAST_WORKSPACE, workspaceId);
    if (this.workspace.get()?.session.workspaceId !== workspaceId) this.openWorkspaceSession(workspaceId, me);
    this.reconcilePage(route.view);
  }

  private openWorkspaceSession(workspaceId: WorkspaceId, me: MemberProfile): void {
    this.closeWorkspace();
    const session = new WorkspaceSession(this.bridge, workspaceId, me, this.toasts.error);
    const members = new MembersSession(this.bridge, workspaceId, session.session.doc, this.toasts.error);
    session.mayEditPages = () => members.abilities.get().editPages; // the host refuses it anyway: say so before writing
    session.mayWritePage = (pageId) => mayWriteThisPage(members.abilities.get(), session.getTree().byId.get(pageId)?.page, me.id);
    this.workspace.set({ session, treeView: new TreeViewState(workspaceId), members });
    this.treeUnsubscribe = session.subscribe(() => this.reconcilePage(this.route.view));
  }

  /** Opens the routed page once the tree knows it (a stream for an unknown page is refused). */
  private reconcilePage(view: View): void {
    const open = this.workspace.get();
    const me = this.state.get().me;
    const wanted = view.kind === 'page' && open?.session.getTree().byId.has(view.pageId) ? view.pageId : null;
    const current = this.page.get();
    if (current?.pageId === wanted) return;
    current?.comments.destroy();
    current?.session.destroy();
    if (wanted === null || open === null || me === null) {
      this.page.set(null);
      return;
    }
    const session = new DocSession({ bridge: this.bridge, workspaceId: open.session.workspaceId, docId: wanted, kind: 'page', me });
    const comments = new CommentsSession({
      bridge: this.bridge,
      workspaceId: open.session.workspaceId,
      pageId: wanted,
      page: session,
      workspaceDoc: open.session.session,
      me,
      report: this.toasts.error,
    });
    comments.mayWrite = () => open.members.abilities.get().comment;
    this.page.set({ pageId: wanted, session, comments });
    open.treeView.reveal(open.session.getTree(), wanted);
    open.treeView.focused.set(wanted);
  }

  private closeWorkspace(): void {
    this.page.get()?.comments.destroy();
    this.page.get()?.session.destroy();
    this.page.set(null);
    this.treeUnsubscribe?.();
    this.treeUnsubscribe = null;
    this.workspace.get()?.members.destroy();
    this.workspace.get()?.session.destroy();
    this.workspace.set(null);
  }
}
