import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { MemberId, WorkspaceId } from '../../../../shared/ids';
import { ROLES, type Role } from '../../../../shared/model/members';
import { createPage } from '../../../../shared/model';
import { applyAndDescribe } from '../../../../shared/model/change-set';
import { QUESTION_KIND } from '../../../../shared/model/questions';
import { checkWrite, type ChangeSet } from '../../../../shared/model/roles-policy';
import { WORKSPACE_META, WORKSPACE_PAGES } from '../../../../shared/model/schema';
import { abilitiesOf } from './members-session';
import { gated, gatedButton, roleAbility, ROLE_ACTIONS, type RoleActionName } from './role-actions';

const WORKSPACE = '0'.repeat(32) as WorkspaceId;
const as = (myRole: Role | null, action: RoleActionName) =>
  roleAbility(abilitiesOf({ workspaceId: WORKSPACE, myRole, members: [], refusedWrites: 0 }), action);
const allowedTo = (action: RoleActionName) => ROLES.filter((role) => as(role, action).allowed);

describe('roleAbility', () => {
  it('offers renaming the workspace to stewards only, saying why to the others', () => {
    expect(as('steward', 'renameWorkspace')).toEqual({ allowed: true, reason: 'Rename this workspace' });
    for (const role of ['reader', 'commenter', 'contributor'] as const) {
      expect(as(role, 'renameWorkspace')).toEqual({ allowed: false, reason: `Only stewards can rename the workspace; you are a ${role}.` });
    }
  });

  it('offers importing and changing pages to contributors and stewards', () => {
    for (const action of ['importMarkdown', 'changePages'] as const) expect(allowedTo(action)).toEqual(['contributor', 'steward']);
    expect(as('reader', 'importMarkdown')).toEqual({ allowed: false, reason: 'Only contributors and stewards can import pages; you are a reader.' });
    expect(as('commenter', 'changePages').reason).toBe('Only contributors and stewards can add, rename, move or trash pages; you are a commenter.');
  });

  it('offers asking a question to commenters and up (newcomers ask first)', () => {
    expect(allowedTo('askQuestion')).toEqual(['commenter', 'contributor', 'steward']);
    expect(as('commenter', 'askQuestion')).toEqual({ allowed: true, reason: 'Ask the community a question' });
    expect(as('reader', 'askQuestion').reason).toBe(
      'Only commenters, contributors and stewards can ask a question; you are a reader. A steward can make you a commenter.',
    );
  });

  it('offers choosing Start here and inviting to stewards only', () => {
    expect(allowedTo('startHere')).toEqual(['steward']);
    expect(allowedTo('invite')).toEqual(['steward']);
    expect(as('contributor', 'startHere').reason).toBe('Only stewards can choose where newcomers start; you are a contributor.');
  });

  it('refuses a member with no role (yet, or any more), and offers everything while the role is loading', () => {
    for (const action of Object.keys(ROLE_ACTIONS) as RoleActionName[]) {
      expect(as(null, action).allowed).toBe(false);
      expect(as(null, action).reason).toContain('you have no role here yet');
      expect(roleAbility(abilitiesOf(null), action)).toEqual({ allowed: true, reason: ROLE_ACTIONS[action].does });
      expect(roleAbility(null, action).allowed).toBe(false);
    }
  });

  // The UI must not offer what the host refuses, nor refuse what it takes: the least role of each
  // action that writes a section of the workspace doc is the write policy's.
  it('follows the write policy of the section each action changes', () => {
    const sections: Partial<Record<RoleActionName, string>> = {
      renameWorkspace: WORKSPACE_META,
      importMarkdown: WORKSPACE_PAGES,
      changePages: WORKSPACE_PAGES,
    };
    for (const [action, root] of Object.entries(sections) as Array<[RoleActionName, string]>) {
      const changes: ChangeSet = { roots: new Map([[root, new Set(['k'])]]), pending: false };
      const policy = ROLES.filter((role) => checkWrite(role, 'workspace', changes, new Y.Doc(), new Y.Doc()).ok);
      expect(allowedTo(action), action).toEqual(policy);
    }
  });

  // Asking is not a whole section: the policy lets a commenter add a question of its own. What
  // "Ask a question" writes (QuestionsSession.ask) is taken from exactly the roles offered it.
  it('offers asking to the roles whose own question the write policy takes', () => {
    const me = 'b'.repeat(64) as MemberId;
    const asker = new Y.Doc();
    let update: Uint8Array | null = null;
    asker.on('update', (u: Uint8Array) => (update = u));
    createPage(asker, { title: '', parentId: null, kind: QUESTION_KIND, by: me, now: 1 }, null);
    if (update === null) throw new Error('no update');
    const before = new Y.Doc();
    const after = new Y.Doc();
    const described = applyAndDescribe(after, update);
    const policy = ROLES.filter((role) => checkWrite(role, 'workspace', described, before, after, me).ok);
    expect(allowedTo('askQuestion')).toEqual(policy);
  });
});

describe('gated', () => {
  const entry = { label: 'Rename workspace…', onSelect: () => undefined };

  it('leaves an allowed entry as it is', () => {
    expect(gated(entry, { allowed: true, reason: 'Rename this workspace' })).toBe(entry);
  });

  it('disables a refused entry, its tooltip saying why', () => {
    expect(gated(entry, { allowed: false, reason: 'Only stewards can rename the workspace; you are a reader.' })).toEqual({
      ...entry,
      disabled: true,
      title: 'Only stewards can rename the workspace; you are a reader.',
    });
  });
});

describe('gatedButton', () => {
  it('leaves an allowed button enabled, with its own tooltip', () => {
    expect(gatedButton({ allowed: true, reason: 'Change the pages' }, 'New page (Ctrl+N)')).toEqual({ disabled: false, title: 'New page (Ctrl+N)' });
    expect(gatedButton({ allowed: true, reason: 'Change the pages' })).toEqual({ disabled: false, title: undefined });
  });

  it('disables a refused button, its tooltip saying why', () => {
    const reason = 'Only contributors and stewards can add, rename, move or trash pages; you are a reader.';
    expect(gatedButton({ allowed: false, reason }, 'New page (Ctrl+N)')).toEqual({ disabled: true, title: reason });
  });
});
