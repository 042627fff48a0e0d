/**
 * MemberService: the members and roles of every open workspace of this host — one WorkspaceAuth
 * per workspace (host/sync/auth.ts), attached as the workspace opens (before `get` resolves), so
 * peer sync, the doc streams' write gate and the `members` bridge area all see the same roles.
 *
 * Wiring (host.ts): `members = new MemberService(workspaces, identity)` before the workspaces
 * open; pass `authFor: (id) => members.forWorkspace(id)` to SyncService; `handlers()` is the
 * bridge's `members` area; `writeGate(workspaceId, docId)` guards a renderer's doc stream;
 * `requireRole(workspaceId, action)` guards what the host writes itself (host-actions.ts).
 */
import type * as Y from 'yjs';
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import type { MemberInfo, MembersView } from '../../../shared/bridge/members';
import { CommonplaceError } from '../../../shared/errors';
import type { DocId, MemberId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { FALLBACK_MEMBER_COLOR, listMembers, readMember } from '../../../shared/model/members';
import { WorkspaceAuth, type AuthIdentity } from '../sync/auth';
import type { Identity } from '../workspace/identity';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';
import { hostActionVerdict, type HostAction } from './host-actions';
import { authIdentityOf } from './identity-keys';
import { fileGrantStore, recordKeyHolder, rememberAnchor } from './workspace-keys';
import { WriteGate } from './write-gate';

const log = createLogger('members');

export class MemberService {
  private readonly auths = new Map<WorkspaceId, Promise<WorkspaceAuth>>();
  private readonly keys: Promise<AuthIdentity>;
  private readonly gates = new Set<WriteGate>();
  private readonly unhook: () => void;

  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly identity: Identity,
  ) {
    this.keys = authIdentityOf(identity);
    this.unhook = workspaces.onDidOpen((workspace) => this.attach(workspace));
  }

  /** The workspace's auth (opening the workspace if needed). */
  async forWorkspace(workspaceId: WorkspaceId): Promise<WorkspaceAuth> {
    const attached = this.auths.get(workspaceId);
    if (attached) return attached;
    await this.workspaces.get(workspaceId); // its open hook attaches it
    const auth = this.auths.get(workspaceId);
    if (!auth) throw new CommonplaceError('unavailable', `workspace ${workspaceId} has no members yet`);
    return auth;
  }

  /** The gate for what a renderer's stream of `docId` may write: our own member's role, honestly applied. */
  async writeGate(workspaceId: WorkspaceId, docId: DocId, doc: Y.Doc): Promise<WriteGate> {
    const workspace = await this.workspaces.get(workspaceId);
    const gate = new WriteGate(await this.forWorkspace(workspaceId), workspace.root.doc, docId, doc, () => this.gates.delete(gate));
    this.gates.add(gate);
    return gate;
  }

  /**
   * Refuses (`forbidden`), before anything is written, a host-side action our own member's role
   * may not make in this workspace — the policy peers apply to us, so we never store what they
   * would refuse. Call it first in every handler that writes a workspace's docs with LOCAL.
   * NOTE: checked when the action starts; a role lowered while a long import runs is not re-checked.
   */
  readonly requireRole = async (workspaceId: WorkspaceId, action: HostAction): Promise<void> => {
    const role = (await this.forWorkspace(workspaceId)).myRole;
    const verdict = hostActionVerdict(role, action);
    if (verdict.ok) return;
    log.debug(`refused ${action} in ${workspaceId} as ${role ?? 'no member'}`);
    throw new CommonplaceError('forbidden', verdict.reason);
  };

  async view(workspaceId: WorkspaceId): Promise<MembersView> {
    const auth = await this.forWorkspace(workspaceId);
    const workspace = await this.workspaces.get(workspaceId);
    const doc = workspace.root.doc;
    const nameOf = (id: string): string => (id === auth.me ? this.identity.name : readMember(doc, id as MemberId)?.name) || `Member ${id.slice(0, 6)}`;
    const members: MemberInfo[] = [];
    for (const entry of auth.roles().members()) {
      const profile = readMember(doc, entry.id as MemberId);
      const isMe = entry.id === auth.me;
      members.push({
        id: entry.id as MemberId,
        name: nameOf(entry.id),
        color: isMe ? this.identity.color : (profile?.color ?? FALLBACK_MEMBER_COLOR),
        role: entry.role === 'removed' ? 'removed' : entry.role,
        joinedAt: entry.since,
        invitedBy: entry.invitedBy ? { id: entry.invitedBy as MemberId, name: nameOf(entry.invitedBy) } : null,
        isMe,
        reachable: (await auth.boxKeyOf(entry.id)) !== null,
      });
    }
    // Members known only by their profile: no grant (yet). A steward can give them a role.
    const granted = new Set(members.map((m) => m.id));
    for (const profile of listMembers(doc)) {
      if (granted.has(profile.id) || auth.roles().get(profile.id)?.invite) continue;
      members.push({ id: profile.id, name: nameOf(profile.id), color: profile.color, role: 'none', joinedAt: profile.joinedAt, invitedBy: null, isMe: profile.id === auth.me, reachable: (await auth.boxKeyOf(profile.id)) !== null });
    }
    const refusedWrites = [...this.gates].filter((g) => g.workspaceId === workspaceId).reduce((n, g) => n + g.refused, 0);
    return { workspaceId, myRole: auth.myRole, members, refusedWrites };
  }

  handlers(): BridgeHandlers['members'] {
    return {
      list: ({ workspaceId }) => this.view(workspaceId),
      setRole: async ({ workspaceId, memberId, role }) => {
        await (await this.forWorkspace(workspaceId)).setRole(memberId, role);
      },
      remove: async ({ workspaceId, memberId }) => {
        const auth = await this.forWorkspace(workspaceId);
        if (memberId === auth.me) throw new CommonplaceError('invalid-argument', 'a steward cannot remove themselves; ask another steward');
        await auth.setRole(memberId, 'removed');
        const { unreachable } = await auth.keys.rotate();
        return { unreachable: unreachable as MemberId[] };
      },
    };
  }

  /**
   * Publishes this member's profile (after a change of name or colour) in every open workspace;
   * a workspace opened later publishes it as it opens (WorkspaceAuth.publishOwnProfile).
   */
  async publishProfile(): Promise<void> {
    const auths = await Promise.all([...this.auths.values()].map((opening) => opening.catch(() => null)));
    for (const auth of auths) auth?.publishOwnProfile();
  }

  close(): void {
    this.unhook();
  }

  private async attach(workspace: OpenWorkspace): Promise<void> {
    if (this.auths.has(workspace.id)) return;
    const opening = this.keys.then(async (identity) =>
      WorkspaceAuth.open({
        workspaceId: workspace.id,
        doc: workspace.root.doc,
        identity,
        anchor: workspace.record.creatorId ?? null,
        onAnchor: (anchor) => void rememberAnchor(workspace, anchor).catch((error: unknown) => log.error('could not record the anchor', error)),
        store: fileGrantStore(workspace.dir),
        keyHolder: recordKeyHolder(workspace),
      }),
    );
    this.auths.set(workspace.id, opening);
    opening.catch((error: unknown) => {
      log.error(`members of ${workspace.id} could not be read`, error);
      this.auths.delete(workspace.id);
    });
    workspace.onWillClose(async () => {
      this.auths.delete(workspace.id);
      (await opening.catch(() => null))?.dispose();
    });
    await opening;
  }
}
