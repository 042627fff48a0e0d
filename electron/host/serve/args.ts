/**
 * `serve`'s command line, parsed with node:util parseArgs into a verdict (never exits itself), so
 * every refusal is tested and `serve.ts` decides how to leave.
 */
import { parseArgs } from 'node:util';
import { checkSignalingUrl } from '../../../shared/bridge/sync-urls';

export const DEFAULT_BIND_HOST = '127.0.0.1';
/** Where an always-on peer's signaling server listens: every interface, so the LAN reaches it. */
export const PEER_SYNC_BIND = '0.0.0.0';
const MAX_PORT = 65_535;

export const USAGE = `Usage: npm run serve -- [options]

Runs Commonplace headless and serves its UI to a browser on this machine.

Options:
  --data <dir>    data directory (default: the desktop app's)
  --port <n>      port to listen on (default: 0, any free port)
  --host <addr>   address to bind (default: ${DEFAULT_BIND_HOST}; anything else exposes the UI
                  to the network, protected by the session token only)
  --new-token     forget the saved session token and make a new one
  --help          show this help

Peer sync:
  --peer                 run as an always-on peer: open every workspace at start and keep
                         syncing them all; the signaling server listens on the LAN
                         (${PEER_SYNC_BIND}) on a port kept in <data>/sync.json
  --sync-bind <addr>     address of the signaling server (default: ${DEFAULT_BIND_HOST}; with
                         --peer: ${PEER_SYNC_BIND})
  --sync-port <n>        port of the signaling server (default: any free port; with --peer:
                         the one used last time)
  --peer-address <url>   a peer's signaling server (ws://host:port), repeatable: sync with it
                         even where LAN discovery cannot see it
  --no-discovery         do not look for peers on the LAN (mDNS)
  --discovery-interface <name>
                         look for peers only on this interface (name or IPv4 address),
                         repeatable; default: every interface that can multicast
`;

export interface ServeArgs {
  /** Undefined: the desktop app's data directory. */
  readonly dataDir: string | undefined;
  readonly port: number;
  readonly bindHost: string;
  readonly newToken: boolean;
  readonly help: boolean;
  /** `--peer`: an always-on peer that syncs every workspace it holds. */
  readonly peer: boolean;
  readonly sync: {
    /** Undefined: 127.0.0.1, or the LAN for a peer. */
    readonly bind: string | undefined;
    /** Undefined: any free port, or the kept one for a peer. */
    readonly port: number | undefined;
    readonly peers: readonly string[];
    readonly discovery: boolean;
    /** Empty: every interface able to multicast. */
    readonly discoveryInterfaces: readonly string[];
  };
}

export type ArgsVerdict = { ok: true; args: ServeArgs } | { ok: false; message: string };

export function parseServeArgs(argv: readonly string[]): ArgsVerdict {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'new-token': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        peer: { type: 'boolean', default: false },
        'sync-bind': { type: 'string' },
        'sync-port': { type: 'string' },
        'peer-address': { type: 'string', multiple: true, default: [] },
        'no-discovery': { type: 'boolean', default: false },
        'discovery-interface': { type: 'string', multiple: true, default: [] },
      },
    }));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || !Number.isInteger(port) || port > MAX_PORT) {
    return { ok: false, message: `--port must be a whole number from 0 to ${MAX_PORT}, got ${JSON.stringify(values.port)}` };
  }
  if (values.data !== undefined && values.data.trim() === '') return { ok: false, message: '--data needs a directory' };
  if (values.host !== undefined && values.host.trim() === '') return { ok: false, message: '--host needs an address' };
  const syncPort = values['sync-port'];
  if (syncPort !== undefined && (!/^\d+$/.test(syncPort) || Number(syncPort) > MAX_PORT)) {
    return { ok: false, message: `--sync-port must be a whole number from 0 to ${MAX_PORT}, got ${JSON.stringify(syncPort)}` };
  }
  const syncBind = values['sync-bind'];
  if (syncBind !== undefined && syncBind.trim() === '') return { ok: false, message: '--sync-bind needs an address' };
  const discoveryInterfaces = values['discovery-interface'].map((name) => name.trim());
  if (discoveryInterfaces.some((name) => !/^[\w.:-]{1,64}$/.test(name))) {
    return { ok: false, message: '--discovery-interface needs an interface name or an IPv4 address' };
  }
  const peers: string[] = [];
  for (const address of values['peer-address']) {
    const verdict = checkSignalingUrl(address);
    if (!verdict.ok) return { ok: false, message: `--peer-address ${JSON.stringify(address)}: ${verdict.reason}` };
    peers.push(verdict.url);
  }
  return {
    ok: true,
    args: {
      dataDir: values.data,
      port,
      bindHost: values.host ?? DEFAULT_BIND_HOST,
      newToken: values['new-token'],
      help: values.help,
      peer: values.peer,
      sync: {
        bind: syncBind?.trim(),
        port: syncPort === undefined ? undefined : Number(syncPort),
        peers,
        discovery: !values['no-discovery'],
        discoveryInterfaces,
      },
    },
  };
}
