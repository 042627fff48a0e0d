/**
 * A member looks the same on every host: the name and colour each host shows for a member are
 * that member's published profile (its entry in the workspace's `members`), which the member's own
 * host keeps equal to its profile (electron/host/sync/auth.ts `publishOwnProfile`).
 *
 * Two `serve` hosts (B reaches A by address, discovery off): Ana, the steward, on A; Ben, who
 * joined as a commenter — a role that may not write the workspace doc, only its own profile in it
 * (shared/model/roles-policy.ts).
 * 1. Both change name and colour while connected: each host's members view shows both new
 *    profiles. (Before: a change of profile never left the host that made it, and a commenter's
 *    own entry was refused by honest peers.)
 * 2. Data left stale by an older version (identity.json changed, the entry not): Ben's host
 *    republishes as it starts, and A shows it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../../shared/bridge/contract';
import type { MembersView } from '../../shared/bridge/members';
import type { InviteCreated } from '../../shared/bridge/sync';
import { connectBridge, type BridgeCaller } from '../../electron/host/serve/bridge-call';
import { assertBuilt, makeTempDir, removeDir, startServe, type ServeProcess } from '../e2e/harness';
import { eventually } from './fixtures/sync-harness';

const SYNC_MS = 30_000;
const SIGNALING_LINE = /^Peer sync signaling at (ws:\/\/\S+)$/m;

interface Side {
  host: ServeProcess;
  bridge: BridgeCaller;
}

const dirs: string[] = [];
let a: Side;
let b: Side;
let workspaceId: string;

async function serve(dataDir: string, args: string[] = [], port?: number): Promise<Side> {
  const host = await startServe({ dataDir, args, ...(port ? { port } : {}) });
  return { host, bridge: await connectBridge(host.port, host.token) };
}

/** Each member's name and colour as `side`'s members view shows them, by name order. */
async function looks(side: Side): Promise<string> {
  const view = await side.bridge.call<MembersView>('members', 'list', { workspaceId });
  return view.members
    .map((m) => `${m.name} ${m.color}`)
    .sort()
    .join(', ');
}

/** Waits until both hosts show every member as `expected`. */
async function bothShow(expected: string): Promise<void> {
  // Both asked every time: asking opens the workspace on a host started again (serve opens a
  // workspace, and starts its sync, when something asks for it).
  const both = async () => (await Promise.all([looks(a), looks(b)])).join(' | ');
  await eventually(async () => (await both()) === `${expected} | ${expected}`, SYNC_MS, both);
}

beforeAll(async () => {
  assertBuilt();
  dirs.push(await makeTempDir('cp-profiles-a-'), await makeTempDir('cp-profiles-b-'));
  a = await serve(dirs[0] as string);
  const signaling = SIGNALING_LINE.exec(a.host.output())?.[1];
  if (!signaling) throw new Error(`no signaling address:\n${a.host.output()}`);
  b = await serve(dirs[1] as string, ['--peer-address', signaling]);
  await a.bridge.call('app', 'setProfile', { name: 'Ana', color: '#46a758' });
  const [first] = await a.bridge.call<WorkspaceInfo[]>('workspaces', 'list');
  workspaceId = first?.id ?? '';
  const invite = await a.bridge.call<InviteCreated>('sync', 'createInvite', { workspaceId, role: 'commenter' });
  await b.bridge.call('sync', 'join', { invite: invite.link, name: 'Ben' });
  await b.bridge.call('app', 'setProfile', { color: '#0090ff' });
});

afterAll(async () => {
  for (const side of [a, b]) side?.bridge.close();
  await Promise.all([a?.host.stop(), b?.host.stop()]);
  await Promise.all(dirs.map((dir) => removeDir(dir)));
});

describe('member profiles across hosts', () => {
  it('a change of name or colour shows on every host, a commenter\'s too', async () => {
    await bothShow('Ana #46a758, Ben #0090ff');
    await a.bridge.call('app', 'setProfile', { name: 'Ana L.', color: '#e5484d' });
    await b.bridge.call('app', 'setProfile', { name: 'Benedict', color: '#6e56cf' });
    await bothShow('Ana L. #e5484d, Benedict #6e56cf');
  });

  it('a stale entry converges: the member\'s host republishes as it starts', async () => {
    // Ben's identity changes while his host is down, as an older version's setProfile left it:
    // identity.json says one thing, the workspace's members entry another.
    expect(await b.host.stop()).toBe(0);
    b.bridge.close();
    const path = join(b.host.dataDir, 'identity.json');
    const identity = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...identity, name: 'Ben', color: '#12a594' }), { mode: 0o600 });
    const signaling = SIGNALING_LINE.exec(a.host.output())?.[1] ?? '';
    b = await serve(b.host.dataDir, ['--peer-address', signaling], b.host.port);
    await bothShow('Ana L. #e5484d, Ben #12a594');
  });
});
