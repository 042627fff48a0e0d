/**
 * The `members` area of the bridge: who belongs to a workspace and with which role (computed by
 * the host from the signed grants, shared/model/roles.ts), and a steward's changes of roles and
 * removals. Argument schemas (validated in the host) and result shapes.
 */
import * as z from 'zod';
import { isWorkspaceId, type MemberId, type WorkspaceId } from '../ids';
import { ROLES, type Role } from '../model/members';

const workspaceId = z.custom<WorkspaceId>(isWorkspaceId, 'expected a workspace id (32 hex chars)');
const memberId = z.custom<MemberId>((v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v), 'expected a member id (64 hex chars)');

export const membersListArgs = z.object({ workspaceId }).strict();
export const setRoleArgs = z.object({ workspaceId, memberId, role: z.enum(ROLES) }).strict();
export const removeMemberArgs = z.object({ workspaceId, memberId }).strict();

export interface MemberInfo {
  readonly id: MemberId;
  readonly name: string;
  readonly color: string;
  /**
   * `removed`: a former member (it keeps what it had, and gets nothing new). `none`: known by its
   * profile in the workspace doc but holding no grant (it joined before roles were signed, or its
   * claim has not reached us): peers refuse it until a steward gives it a role.
   */
  readonly role: Role | 'removed' | 'none';
  /** When the member first got a role (0 for a creator whose genesis is not known yet). */
  readonly joinedAt: number;
  /** Who invited them (the steward behind their first grant); null for the creator. */
  readonly invitedBy: { readonly id: MemberId; readonly name: string } | null;
  readonly isMe: boolean;
  /** A signed box key is known: a key rotation can reach this member. */
  readonly reachable: boolean;
}

export interface MembersView {
  readonly workspaceId: WorkspaceId;
  /** Our own role; null if we are not (or no longer) a member, or no grant reached us yet. */
  readonly myRole: Role | null;
  readonly members: readonly MemberInfo[];
  /** Writes our own host refused from its renderer (beyond our role) and from peers (beyond theirs). */
  readonly refusedWrites: number;
}

export interface RemovalResult {
  /** Members the new key could not be sealed to (no signed box key known): they must be invited again. */
  readonly unreachable: readonly MemberId[];
}
