/** InviteRoles over the host's MemberService (host/members/member-service.ts) and workspace records. */
import type { Grant } from '../../../shared/crypto/grants';
import type { WorkspaceId } from '../../../shared/ids';
import type { Role } from '../../../shared/model/members';
import type { WorkspaceService } from '../workspace/workspace-service';
import type { InviteRoles } from './invite-service';

/** What invites use of a workspace's auth (WorkspaceAuth has it). */
export interface InviteAuth {
  createInvite(role: Role): Promise<{ seed: string; grant: Grant }>;
  claimInvite(seed: string, grant: Grant): Promise<unknown>;
}

export function inviteRolesOf(members: { forWorkspace(id: WorkspaceId): Promise<InviteAuth> }, workspaces: WorkspaceService): InviteRoles {
  return {
    createInvite: async (workspaceId, role) => {
      const { seed, grant } = await (await members.forWorkspace(workspaceId)).createInvite(role);
      return { seed, grant, anchor: (await workspaces.get(workspaceId)).record.creatorId ?? null };
    },
    claimInvite: async (workspaceId, seed, grant) => {
      await (await members.forWorkspace(workspaceId)).claimInvite(seed, grant);
    },
  };
}
