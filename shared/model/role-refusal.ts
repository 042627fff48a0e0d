/**
 * How a refusal by role reads, the same in the UI's tooltips (renderer role-actions.ts) and in
 * the host's `forbidden` errors (electron/host/members/host-actions.ts):
 * "Only contributors and stewards can import pages; you are a reader."
 */
import { ROLES, type Role } from './members';

export function roleRefusal(least: Role, what: string, role: Role | null): string {
  const you = role === null ? 'you have no role here yet' : `you are a ${role}`;
  return `Only ${rolesFrom(least)} can ${what}; ${you}.`;
}

/** "stewards", "contributors and stewards", ...: the roles from `least` up. */
function rolesFrom(least: Role): string {
  const names = ROLES.slice(ROLES.indexOf(least)).map((role) => `${role}s`);
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}
