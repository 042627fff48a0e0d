import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSigner } from '../../../shared/crypto/signatures';
import type { MemberId, WorkspaceId } from '../../../shared/ids';
import { readMember, writeMember } from '../../../shared/model/members';
import { Host } from '../host';
import { LOCAL } from '../origins';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function host(): Promise<{ host: Host; workspaceId: WorkspaceId }> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-members-'));
  const h = await Host.open({ dataDir: dir, mode: 'browser', version: 'test' });
  cleanup.push(() => rm(dir, { recursive: true, force: true }), () => h.close());
  const [workspace] = await h.handlers.workspaces.list(undefined);
  if (!workspace) throw new Error('no workspace');
  return { host: h, workspaceId: workspace.id };
}

describe('the members area of the bridge', () => {
  it('the creator is its workspace\'s steward; a steward grants, changes and removes (rotating the key)', async () => {
    const { host: h, workspaceId } = await host();
    const first = await h.handlers.members.list({ workspaceId });
    expect(first.myRole).toBe('steward');
    expect(first.members.map((m) => [m.isMe, m.role])).toEqual([[true, 'steward']]);

    const bo = (await generateSigner()).signer.id as MemberId;
    const workspace = await h.workspaces.get(workspaceId);
    writeMember(workspace.root.doc, bo, { name: 'Bo', color: '#0090ff' }, LOCAL);
    expect((await h.handlers.members.list({ workspaceId })).members.find((m) => m.id === bo)?.role).toBe('none');
    await h.handlers.members.setRole({ workspaceId, memberId: bo, role: 'commenter' });
    const granted = (await h.handlers.members.list({ workspaceId })).members.find((m) => m.id === bo);
    expect(granted).toMatchObject({ name: 'Bo', role: 'commenter', invitedBy: { id: h.identity.id } });

    const keyBefore = workspace.record.key;
    const { unreachable } = await h.handlers.members.remove({ workspaceId, memberId: bo });
    expect(unreachable).toEqual([]); // Bo never published a box key, but is removed: no one else to reach
    expect((await h.handlers.members.list({ workspaceId })).members.find((m) => m.id === bo)?.role).toBe('removed');
    await workspace.recordWritten;
    const record = JSON.parse(await readFile(join(workspace.dir, 'workspace.json'), 'utf8')) as { key: string; keyEpoch: number; previousKey: string };
    expect(record).toMatchObject({ keyEpoch: 1, previousKey: keyBefore });
    expect(record.key).not.toBe(keyBefore);
  });

  it('refuses role changes from a non-steward, and a steward removing itself', async () => {
    const { host: h, workspaceId } = await host();
    await expect(h.handlers.members.remove({ workspaceId, memberId: h.identity.id })).rejects.toMatchObject({ code: 'invalid-argument' });
    const auth = await h.members.forWorkspace(workspaceId);
    const other = (await generateSigner()).signer.id as MemberId;
    await auth.setRole(other, 'steward');
    await auth.setRole(h.identity.id, 'contributor'); // we step down
    await expect(h.handlers.members.setRole({ workspaceId, memberId: other, role: 'reader' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await h.handlers.members.list({ workspaceId })).myRole).toBe('contributor');
  });

  it('a change of profile is published in every workspace, and the members view shows it', async () => {
    const { host: h, workspaceId } = await host();
    const second = await h.handlers.workspaces.create({ name: 'Second' });
    const docs = [(await h.workspaces.get(workspaceId)).root.doc, (await h.workspaces.get(second.id)).root.doc];
    for (const doc of docs) expect(readMember(doc, h.identity.id)).toMatchObject({ name: h.identity.name, color: h.identity.color }); // published as it opened
    await h.handlers.app.setProfile({ name: 'Ana', color: '#6e56cf' });
    for (const doc of docs) expect(readMember(doc, h.identity.id)).toMatchObject({ name: 'Ana', color: '#6e56cf' });
    const me = (await h.handlers.members.list({ workspaceId })).members.find((m) => m.isMe);
    expect(me).toMatchObject({ name: 'Ana', color: '#6e56cf' });
  });
});
