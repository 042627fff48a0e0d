/**
 * The members of the open workspace and our own role in it, as the host computes them from the
 * signed grants (bridge `members.list`), for the members dialog and for offering each role what
 * it may do. Asked again whenever the workspace doc's grants or member profiles change (the
 * renderer holds a replica), and every few seconds while we have no role yet (a joiner waiting
 * for its grant to arrive).
 */
import type * as Y from 'yjs';
import type { Bridge } from '../../../../shared/bridge/client';
import type { MembersView, RemovalResult } from '../../../../shared/bridge/members';
import type { MemberId, WorkspaceId } from '../../../../shared/ids';
import { createLogger } from '../../../../shared/log';
import { getMembersMap, type Role } from '../../../../shared/model/members';
import { getGrantsMap } from '../../../../shared/model/roles';
import { mayWrite } from '../../../../shared/model/roles-policy';
import { StateCell } from '../../session/state-cell';

const log = createLogger('members');
/** Changes to grants and profiles come in bursts (a handshake writes several): ask once per burst. */
export const REFRESH_DEBOUNCE_MS = 150;
/** Without a role yet, look again this often. */
export const NO_ROLE_POLL_MS = 5_000;

/** What our role lets us do here. `loading`: not known yet (the host enforces it anyway). */
export interface Abilities {
  readonly role: Role | null;
  readonly loading: boolean;
  readonly editPages: boolean;
  readonly comment: boolean;
  readonly steward: boolean;
}

export function abilitiesOf(view: MembersView | null): Abilities {
  // Until the host answers, offer what a contributor may: nothing is lost, the host gate decides.
  if (view === null) return { role: null, loading: true, editPages: true, comment: true, steward: false };
  const role = view.myRole;
  return { role, loading: false, editPages: mayWrite(role, 'page'), comment: mayWrite(role, 'comments'), steward: role === 'steward' };
}

export class MembersSession {
  readonly view = new StateCell<MembersView | null>(null);
  readonly abilities = new StateCell<Abilities>(abilitiesOf(null));
  /** The members dialog is open. */
  readonly dialog = new StateCell(false);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly poll: ReturnType<typeof setInterval>;
  private readonly disposers: Array<() => void> = [];
  private destroyed = false;

  constructor(
    private readonly bridge: Bridge,
    readonly workspaceId: WorkspaceId,
    workspaceDoc: Y.Doc,
    private readonly report: (error: unknown) => void,
  ) {
    const soon = () => {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        void this.refresh();
      }, REFRESH_DEBOUNCE_MS);
    };
    for (const map of [getGrantsMap(workspaceDoc), getMembersMap(workspaceDoc)]) {
      map.observeDeep(soon);
      this.disposers.push(() => map.unobserveDeep(soon));
    }
    this.poll = setInterval(() => {
      if (this.view.get()?.myRole === null) void this.refresh();
    }, NO_ROLE_POLL_MS);
    void this.refresh();
  }

  get myRole(): Role | null {
    return this.view.get()?.myRole ?? null;
  }

  async refresh(): Promise<void> {
    try {
      const view = await this.bridge.members.list({ workspaceId: this.workspaceId });
      if (this.destroyed) return;
      this.view.set(view);
      const next = abilitiesOf(view);
      const now = this.abilities.get();
      if (JSON.stringify(next) !== JSON.stringify(now)) this.abilities.set(next);
    } catch (error) {
      log.warn('could not list members', error);
    }
  }

  async setRole(memberId: MemberId, role: Role): Promise<void> {
    try {
      await this.bridge.members.setRole({ workspaceId: this.workspaceId, memberId, role });
    } catch (error) {
      this.report(error);
    }
    await this.refresh();
  }

  async remove(memberId: MemberId): Promise<RemovalResult | null> {
    try {
      return await this.bridge.members.remove({ workspaceId: this.workspaceId, memberId });
    } catch (error) {
      this.report(error);
      return null;
    } finally {
      await this.refresh();
    }
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.poll);
    for (const dispose of this.disposers.splice(0)) dispose();
  }
}
