/**
 * Sync settings on disk.
 *
 * - Host-wide, `<data>/sync.json`: the signaling server's port (kept, so peers that know our
 *   address find us again after a restart) and the peers added by address.
 * - Per workspace, `<workspace dir>/sync.json`: extra signaling servers and ICE (STUN/TURN) servers,
 *   for a group spread over sites. Kept in the workspace's directory, not in the workspace doc:
 *   addresses are where *this* member reaches others, TURN credentials are secrets, and a setting
 *   that synced would let one member point everyone's connections at a server of their choosing.
 *
 * Both files are written atomically with mode 0600. A file that does not parse or validate is
 * reported and read as the defaults: settings never stop a host from starting.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { cleanSignalingUrls } from '../../../shared/bridge/sync-urls';
import { workspaceSyncSettingsSchema, type WorkspaceSyncSettings } from '../../../shared/bridge/sync';
import { createLogger } from '../../../shared/log';

const log = createLogger('sync-settings');

export const SYNC_SETTINGS_FILE = 'sync.json';
const OWNER_ONLY = 0o600;
const MAX_PORT = 65_535;
/** Peers added by address, kept at most. */
export const MAX_SAVED_PEERS = 32;

export interface HostSyncSettings {
  /** The port our signaling server last listened on (null: none yet). */
  readonly port: number | null;
  /** Where it listens, if the member chose (an address of one interface, or 0.0.0.0); null: the app's default. */
  readonly bind: string | null;
  /** Signaling servers of peers added by address. */
  readonly peers: readonly string[];
}

export const DEFAULT_HOST_SYNC_SETTINGS: HostSyncSettings = { port: null, bind: null, peers: [] };
export const DEFAULT_WORKSPACE_SYNC_SETTINGS: WorkspaceSyncSettings = { signaling: [], iceServers: [] };

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`cannot read ${path}; using the defaults`, error);
    return undefined;
  }
}

async function writeJsonPrivate(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: OWNER_ONLY });
  await rename(tmp, path);
}

/** Validates host settings as read from disk; anything malformed becomes the default. */
export function parseHostSyncSettings(value: unknown): HostSyncSettings {
  if (typeof value !== 'object' || value === null) return DEFAULT_HOST_SYNC_SETTINGS;
  const { port, bind, peers } = value as Record<string, unknown>;
  return {
    port: typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= MAX_PORT ? port : null,
    bind: typeof bind === 'string' && isIP(bind) !== 0 ? bind : null,
    peers: Array.isArray(peers) ? cleanSignalingUrls(peers).slice(0, MAX_SAVED_PEERS) : [],
  };
}

export async function loadHostSyncSettings(dataDir: string): Promise<HostSyncSettings> {
  return parseHostSyncSettings(await readJson(join(dataDir, SYNC_SETTINGS_FILE)));
}

export async function saveHostSyncSettings(dataDir: string, settings: HostSyncSettings): Promise<void> {
  const { port, bind, peers } = settings;
  await writeJsonPrivate(join(dataDir, SYNC_SETTINGS_FILE), { port, bind, peers: peers.slice(0, MAX_SAVED_PEERS) });
}

export function parseWorkspaceSyncSettings(value: unknown, where = 'workspace sync settings'): WorkspaceSyncSettings {
  if (value === undefined) return DEFAULT_WORKSPACE_SYNC_SETTINGS;
  const parsed = workspaceSyncSettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  log.warn(`${where} are malformed; using the defaults: ${parsed.error.message}`);
  return DEFAULT_WORKSPACE_SYNC_SETTINGS;
}

export async function loadWorkspaceSyncSettings(workspaceDir: string): Promise<WorkspaceSyncSettings> {
  const path = join(workspaceDir, SYNC_SETTINGS_FILE);
  return parseWorkspaceSyncSettings(await readJson(path), path);
}

export async function saveWorkspaceSyncSettings(workspaceDir: string, settings: WorkspaceSyncSettings): Promise<WorkspaceSyncSettings> {
  const valid = workspaceSyncSettingsSchema.parse(settings);
  await writeJsonPrivate(join(workspaceDir, SYNC_SETTINGS_FILE), valid);
  return valid;
}
