/**
 * Whether the Invite actions are offered, and the tooltip that says why not. Only a steward signs
 * the role grant an invite carries; the host refuses anyone else ("only a steward may invite"),
 * so the UI offers inviting to stewards only, and follows our role as it changes.
 */
import type { Abilities } from '../members/members-session';
import { roleAbility, type Ability } from '../members/role-actions';

export type InviteAbility = Ability;

export function inviteAbility(abilities: Abilities | null): InviteAbility {
  return roleAbility(abilities, 'invite');
}
