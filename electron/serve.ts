/**
 * Browser mode / headless peer: the same Host as the desktop app, its bridge over a WebSocket and
 * the built renderer over HTTP. `npm run serve -- [--data DIR] [--port N] [--host ADDR] [--peer]
 * [--sync-bind ADDR] [--sync-port N] [--peer-address URL]... [--no-discovery]` (host/serve/args.ts).
 * Built to dist/electron/serve.js, next to dist/renderer.
 */
import { fileURLToPath } from 'node:url';
import { createLogger } from '../shared/log';
import { runServe } from './host/serve/run';

const log = createLogger('serve');

// The one sink for anything unexpected in this process.
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
process.on('uncaughtException', (error) => {
  log.error('uncaught exception', error);
  process.exit(1);
});

await runServe(process.argv.slice(2), {
  rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
  packageJson: fileURLToPath(new URL('../../package.json', import.meta.url)),
});
