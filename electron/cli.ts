/**
 * `npm run cli -- import|export …`: Markdown import and export without the UI (see
 * host/transfer/cli-run.ts and `npm run cli -- --help`). Runs under tsx from the sources.
 */
import { readFile } from 'node:fs/promises';
import { createLogger } from '../shared/log';
import { runCli } from './host/transfer/cli-run';

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

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}, await version());
// Exit once stdout has drained: services the Host started may hold timers.
process.stdout.write('', () => process.exit(code));
