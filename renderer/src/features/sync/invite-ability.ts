/**
 * Whether the Invite actions are offered, and the tooltip that says why not. Only a steward signs
 * the role grant an invite carries; the host refuses anyone else ("only a steward may invite"),
 * so the UI offers inviting to stewards only, and follows our role as it changes.
 */
import type { Abilities } from '../members/members-session';

export interface InviteAbility {
  readonly allowed: boolean;
  /** The tooltip: what the action does, or why it is not offered. */
  readonly reason: string;
}

const ALLOWED: InviteAbility = { allowed: true, reason: 'Invite someone to this workspace' };

export function inviteAbility(abilities: Abilities | null): InviteAbility {
  if (abilities === null) return { allowed: false, reason: 'Open a workspace to invite people to it' };
  // Our role is not known yet: offer it, as abilitiesOf offers editing; the host decides anyway.
  if (abilities.loading || abilities.steward) return ALLOWED;
  const you = abilities.role === null ? 'you have no role here yet' : `you are a ${abilities.role}`;
  return { allowed: false, reason: `Only stewards can invite people; ${you}. Ask a steward to invite them.` };
}
