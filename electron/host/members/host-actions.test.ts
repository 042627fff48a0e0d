import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROLES, type Role } from '../../../shared/model/members';
import { checkWrite, type ChangeSet, type DocKind } from '../../../shared/model/roles-policy';
import { HOST_ACTIONS, hostActionVerdict, leastRoleFor, mayMake, type HostAction } from './host-actions';

const ACTIONS = Object.keys(HOST_ACTIONS) as HostAction[];
const ALL: Array<Role | null> = [null, ...ROLES];

/** What peers say (roles-policy.ts checkWrite) about an update that changes `roots` of a doc of `kind`. */
function peersAllow(role: Role | null, kind: DocKind, roots: readonly string[]): boolean {
  const changes: ChangeSet = { roots: new Map(roots.map((root) => [root, new Set(['some-key'])])), pending: false };
  const doc = new Y.Doc();
  return checkWrite(role, kind, changes, doc, doc).ok;
}

describe('host actions and our own role', () => {
  it('ask the least role the write policy gives: a steward to rename the workspace, a contributor for the rest', () => {
    expect(Object.fromEntries(ACTIONS.map((action) => [action, leastRoleFor(HOST_ACTIONS[action])]))).toEqual({
      renameWorkspace: 'steward',
      duplicatePage: 'contributor',
      createFromTemplate: 'contributor',
      linkMention: 'contributor',
      questionToGuide: 'contributor',
      importMarkdown: 'contributor',
    });
  });

  it('allow a role exactly when peers would take every write of the action from it', () => {
    for (const action of ACTIONS) {
      const write = HOST_ACTIONS[action];
      for (const role of ALL) {
        const peers =
          (write.sections.length === 0 || peersAllow(role, 'workspace', write.sections)) && write.docs.every((kind) => peersAllow(role, kind, ['content']));
        expect(mayMake(role, write), `${action} as ${role ?? 'no member'}`).toBe(peers);
      }
    }
  });

  it('say why, as the UI does: the roles that may, the action, and ours', () => {
    expect(hostActionVerdict('steward', 'renameWorkspace')).toEqual({ ok: true });
    expect(hostActionVerdict('contributor', 'importMarkdown')).toEqual({ ok: true });
    expect(hostActionVerdict('contributor', 'renameWorkspace')).toEqual({ ok: false, reason: 'Only stewards can rename the workspace; you are a contributor.' });
    expect(hostActionVerdict('commenter', 'questionToGuide')).toEqual({
      ok: false,
      reason: 'Only contributors and stewards can turn a question into a guide; you are a commenter.',
    });
    expect(hostActionVerdict(null, 'duplicatePage')).toEqual({ ok: false, reason: 'Only contributors and stewards can duplicate pages; you have no role here yet.' });
  });
});
