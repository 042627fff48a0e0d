/**
 * `serve` from command line to shutdown: parse the flags, open the Host on the data directory,
 * start the server, print the one line tests and people read, and close cleanly on a signal.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { Host } from '../host';
import { DEFAULT_BIND_HOST, PEER_SYNC_BIND, USAGE, parseServeArgs, type ServeArgs } from './args';
import type { HostSyncOptions } from '../sync/host-sync';
import { unsettledPeerConnections } from '../sync/node-wrtc';
import { removeServeRecord, writeServeRecord } from './serve-record';
import { defaultDataDir } from './data-dir';
import { startServeServer } from './server';
import { loadOrCreateToken } from './session-token';
import { INDEX_FILE } from './static-files';

const log = createLogger('serve');
export const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;
/** The line tests parse: `Commonplace is running at http://127.0.0.1:PORT/?token=TOKEN`. */
export const RUNNING_PREFIX = 'Commonplace is running at ';
/** Before it, one line per address: `Peer sync signaling at ws://HOST:PORT`. */
export const SIGNALING_PREFIX = 'Peer sync signaling at ';
/** Said (as an error) when closing the host left peer connections open: the exit may crash in libwebrtc (node-wrtc.ts). */
export const UNSETTLED_AT_EXIT = 'peer connection(s) still open at exit';

export interface RunPaths {
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** package.json, for the version shown in the app. */
  readonly packageJson: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

export async function runServe(argv: readonly string[], paths: RunPaths): Promise<void> {
  const verdict = parseServeArgs(argv);
  if (!verdict.ok) {
    err(`serve: ${verdict.message}\n\n${USAGE}`);
    process.exit(EXIT_USAGE);
  }
  const args = verdict.args;
  if (args.help) {
    out(USAGE);
    return;
  }
  if (!existsSync(join(paths.rendererDir, INDEX_FILE))) {
    err(`serve: no built renderer in ${paths.rendererDir}; run \`npm run build\` first.`);
    process.exit(EXIT_FAILURE);
  }
  const dataDir = resolve(args.dataDir ?? defaultDataDir({ platform: process.platform, env: process.env, homedir: homedir() }));

  let host: Host;
  try {
    host = await Host.open({ dataDir, mode: 'browser', version: await readVersion(paths.packageJson), sync: syncOptions(args) });
  } catch (error) {
    err(`serve: cannot open the data directory ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
    err('(Is the desktop app, or another serve, using it? Pass --data to use another directory.)');
    process.exit(EXIT_FAILURE);
  }
  const token = await loadOrCreateToken(dataDir, { rotate: args.newToken });
  const server = await startServeServer({ host, rendererDir: paths.rendererDir, token, bindHost: args.bindHost, port: args.port }).catch(
    async (error: unknown) => {
      await host.close();
      err(`serve: cannot listen on ${args.bindHost}:${args.port}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(EXIT_FAILURE);
    },
  );

  await writeServeRecord(dataDir, { pid: process.pid, port: server.port }).catch((error: unknown) => log.warn('cannot record the serve port', error));
  const kept = args.peer ? await keepAllOpen(host) : null;
  out(`Data directory: ${dataDir}`);
  for (const address of host.sync.addresses()) out(`${SIGNALING_PREFIX}${address}`);
  if (kept !== null) out(`Peer: keeping ${kept} workspace${kept === 1 ? '' : 's'} in sync`);
  // Last: whoever waits for this line (people, tests) finds everything above already printed.
  out(`${RUNNING_PREFIX}${server.url}`);
  if (args.bindHost !== '127.0.0.1') out(`Listening on ${args.bindHost}: anyone who can reach it and has the token can use it.`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      err(`serve: ${signal} again, exiting without waiting`);
      process.exit(EXIT_FAILURE);
    }
    stopping = true;
    void server
      .close()
      .then(() => removeServeRecord(dataDir))
      .then(() => host.close())
      .then(
        () => {
          const open = unsettledPeerConnections();
          if (open > 0) log.error(`${open} ${UNSETTLED_AT_EXIT}`);
          process.exit(0);
        },
        (error: unknown) => {
          log.error('could not close cleanly', error);
          process.exit(EXIT_FAILURE);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function syncOptions(args: ServeArgs): HostSyncOptions {
  return {
    bind: args.sync.bind,
    defaultBind: args.peer ? PEER_SYNC_BIND : DEFAULT_BIND_HOST,
    port: args.sync.port,
    persistPort: args.peer,
    peers: args.sync.peers,
    discovery: args.sync.discovery,
    discoveryInterfaces: args.sync.discoveryInterfaces,
  };
}

/** An always-on peer syncs every workspace it holds, not only those a browser opened; returns how many. */
async function keepAllOpen(host: Host): Promise<number> {
  const open = async (list: readonly { id: WorkspaceId; name: string }[]) => {
    for (const { id, name } of list) {
      await host.workspaces.get(id).catch((error: unknown) => log.error(`cannot open workspace ${name} (${id})`, error));
    }
  };
  host.onDidChangeWorkspaces((list) => void open(list)); // joined while running
  const list = await host.workspaces.list();
  await open(list);
  return list.length;
}

async function readVersion(packageJson: string): Promise<string> {
  try {
    const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : '0.0.0';
  } catch (error) {
    log.warn(`cannot read the version from ${packageJson}`, error);
    return '0.0.0';
  }
}
