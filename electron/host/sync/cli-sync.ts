/**
 * `npm run cli -- invite|join …` (usage in cli-sync-args.ts).
 *
 * When a `serve` runs on the data directory (its `serve.json` names a live process), both commands
 * go to it over its WebSocket bridge with the token in `<data>/serve-token`: the running host holds
 * the store, serves invite codes on its signaling server, and starts syncing a joined workspace at
 * once. Otherwise:
 * - invite prints the link only (a code needs a running host to answer for it), signed like any
 *   invite: it opens the workspace's store, so it needs the data directory free;
 * - join stores the workspace (workspace.json, its sync settings, the role claim, this member's
 *   entry) through a WorkspaceService of its own, and the next `serve --peer` syncs it.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { WorkspaceInfo } from '../../../shared/bridge/contract';
import type { InviteCreated } from '../../../shared/bridge/sync';
import { cleanSignalingUrls } from '../../../shared/bridge/sync-urls';
import { CommonplaceError } from '../../../shared/errors';
import { connectBridge, type BridgeCaller } from '../serve/bridge-call';
import { defaultDataDir } from '../serve/data-dir';
import { findRunningServe } from '../serve/serve-record';
import { loadOrCreateIdentity } from '../workspace/identity';
import { WorkspaceService } from '../workspace/workspace-service';
import { advertisedSignalingUrls } from './advertised-addresses';
import { parseSyncCliArgs, SYNC_CLI_USAGE, type SyncCliArgs } from './cli-sync-args';
import { MemberService } from '../members/member-service';
import { InviteService } from './invite-service';
import { inviteRolesOf } from './invite-roles';
import { loadHostSyncSettings, saveHostSyncSettings, MAX_SAVED_PEERS } from './sync-settings';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

export interface SyncCliIo {
  out(text: string): void;
  err(text: string): void;
}

type InviteResult = { workspace: WorkspaceInfo; link: string; code: string | null; expiresAt: number | null; via: 'serve' | 'files' };
type JoinResult = { workspace: WorkspaceInfo; via: 'serve' | 'files' };

export async function runSyncCli(argv: readonly string[], io: SyncCliIo): Promise<number> {
  const verdict = parseSyncCliArgs(argv);
  if (!verdict.ok) {
    io.err(`cli: ${verdict.message}\n\n${SYNC_CLI_USAGE}`);
    return EXIT_USAGE;
  }
  const args = verdict.args;
  const dataDir = resolve(args.dataDir ?? defaultDataDir({ platform: process.platform, env: process.env, homedir: homedir() }));
  try {
    const running = await findRunningServe(dataDir);
    const bridge = running ? await connectBridge(running.port, running.token).catch(() => null) : null;
    try {
      if (args.command === 'invite') {
        const result = bridge ? await inviteViaServe(bridge, args) : await inviteFromFiles(dataDir, args);
        io.out(args.json ? JSON.stringify(result, null, 2) : inviteSummary(result));
      } else {
        const result = bridge ? await joinViaServe(bridge, args) : await joinWithFiles(dataDir, args);
        io.out(args.json ? JSON.stringify(result, null, 2) : joinSummary(result, dataDir));
      }
      return EXIT_OK;
    } finally {
      bridge?.close();
    }
  } catch (error) {
    const failure = CommonplaceError.from(error);
    if (args.json) io.out(JSON.stringify({ error: { code: failure.code, message: failure.message } }, null, 2));
    io.err(`cli: ${failure.message}`);
    return EXIT_FAILURE;
  }
}

function findWorkspace(list: readonly WorkspaceInfo[], wanted: string): WorkspaceInfo {
  const found = list.find((w) => w.id === wanted) ?? list.find((w) => w.name === wanted) ?? list.find((w) => w.name.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  const names = list.map((w) => JSON.stringify(w.name)).join(', ') || 'none';
  throw new CommonplaceError('not-found', `no workspace ${JSON.stringify(wanted)} (workspaces: ${names})`);
}

async function inviteViaServe(bridge: BridgeCaller, args: Extract<SyncCliArgs, { command: 'invite' }>): Promise<InviteResult> {
  const workspace = findWorkspace(await bridge.call<WorkspaceInfo[]>('workspaces', 'list'), args.workspace);
  const created = await bridge.call<InviteCreated>('sync', 'createInvite', { workspaceId: workspace.id, role: args.role });
  return { workspace, link: created.link, code: created.code, expiresAt: created.code ? created.expiresAt : null, via: 'serve' };
}

async function inviteFromFiles(dataDir: string, args: Extract<SyncCliArgs, { command: 'invite' }>): Promise<InviteResult> {
  return withOfflineInvites(dataDir, [], async (invites, workspaces) => {
    const workspace = findWorkspace(await workspaces.list(), args.workspace);
    const created = await invites.create(workspace.id, args.role);
    return { workspace, link: created.link, code: null, expiresAt: null, via: 'files' as const };
  });
}

/**
 * Invites over the data directory's files, with no host running: a WorkspaceService and the
 * members' roles of its own (signed invites, claims), and our addresses as the last run kept them.
 */
