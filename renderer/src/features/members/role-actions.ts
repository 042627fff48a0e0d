/**
 * Which role-bound actions the UI offers, and the tooltip that says why not (issue 5: "the UI
 * offers each role what it may do"). The host and honest peers refuse what a role may not write
 * (shared/model/roles-policy.ts) whatever the UI does; this only spares a member the click that
 * ends in a refusal. It follows our role as it changes: components read `Abilities` from the
 * members session's cell.
 *
 * Where an action shows: menus and buttons offer it disabled, with the reason as the tooltip (the
 * project's choice: a member learns what a role allows and whom to ask); the command palette,
 * which lists what can be done now, leaves it out, as Obsidian's and VS Code's palettes leave out
 * commands that do not apply. The least role of each action comes from the write policy where a
 * section of the workspace doc decides it, so the two cannot drift apart.
 */
import { roleAtLeast, type Role } from '../../../../shared/model/members';
import { roleRefusal } from '../../../../shared/model/role-refusal';
import { ASK_ROLE, leastRoleToChange } from '../../../../shared/model/roles-policy';
import { WORKSPACE_META, WORKSPACE_PAGES } from '../../../../shared/model/schema';
import type { MenuEntry } from '../../ui/Menu';
import type { Abilities } from './members-session';

type MenuItem = Exclude<MenuEntry, 'separator'>;

export interface Ability {
  readonly allowed: boolean;
  /** The tooltip: what the action does, or why it is not offered. */
  readonly reason: string;
}

interface RoleAction {
  /** The least role that may do it. */
  readonly least: Role;
  /** The tooltip while it is offered. */
  readonly does: string;
  /** What only those roles can do, after "can". */
  readonly what: string;
  /** Said after the refusal: what to do instead. */
  readonly instead?: string;
  /** The tooltip with no workspace open. */
  readonly outside?: string;
}

export const ROLE_ACTIONS = {
  /** Only a steward signs the role grant an invite carries (the host refuses anyone else). */
  invite: {
    least: 'steward',
    does: 'Invite someone to this workspace',
    what: 'invite people',
    instead: 'Ask a steward to invite them.',
    outside: 'Open a workspace to invite people to it',
  },
  /** The name is in the workspace doc's meta. */
  renameWorkspace: { least: leastRoleToChange(WORKSPACE_META), does: 'Rename this workspace', what: 'rename the workspace' },
  /** Import writes new pages. */
  importMarkdown: { least: leastRoleToChange(WORKSPACE_PAGES), does: 'Import a folder of Markdown notes as pages', what: 'import pages' },
  /** New, renamed, moved, duplicated, trashed or restored pages, templates: the page tree. */
  changePages: { least: leastRoleToChange(WORKSPACE_PAGES), does: 'Change the pages of this workspace', what: 'add, rename, move or trash pages' },
  /**
   * A question is a page of its own (its answers are comments). Asking is at the edge of taking
   * part, so the policy lets a commenter add a question page of its own, and write it (issue 5).
   */
  askQuestion: {
    least: ASK_ROLE,
    does: 'Ask the community a question',
    what: 'ask a question',
    instead: 'A steward can make you a commenter.',
  },
  /**
   * The Start here pin is in meta. Good first contributions are a page field, which the policy
   * lets contributors write; choosing them is a steward's, as is the pin (issue 5).
   */
  startHere: { least: leastRoleToChange(WORKSPACE_META), does: 'Choose where newcomers start', what: 'choose where newcomers start' },
} as const satisfies Record<string, RoleAction>;

export type RoleActionName = keyof typeof ROLE_ACTIONS;

/** Whether `action` is offered to us (null: no workspace open), and its tooltip. */
export function roleAbility(abilities: Abilities | null, action: RoleActionName): Ability {
  const spec: RoleAction = ROLE_ACTIONS[action];
  if (abilities === null) return { allowed: false, reason: spec.outside ?? 'Open a workspace first' };
  // Our role is not known yet: offer it, as abilitiesOf offers editing; the host decides anyway.
  if (abilities.loading || (abilities.role !== null && roleAtLeast(abilities.role, spec.least))) return { allowed: true, reason: spec.does };
  const refusal = roleRefusal(spec.least, spec.what, abilities.role);
  return { allowed: false, reason: spec.instead === undefined ? refusal : `${refusal} ${spec.instead}` };
}

/** A button's `disabled` and `title` for an action `ability` governs: its own tooltip if allowed, else why not. */
export function gatedButton(ability: Ability, title?: string): { disabled: boolean; title: string | undefined } {
  return ability.allowed ? { disabled: false, title } : { disabled: true, title: ability.reason };
}

/** A menu entry offered only when `ability` allows it: disabled otherwise, its tooltip saying why. */
export function gated(entry: MenuItem, ability: Ability): MenuItem {
  return ability.allowed ? entry : { ...entry, disabled: true, title: ability.reason };
}
