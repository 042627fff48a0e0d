/**
 * Start here, for the open workspace: the pinned onboarding page and the good first
 * contributions (read from the workspace doc replica, shared/model/start-here.ts), who this member
 * is here (role and joined date, from the host's role table: `members.list`), and so whether they
 * are a newcomer, and whether they may pin and mark (stewards; before any role is known, the
 * workspace's creator). The writes go through shared/model with the LOCAL origin, as every
 * workspace-doc write of the renderer does; the host's write gate and honest peers check the role.
 */
import type { Bridge } from '../../../../shared/bridge/client';
import type { MemberProfile } from '../../../../shared/bridge/contract';
import type { PageId } from '../../../../shared/ids';
import { getMembersMap, getMeta, type PageTree, type Role } from '../../../../shared/model';
import { getGrantsMap } from '../../../../shared/model/roles';
import { isGoodFirst, isNewcomer, listGoodFirst, readStartHere, setGoodFirst, setStartHere } from '../../../../shared/model/start-here';
import { createLogger } from '../../../../shared/log';
import { LOCAL } from '../../session/origins';
import { StateCell } from '../../session/state-cell';
import type { ErrorSink, WorkspaceSession } from '../../session/workspace-session';

const log = createLogger('start-here');
/** Role-table changes come in bursts (a handshake writes several grants): ask once they settle. */
const SETTLE_MS = 300;

export interface Standing {
  readonly role: Role | null;
  readonly joinedAt: number | null;
}

export interface StartHereView {
  readonly pinned: PageId | null;
  readonly goodFirst: readonly PageId[];
  readonly newcomer: boolean;
  readonly canSteward: boolean;
}

export class StartHereSession {
  /** Null until the host has answered. */
  readonly standing = new StateCell<Standing | null>(null);
  private cached: { tree: PageTree; standing: Standing | null; view: StartHereView } | null = null;
  private readonly disposers: Array<() => void> = [];
  private settle: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly workspace: WorkspaceSession,
    private readonly me: MemberProfile,
    private readonly report: ErrorSink,
  ) {
    const doc = workspace.session.doc;
    const onRoles = () => {
      if (this.settle !== null) clearTimeout(this.settle);
      this.settle = setTimeout(() => void this.refresh(), SETTLE_MS);
    };
    for (const map of [getGrantsMap(doc), getMembersMap(doc)]) {
      map.observeDeep(onRoles);
      this.disposers.push(() => map.unobserveDeep(onRoles));
    }
    this.disposers.push(() => {
      if (this.settle !== null) clearTimeout(this.settle);
    });
    void this.refresh();
  }

  /** Re-renders on tree, meta and standing changes. */
  readonly subscribe = (listener: () => void): (() => void) => {
    const a = this.workspace.subscribe(listener);
    const b = this.standing.subscribe(listener);
    return () => {
      a();
      b();
    };
  };

  /** The same object while nothing it depends on changed (useSyncExternalStore wants that). */
  readonly getView = (): StartHereView => {
    const tree = this.workspace.getTree();
    const standing = this.standing.get();
    if (this.cached?.tree === tree && this.cached.standing === standing) return this.cached.view;
    const doc = this.workspace.session.doc;
    const role = standing?.role ?? null;
    const view: StartHereView = {
      pinned: readStartHere(doc, tree),
      goodFirst: listGoodFirst(doc, tree),
      newcomer: standing !== null && isNewcomer(role, standing.joinedAt, Date.now()),
      canSteward: role === 'steward' || (role === null && getMeta(doc)?.createdBy === this.me.id),
    };
    this.cached = { tree, standing, view };
    return view;
  };

  isGoodFirst(pageId: PageId): boolean {
    return isGoodFirst(this.workspace.session.doc, pageId);
  }

  pin(pageId: PageId | null): void {
    this.attempt(() => setStartHere(this.workspace.session.doc, this.workspace.getTree(), pageId, LOCAL));
  }

  setGoodFirst(pageId: PageId, goodFirst: boolean): void {
    this.attempt(() => setGoodFirst(this.workspace.session.doc, pageId, goodFirst, LOCAL));
  }

  async refresh(): Promise<void> {
    try {
      const view = await this.bridge.members.list({ workspaceId: this.workspace.workspaceId });
      const mine = view.members.find((member) => member.isMe);
      this.standing.set({ role: view.myRole, joinedAt: mine?.joinedAt ?? null });
    } catch (error) {
      // No role table (yet): nobody is a newcomer by role, and the creator may still pin.
      log.debug('members unknown', error);
      this.standing.set({ role: null, joinedAt: null });
    }
  }

  destroy(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private attempt(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.report(error);
    }
  }
}

const sessions = new WeakMap<WorkspaceSession, StartHereSession>();

/** The one StartHereSession of a workspace session (made on first use). */
export function startHereOf(bridge: Bridge, workspace: WorkspaceSession, me: MemberProfile, report: ErrorSink): StartHereSession {
  let session = sessions.get(workspace);
  if (session === undefined) {
    session = new StartHereSession(bridge, workspace, me, report);
    sessions.set(workspace, session);
  }
  return session;
}
