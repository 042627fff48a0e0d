/**
 * The writes the host makes itself, on its renderer's behalf, and whether our own role may make
 * them — judged by the policy peers apply to our updates (shared/model/roles-policy.ts), so that
 * the UI (renderer/src/features/members/role-actions.ts), this host and its peers agree.
 *
 * These actions write with the LOCAL (or IMPORT) origin, outside the doc streams' WriteGate: a
 * reader whose UI were bypassed could otherwise rename the workspace or import pages into its own
 * replica, which peers then refuse, leaving it diverged for good. Each action names what it writes
 * (sections of the workspace doc, other kinds of doc); it may run if our role may write every one:
 * `mayWrite(role, kind)` per doc kind, `leastRoleToChange(section)` per section. An action whose
 * writes vary (an import) lists the most it can write, so the check is the strictest of them.
 *
 * Actions that write nothing shared (export, attachments.put, activity's local state, deleting a
 * local replica) are not here; nor are our own profile (any member may write it), roles and
 * invites (WorkspaceAuth refuses those to all but stewards), nor joining (the joiner writes only
 * what its invite allows).
 */
import type { WorkspaceId } from '../../../shared/ids';
import { ROLES, roleAtLeast, type Role } from '../../../shared/model/members';
import { leastRoleToChange, mayWrite, WRITE_ROLE, type DocKind } from '../../../shared/model/roles-policy';
import { roleRefusal } from '../../../shared/model/role-refusal';
import { WORKSPACE_META, WORKSPACE_PAGES } from '../../../shared/model/schema';

export interface HostWrite {
  /** Top-level types of the workspace doc it may change. */
  readonly sections: readonly string[];
  /** The other docs it may change. */
  readonly docs: readonly Exclude<DocKind, 'workspace'>[];
  /** What it does, after "can" in a refusal (as the UI's tooltips say it). */
  readonly what: string;
}

export const HOST_ACTIONS = {
  /** workspaces.rename: the name in meta. */
  renameWorkspace: { sections: [WORKSPACE_META], docs: [], what: 'rename the workspace' },
  /** pages.duplicate: a new entry in the tree, the copy's content. */
  duplicatePage: { sections: [WORKSPACE_PAGES], docs: ['page'], what: 'duplicate pages' },
  /** pages.createFromTemplate: a new entry in the tree, its content. */
  createFromTemplate: { sections: [WORKSPACE_PAGES], docs: ['page'], what: 'add pages from a template' },
  /** links.linkMention: the source page's content. */
  linkMention: { sections: [], docs: ['page'], what: 'link a mention (it edits the page)' },
  /** questions.toGuide: the guide's entry and content, and both comments docs (the links both ways). */
  questionToGuide: { sections: [WORKSPACE_PAGES], docs: ['page', 'comments'], what: 'turn a question into a guide' },
  /** transfer.importFolder / importFiles: entries (titles, kinds, tags, import records) and contents; images stay local. */
  importMarkdown: { sections: [WORKSPACE_PAGES], docs: ['page'], what: 'import pages' },
} as const satisfies Record<string, HostWrite>;

export type HostAction = keyof typeof HOST_ACTIONS;

/** What a service calls before it writes: resolves if our role may, throws `forbidden` if not. */
export type RequireRole = (workspaceId: WorkspaceId, action: HostAction) => Promise<void>;

export type HostVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether `role` (null: not a member) may make every write of `write`. */
export function mayMake(role: Role | null, write: HostWrite): boolean {
  if (!write.docs.every((kind) => mayWrite(role, kind))) return false;
  if (write.sections.length === 0) return true;
  return role !== null && mayWrite(role, 'workspace') && write.sections.every((section) => roleAtLeast(role, leastRoleToChange(section)));
}

/** The least role that may make every write of `write` (for the refusal's wording). */
export function leastRoleFor(write: HostWrite): Role {
  const needed: Role[] = [...write.docs.map((kind) => WRITE_ROLE[kind]), ...write.sections.flatMap((s) => [WRITE_ROLE.workspace, leastRoleToChange(s)])];
  return needed.reduce<Role>((most, role) => (roleAtLeast(role, most) ? role : most), ROLES[0]);
}

/** The verdict on `action` for `role`, with the reason a member reads ("Only stewards can …; you are a reader."). */
export function hostActionVerdict(role: Role | null, action: HostAction): HostVerdict {
  const write: HostWrite = HOST_ACTIONS[action];
  if (mayMake(role, write)) return { ok: true };
  return { ok: false, reason: roleRefusal(leastRoleFor(write), write.what, role) };
}
