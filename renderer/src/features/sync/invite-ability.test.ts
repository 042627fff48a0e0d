import { describe, expect, it } from 'vitest';
import type { WorkspaceId } from '../../../../shared/ids';
import type { Role } from '../../../../shared/model/members';
import { abilitiesOf } from '../members/members-session';
import { inviteAbility } from './invite-ability';

const WORKSPACE = '0'.repeat(32) as WorkspaceId;
const as = (myRole: Role | null) => inviteAbility(abilitiesOf({ workspaceId: WORKSPACE, myRole, members: [], refusedWrites: 0 }));

describe('inviteAbility', () => {
  it('offers inviting to a steward', () => {
    expect(as('steward')).toEqual({ allowed: true, reason: 'Invite someone to this workspace' });
  });

  it('refuses every other role, saying why', () => {
    for (const role of ['reader', 'commenter', 'contributor'] as const) {
      const ability = as(role);
      expect(ability.allowed).toBe(false);
      expect(ability.reason).toBe(`Only stewards can invite people; you are a ${role}. Ask a steward to invite them.`);
    }
    expect(as(null)).toEqual({ allowed: false, reason: 'Only stewards can invite people; you have no role here yet. Ask a steward to invite them.' });
  });

  it('offers it while our role is loading (the host decides), and not without a workspace', () => {
    expect(inviteAbility(abilitiesOf(null)).allowed).toBe(true);
    expect(inviteAbility(null).allowed).toBe(false);
  });
});
