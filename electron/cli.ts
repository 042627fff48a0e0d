/**
 * `npm run cli -- import|export …`: Markdown import and export without the UI (see
 * host/transfer/cli-run.ts); `npm run cli -- invite|join …`: invites and joining (see
 * host/sync/cli-sync.ts); `npm run cli -- --help`. Runs under tsx from the sources.
 */
import { readFile } from 'node:fs/promises';
import { createLogger } from '../shared/log';
import { runCli } from './host/transfer/cli-run';
import { runSyncCli } from './host/sync/cli-sync';
import { SYNC_CLI_USAGE } from './host/sync/cli-sync-args';

const log = createLogger('cli');

// The one sink for anything unexpected in this process.
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));

async function version(): Promise<string> {
  try {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : '0.0.0';
  } catch (error) {
    log.debug('cannot read the version from package.json', error);
    return '0.0.0';
  }
}

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};
const argv = process.argv.slice(2);
const command = argv.find((arg) => !arg.startsWith('-'));
let code: number;
if (command === 'invite' || command === 'join') code = await runSyncCli(argv, io);
else {
  code = await runCli(argv, io, await version());
  if (command === undefined && argv.some((arg) => arg === '--help' || arg === '-h')) io.out(SYNC_CLI_USAGE);
}
// Exit once stdout has drained: services the Host started may hold timers.
process.stdout.write('', () => process.exit(code));
