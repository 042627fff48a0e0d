/** What our role in the open workspace lets us do (members-session.ts), for components. */
import type { OpenWorkspace } from '../../session/app-controller';
import { useCell } from '../../ui/use-cell';
import type { Abilities } from './members-session';
import { roleAbility, type Ability, type RoleActionName } from './role-actions';

export function useAbilities(open: OpenWorkspace): Abilities {
  return useCell(open.members.abilities);
}

/** Whether one role-bound action is offered, and its tooltip (role-actions.ts); follows role changes. */
export function useRoleAbility(open: OpenWorkspace, action: RoleActionName): Ability {
  return roleAbility(useAbilities(open), action);
}
