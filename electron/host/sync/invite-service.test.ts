import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInviteLink } from '../../../shared/crypto/invites';
import type { WorkspaceId } from '../../../shared/ids';
import * as Y from 'yjs';
import { readMember } from '../../../shared/model';
import { applyAndDescribe } from '../../../shared/model/change-set';
import { getMembersMap } from '../../../shared/model/members';
import { checkWrite } from '../../../shared/model/roles-policy';
import { loadOrCreateIdentity, type Identity } from '../workspace/identity';
import { WorkspaceService } from '../workspace/workspace-service';
import { InviteCodes } from './invite-codes';
import { MemberService } from '../members/member-service';
import { InviteService } from './invite-service';
import { inviteRolesOf } from './invite-roles';
import { SignalingServer } from './signaling-server';
import { loadWorkspaceSyncSettings } from './sync-settings';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function side(prefix: string, lookupHosts: () => Promise<string[]> = async () => [], withRoles = false) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const { identity } = await loadOrCreateIdentity(dir);
  const workspaces = new WorkspaceService(dir, identity);
  const members = withRoles ? new MemberService(workspaces, identity) : null;
  const codes = new InviteCodes();
  const server = await SignalingServer.start({ onHttpRequest: (req, res) => codes.handle(req, res) });
  cleanups.push(async () => {
    await server.close();
    members?.close();
    await workspaces.close();
    await rm(dir, { recursive: true, force: true });
  });
  const roles = members ? { roles: inviteRolesOf(members, workspaces) } : {};
  const invites = new InviteService({ identity, dataDir: dir, workspaces, codes, addressesForInvite: async () => [server.url], lookupHosts, ...roles });
  return { dir, identity, workspaces, invites, server, members };
}

describe('InviteService', () => {
  it('makes a link and a code, and records the inviter as the workspace steward', async () => {
    const a = await side('cp-inv-a-');
    const info = await a.workspaces.create('Field notes');
    const created = await a.invites.create(info.id, 'commenter');
    expect(created.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(created.expiresAt).toBeGreaterThan(Date.now());
    const parsed = parseInviteLink(created.link);
    expect(parsed.ok && parsed.invite).toMatchObject({
      workspaceId: info.id,
      name: 'Field notes',
      role: 'commenter',
      inviter: { id: a.identity.id, name: a.identity.name },
      signaling: [a.server.url],
    });
    const ws = await a.workspaces.get(info.id);
    expect(readMember(ws.root.doc, a.identity.id)).toMatchObject({ role: 'steward', grantedBy: null });
  });

  it('joins by code: stores the workspace with its key and the inviter address, and adds the member', async () => {
    const a = await side('cp-inv-a-');
    const info = await a.workspaces.create('Field notes');
    const { code } = await a.invites.create(info.id);
    const b = await side('cp-inv-b-', async () => [a.server.url]);
    const joined = await b.invites.join(String(code), 'Ben');
    expect(joined).toMatchObject({ id: info.id, name: 'Field notes' });
    expect((await b.workspaces.list()).map((w) => w.id)).toContain(info.id);
    expect((await b.workspaces.recordOf(info.id)).key).toBe((await a.workspaces.recordOf(info.id)).key);
    expect((await loadWorkspaceSyncSettings(b.workspaces.dirOf(info.id))).signaling).toEqual([a.server.url]);
    const ws = await b.workspaces.get(info.id);
    expect(readMember(ws.root.doc, b.identity.id)).toMatchObject({ name: 'Ben', role: 'contributor', grantedBy: a.identity.id });
    expect(ws.root.doc.getMap('pages').size).toBe(0); // nothing seeded: pages arrive by sync
    expect(JSON.parse(await readFile(join(b.dir, 'identity.json'), 'utf8')).name).toBe('Ben');
    expect(b.identity.name).toBe('Ben');
  });

  it('joins by link with no peer to ask', async () => {
    const a = await side('cp-inv-a-');
    const info = await a.workspaces.create('Field notes');
    const { link } = await a.invites.create(info.id, 'reader');
    const b = await side('cp-inv-b-');
    await b.invites.join(link);
    const ws = await b.workspaces.get(info.id);
    // Below contributor, only the profile: peers would refuse a reader's claim of role and date.
    const entry = getMembersMap(ws.root.doc).get(b.identity.id) as Y.Map<unknown>;
    expect(entry.toJSON()).toEqual({ name: b.identity.name, color: b.identity.color });
    expect(readMember(ws.root.doc, b.identity.id as Identity['id'])?.role).toBe('reader');
  });

  it('refuses junk, unknown codes, and a workspace already here under another key', async () => {
    const a = await side('cp-inv-a-');
    const info = await a.workspaces.create('Field notes');
    const { link } = await a.invites.create(info.id);
    const b = await side('cp-inv-b-', async () => [a.server.url]);
    await expect(b.invites.join('hello')).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(b.invites.join('commonplace://join/zzz')).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(b.invites.join('ABCDE-12345')).rejects.toMatchObject({ code: 'not-found' });
    await b.workspaces.adopt({ id: info.id as WorkspaceId, name: 'Field notes', key: 'A'.repeat(43) });
    await expect(b.invites.join(link)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('with roles: the invite carries a signed grant and the creator, and the joiner holds the role', async () => {
    const a = await side('cp-inv-a-', async () => [], true);
    const info = await a.workspaces.create('Field notes');
    const { link, code } = await a.invites.create(info.id, 'commenter');
    const parsed = parseInviteLink(link);
    expect(parsed.ok && parsed.invite.grant?.seed).toBeTruthy();
    expect(parsed.ok && parsed.invite.anchor).toBe(a.identity.id);
    const b = await side('cp-inv-b-', async () => [a.server.url], true);
    await b.invites.join(String(code), 'Ben');
    expect((await b.workspaces.recordOf(info.id as WorkspaceId)).creatorId).toBe(a.identity.id);
    const auth = await b.members?.forWorkspace(info.id);
    expect(auth?.myRole).toBe('commenter');
    // What the joiner wrote into the workspace doc, honest peers accept from a commenter: its profile.
    const doc = (await b.workspaces.get(info.id)).root.doc;
    expect((getMembersMap(doc).get(b.identity.id) as Y.Map<unknown>).toJSON()).toEqual({ name: 'Ben', color: b.identity.color });
    const empty = new Y.Doc({ guid: doc.guid });
    const changes = applyAndDescribe(new Y.Doc({ guid: doc.guid }), Y.encodeStateAsUpdate(doc));
    const after = new Y.Doc({ guid: doc.guid });
    Y.applyUpdate(after, Y.encodeStateAsUpdate(doc));
    expect(checkWrite('commenter', 'workspace', changes, empty, after, b.identity.id)).toEqual({ ok: true });
  });

  it('with roles: a member who may not invite writes nothing into the workspace doc trying', async () => {
    const a = await side('cp-inv-a-', async () => [], true);
    const info = await a.workspaces.create('Field notes');
    const { link } = await a.invites.create(info.id, 'commenter');
    const b = await side('cp-inv-b-', async () => [a.server.url], true);
    await b.invites.join(link, 'Ben');
    const doc = (await b.workspaces.get(info.id)).root.doc;
    const before = Y.encodeStateAsUpdate(doc);
    await expect(b.invites.create(info.id, 'reader')).rejects.toMatchObject({ code: 'forbidden' });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