async function withOfflineInvites<T>(dataDir: string, peers: readonly string[], fn: (invites: InviteService, workspaces: WorkspaceService) => Promise<T>): Promise<T> {
  const { identity } = await loadOrCreateIdentity(dataDir);
  const workspaces = new WorkspaceService(dataDir, identity);
  const members = new MemberService(workspaces, identity);
  const saved = await loadHostSyncSettings(dataDir);
  // The port the host listened on last time (desktop app, serve --peer): its addresses on this machine.
  const ours = saved.port ? advertisedSignalingUrls(saved.bind ?? '0.0.0.0', saved.port) : [];
  try {
    const invites = new InviteService({
      identity,
      dataDir,
      workspaces,
      codes: null,
      roles: inviteRolesOf(members, workspaces),
      addressesForInvite: async () => cleanSignalingUrls([...ours, ...saved.peers]),
      lookupHosts: async () => cleanSignalingUrls([...peers, ...saved.peers]),
    });
    return await fn(invites, workspaces);
  } catch (error) {
    if (isLocked(error)) throw new CommonplaceError('conflict', `the data directory ${dataDir} is in use by the desktop app; make the invite or join there`, { cause: error });
    throw error;
  } finally {
    members.close();
    await workspaces.close();
  }
}

async function joinViaServe(bridge: BridgeCaller, args: Extract<SyncCliArgs, { command: 'join' }>): Promise<JoinResult> {
  for (const address of args.peers) await bridge.call('sync', 'addPeer', { address });
  const workspace = await bridge.call<WorkspaceInfo>('sync', 'join', { invite: args.invite, ...(args.name ? { name: args.name } : {}) });
  return { workspace, via: 'serve' };
}

async function joinWithFiles(dataDir: string, args: Extract<SyncCliArgs, { command: 'join' }>): Promise<JoinResult> {
  const workspace = await withOfflineInvites(dataDir, args.peers, (invites) => invites.join(args.invite, args.name));
  if (args.peers.length > 0) {
    const saved = await loadHostSyncSettings(dataDir);
    await saveHostSyncSettings(dataDir, { ...saved, peers: cleanSignalingUrls([...saved.peers, ...args.peers]).slice(-MAX_SAVED_PEERS) });
  }
  return { workspace, via: 'files' };
}

/** LevelDocStore's refusal of a store another process holds (classic-level's LEVEL_LOCKED). */
function isLocked(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === 'LEVEL_LOCKED') return true;
  }
  return false;
}

function inviteSummary(result: InviteResult): string {
  const lines = [`Invite to “${result.workspace.name}”:`, '', `  ${result.link}`, ''];
  if (result.code && result.expiresAt) {
    lines.push(`Code (same LAN, valid until ${new Date(result.expiresAt).toLocaleTimeString()}): ${result.code}`);
  } else {
    lines.push('No short code: codes are answered by a running host. Run `npm run serve -- --peer --data <dir>` and ask again for one.');
  }
  lines.push('', 'The link holds the workspace key: send it only to people you want in the workspace.');
  return lines.join('\n');
}

function joinSummary(result: JoinResult, dataDir: string): string {
  if (result.via === 'serve') return `Joined “${result.workspace.name}”. The serve running on ${dataDir} is syncing it now.`;
  return `Joined “${result.workspace.name}”. Its pages arrive once a host on ${dataDir} syncs: \`npm run serve -- --peer --data ${dataDir}\`.`;
}
