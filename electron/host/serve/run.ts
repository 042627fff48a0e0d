/**
 * `serve` from command line to shutdown: parse the flags, open the Host on the data directory,
 * start the server, print the one line tests and people read, and close cleanly on a signal.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '../../../shared/log';
import { Host } from '../host';
import { USAGE, parseServeArgs } from './args';
import { defaultDataDir } from './data-dir';
import { startServeServer } from './server';
import { loadOrCreateToken } from './session-token';
import { INDEX_FILE } from './static-files';

const log = createLogger('serve');
export const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;
/** The line tests parse: `Commonplace is running at http://127.0.0.1:PORT/?token=TOKEN`. */
export const RUNNING_PREFIX = 'Commonplace is running at ';

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
    host = await Host.open({ dataDir, mode: 'browser', version: await readVersion(paths.packageJson) });
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

  out(`${RUNNING_PREFIX}${server.url}`);
  out(`Data directory: ${dataDir}`);
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
      .then(() => host.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('could not close cleanly', error);
          process.exit(EXIT_FAILURE);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
