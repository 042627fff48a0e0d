/**
 * Invites and joining across processes, through the real entry points:
 *
 * 1. Two `serve` hosts (B knows A's signaling address, discovery off): A makes an invite over its
 *    bridge; B joins by the short code over its bridge. B gets the workspace, every page with its
 *    content, the role granted, and both name each other in `sync.status`.
 * 2. `npm run cli -- invite` against a running serve prints a link and a code; `npm run cli --
 *    join <link>` stores the workspace in a fresh data directory with no host running; then
 *    `serve --peer` on that directory pulls everything without any browser, and keeps it: stopped
 *    and started again with A gone, it still holds every page.
 * 3. `cli invite` with no host running prints a signed link (no code), and a code nobody serves is
 *    refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../../shared/bridge/contract';
import type { InviteCreated, SyncStatus } from '../../shared/bridge/sync';
import { parseInviteLink } from '../../shared/crypto/invites';
import type { PageId, WorkspaceId } from '../../shared/ids';
import type { PageFile } from '../../shared/transfer/report';
import { connectBridge, type BridgeCaller } from '../../electron/host/serve/bridge-call';
import { assertBuilt, makeTempDir, removeDir, startServe, type ServeProcess } from '../e2e/harness';
import { eventually } from './fixtures/sync-harness';
import { runCli } from './fixtures/cli';

const SYNC_MS = 30_000;
const SIGNALING_LINE = /^Peer sync signaling at (ws:\/\/\S+)$/m;
const TEMPLATES = ['practice-guide', 'lessons-learned', 'meeting-notes'];

const dirs: string[] = [];
const hosts: ServeProcess[] = [];
const bridges: BridgeCaller[] = [];

async function serve(args: string[] = [], dataDir?: string): Promise<{ host: ServeProcess; bridge: BridgeCaller; signaling: string }> {
  const dir = dataDir ?? (await makeTempDir('cp-invite-'));
  if (!dataDir) dirs.push(dir);
  const host = await startServe({ dataDir: dir, args: ['--no-discovery', ...args] });
  hosts.push(host);
  const bridge = await connectBridge(host.port, host.token);
  bridges.push(bridge);
  const signaling = SIGNALING_LINE.exec(host.output())?.[1];
  if (!signaling) throw new Error(`no signaling address:\n${host.output()}`);
  return { host, bridge, signaling };
}

async function stop(host: ServeProcess, bridge: BridgeCaller): Promise<void> {
  bridge.close();
  expect(await host.stop()).toBe(0);
}

/** Every page's title and Markdown, by id. */
async function contents(bridge: BridgeCaller, workspaceId: WorkspaceId, pageIds: readonly PageId[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const pageId of pageIds) {
    const file = await bridge.call<PageFile>('transfer', 'exportPage', { workspaceId, pageId, format: 'md' }).catch(() => null);
    out[pageId] = file ? file.text : '(missing)';
  }
  return out;
}

let a: Awaited<ReturnType<typeof serve>>;
let workspace: WorkspaceInfo;
const pageIds: PageId[] = [];
let expected: Record<string, string> = {};

beforeAll(async () => {
  assertBuilt(); // serve runs from dist/: `npm run build` first
  a = await serve();
  await a.bridge.call('app', 'setProfile', { name: 'Ana' });
  const [first] = await a.bridge.call<WorkspaceInfo[]>('workspaces', 'list');
  if (!first) throw new Error('no workspace');
  await a.bridge.call('workspaces', 'rename', { workspaceId: first.id, name: 'Field station' });
  workspace = { ...first, name: 'Field station' };
  for (const builtin of TEMPLATES) {
    pageIds.push(await a.bridge.call<PageId>('pages', 'createFromTemplate', { workspaceId: workspace.id, parentId: null, template: { builtin } }));
  }
  expected = await contents(a.bridge, workspace.id, pageIds);
  for (const text of Object.values(expected)) expect(text.length).toBeGreaterThan(100); // real content to compare
});

afterAll(async () => {
  for (const bridge of bridges) bridge.close();
  await Promise.all(hosts.map((h) => h.stop().catch(() => undefined)));
  await Promise.all(dirs.map((d) => removeDir(d)));
});

