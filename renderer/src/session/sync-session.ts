/**
 * Peer sync as the member sees it: the open workspace's sync status (refreshed when the host says
 * it changed), who is here (the workspace doc's awareness), the Share / Join / Peers dialogs, and
 * the calls behind them. The host does the work (`sync` area of the bridge).
 *
 * Each window publishes which page it shows in the workspace doc's awareness (`page`), so the
 * presence list can say who is on which page.
 */
import type { InviteCreated, SyncStatus, WorkspaceSyncSettings } from '../../../shared/bridge/sync';
import type { Role } from '../../../shared/model/members';
import { createLogger } from '../../../shared/log';
import type { AppController } from './app-controller';
import { PAGE_FIELD, watchPresence, type PresentMember } from './presence';
import { StateCell } from './state-cell';

const log = createLogger('sync-session');

export type SyncDialog = { readonly kind: 'share' } | { readonly kind: 'join'; readonly initial: string } | { readonly kind: 'peers' };

export class SyncSession {
  readonly status = new StateCell<SyncStatus | null>(null);
  readonly present = new StateCell<readonly PresentMember[]>([]);
  readonly dialog = new StateCell<SyncDialog | null>(null);
  private readonly disposers: Array<() => void> = [];
  private unwatchPresence: (() => void) | null = null;
  private refreshing = false;
  private refreshAgain = false;

  // NOTE: constructed in AppController's field initialisers, before its `bridge` is set: touch
  // the bridge only in methods.
  constructor(private readonly app: AppController) {}

  start(): void {
    const { bridge } = this.app;
    this.disposers.push(
      bridge.sync.onDidChange(({ workspaceId }) => {
        if (workspaceId === this.workspaceId) void this.refresh();
      }),
      bridge.sync.onDidReceiveInvite(({ link }) => this.openJoin(link)),
      this.app.workspace.subscribe(() => this.followWorkspace()),
      this.app.page.subscribe(() => this.publishPage()),
    );
    this.followWorkspace();
    bridge.sync.takeInvite().then(
      (link) => link !== null && this.openJoin(link),
      (error: unknown) => log.debug('no invite to take', error),
    );
  }

  private get workspaceId() {
    return this.app.workspace.get()?.session.workspaceId ?? null;
  }

  // ---- dialogs ----

  openShare(): void {
    this.dialog.set({ kind: 'share' });
  }

  openJoin(initial = ''): void {
    this.dialog.set({ kind: 'join', initial });
  }

  openPeers(): void {
    this.dialog.set({ kind: 'peers' });
  }

  closeDialog(): void {
    this.dialog.set(null);
  }

  // ---- calls ----

  async createInvite(role: Role): Promise<InviteCreated> {
    const workspaceId = this.workspaceId;
    if (workspaceId === null) throw new Error('no workspace is open');
    return this.app.bridge.sync.createInvite({ workspaceId, role });
  }

  /** Joins, then opens the workspace: its pages arrive as sync catches up. */
  async join(invite: string, name: string): Promise<void> {
    const info = await this.app.bridge.sync.join({ invite, name });
    this.closeDialog();
    const me = this.app.state.get().me;
    if (me !== null && me.name !== name) this.app.state.patch({ me: { ...me, name } });
    this.app.state.patch({ workspaces: [...this.app.state.get().workspaces.filter((w) => w.id !== info.id), info] });
    this.app.openWorkspace(info.id);
  }

  async addPeer(address: string): Promise<void> {
    await this.app.bridge.sync.addPeer({ address });
    await this.refresh();
  }

  async settings(): Promise<WorkspaceSyncSettings | null> {
    const workspaceId = this.workspaceId;
    return workspaceId === null ? null : this.app.bridge.sync.settings({ workspaceId });
  }

  async saveSettings(settings: WorkspaceSyncSettings): Promise<WorkspaceSyncSettings | null> {
    const workspaceId = this.workspaceId;
    if (workspaceId === null) return null;
    const saved = await this.app.bridge.sync.setSettings({ workspaceId, settings });
    await this.refresh();
    return saved;
  }

  /** Asks the host for the status again; calls while one runs coalesce into one more. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        const workspaceId = this.workspaceId;
        if (workspaceId === null) {
          this.status.set(null);
          continue;
        }
        const status = await this.app.bridge.sync.status({ workspaceId });
        if (this.workspaceId === workspaceId) this.status.set(status);
      } while (this.refreshAgain);
    } catch (error) {
      log.debug('could not read the sync status', error);
    } finally {
      this.refreshing = false;
    }
  }

  destroy(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.unwatchPresence?.();
    this.unwatchPresence = null;
  }

  // ---- following the open workspace and page ----

  private followWorkspace(): void {
    this.unwatchPresence?.();
    this.unwatchPresence = null;
    this.present.set([]);
    this.status.set(null);
    const open = this.app.workspace.get();
    const me = this.app.state.get().me;
    if (open === null || me === null) return;
    this.unwatchPresence = watchPresence(open.session.session.awareness, me.id, (members) => this.present.set(members));
    this.publishPage();
    void this.refresh();
  }

  private publishPage(): void {
    const awareness = this.app.workspace.get()?.session.session.awareness;
    awareness?.setLocalStateField(PAGE_FIELD, this.app.page.get()?.pageId ?? null);
  }
}
