// `npm start`: launch the desktop app. Where the Electron binary is not installed (machines that
// cannot download it, installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1), say so and run the very
// same host in browser mode instead, so the command still gives a working app.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null; // electron is a devDependency: absent in a production install
  }
}

const binary = electronBinary();
const [command, args] = binary
  ? [binary, [root, ...process.argv.slice(2)]]
  : [process.execPath, [join(root, 'dist/electron/serve.js'), ...process.argv.slice(2)]];
if (!binary) {
  console.log('The Electron binary is not installed here; starting Commonplace in browser mode.');
  console.log('Open the URL below in a browser (install Electron with `npx install-electron` for the desktop app).');
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