describe('join by invite', () => {
  it('a second host joins by code over its bridge and pulls every page', async () => {
    const b = await serve(['--peer-address', a.signaling]);
    const invite = await a.bridge.call<InviteCreated>('sync', 'createInvite', { workspaceId: workspace.id, role: 'commenter' });
    expect(invite.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const joined = await b.bridge.call<WorkspaceInfo>('sync', 'join', { invite: invite.code, name: 'Ben' });
    expect(joined).toMatchObject({ id: workspace.id, name: 'Field station' });
    const ms = await eventually(async () => JSON.stringify(await contents(b.bridge, workspace.id, pageIds)) === JSON.stringify(expected), SYNC_MS, async () =>
      JSON.stringify(await contents(b.bridge, workspace.id, pageIds)),
    );
    console.log(`joined and pulled ${pageIds.length} pages in ${ms} ms`);
    const roles = await b.bridge.call<{ myRole: string }>('members', 'list', { workspaceId: workspace.id });
    expect(roles.myRole).toBe('commenter');
    await eventually(
      async () => {
        const [sa, sb] = await Promise.all([
          a.bridge.call<SyncStatus>('sync', 'status', { workspaceId: workspace.id }),
          b.bridge.call<SyncStatus>('sync', 'status', { workspaceId: workspace.id }),
        ]);
        return sa.peers.some((p) => p.name === 'Ben' && p.connected) && sb.peers.some((p) => p.name === 'Ana' && p.connected);
      },
      SYNC_MS,
    );
    await stop(b.host, b.bridge);
  });

  it('cli invite and join, then serve --peer keeps a replica with no browser', async () => {
    const invited = await runCli(['invite', '--workspace', 'Field station', '--data', a.host.dataDir, '--json']);
    expect(invited.code, invited.stderr).toBe(0);
    const invite = invited.json<{ link: string; code: string | null; via: string }>();
    expect(invite).toMatchObject({ via: 'serve', code: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/) as unknown });

    const labDir = await makeTempDir('cp-invite-lab-');
    dirs.push(labDir);
    const joined = await runCli(['join', invite.link, '--data', labDir, '--name', 'Lab machine', '--json']);
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.json<{ via: string; workspace: WorkspaceInfo }>()).toMatchObject({ via: 'files', workspace: { id: workspace.id } });

    let lab = await serve(['--peer', '--sync-bind', '127.0.0.1'], labDir);
    expect(lab.host.output()).toContain('Peer: keeping');
    await eventually(async () => JSON.stringify(await contents(lab.bridge, workspace.id, pageIds)) === JSON.stringify(expected), SYNC_MS, async () =>
      JSON.stringify(await contents(lab.bridge, workspace.id, pageIds)),
    );
    // The lab machine never created a workspace of its own.
    expect((await lab.bridge.call<WorkspaceInfo[]>('workspaces', 'list')).map((w) => w.id)).toEqual([workspace.id]);

    // A goes away; the replica restarts alone and still holds everything.
    await stop(lab.host, lab.bridge);
    lab = await serve(['--peer', '--sync-bind', '127.0.0.1', '--no-discovery'], labDir);
    expect(await contents(lab.bridge, workspace.id, pageIds)).toEqual(expected);
    await stop(lab.host, lab.bridge);
  });

  it('cli invite with no host running prints a signed link and no code; unknown codes and non-stewards are refused', async () => {
    const dir = await makeTempDir('cp-invite-offline-');
    dirs.push(dir);
    const unknown = await runCli(['join', 'ABCDE-12345', '--data', dir, '--peer-address', a.signaling, '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('not-found');

    // A contributor (the default role) may not sign invites: only stewards grant roles.
    const link = (await a.bridge.call<InviteCreated>('sync', 'createInvite', { workspaceId: workspace.id })).link;
    expect((await runCli(['join', link, '--data', dir, '--json'])).code).toBe(0);
    const refused = await runCli(['invite', '--workspace', 'Field station', '--data', dir, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('steward');

    // The steward's host is stopped: the CLI signs the invite from the files, with no code.
    await stop(a.host, a.bridge);
    const offline = await runCli(['invite', '--workspace', 'Field station', '--data', a.host.dataDir, '--role', 'reader', '--json']);
    expect(offline.code, offline.stderr).toBe(0);
    const made = offline.json<{ link: string; code: string | null; via: string }>();
    expect(made).toMatchObject({ via: 'files', code: null });
    const parsed = parseInviteLink(made.link);
    expect(parsed.ok && parsed.invite.role).toBe('reader');
    expect(parsed.ok && parsed.invite.grant).toBeTruthy();
  });
});
