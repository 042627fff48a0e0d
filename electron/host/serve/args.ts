/**
 * `serve`'s command line, parsed with node:util parseArgs into a verdict (never exits itself), so
 * every refusal is tested and `serve.ts` decides how to leave.
 */
import { parseArgs } from 'node:util';

export const DEFAULT_BIND_HOST = '127.0.0.1';
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
`;

export interface ServeArgs {
  /** Undefined: the desktop app's data directory. */
  readonly dataDir: string | undefined;
  readonly port: number;
  readonly bindHost: string;
  readonly newToken: boolean;
  readonly help: boolean;
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
  return {
    ok: true,
    args: {
      dataDir: values.data,
      port,
      bindHost: values.host ?? DEFAULT_BIND_HOST,
      newToken: values['new-token'],
      help: values.help,
    },
  };
}
