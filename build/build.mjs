// Builds everything `npm start`, `npm run serve` and `npm run dist` need into dist/:
//   dist/renderer/             the React app (Vite)
//   dist/electron/main.cjs     Electron main process (esbuild; native modules stay external)
//   dist/electron/preload.cjs  the sandboxed preload (one self-contained CommonJS file)
//   dist/electron/serve.js     browser mode / headless peer (ESM, dependencies from node_modules)
// `node build/build.mjs renderer` or `... electron` builds one half.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const NATIVE = ['classic-level', '@roamhq/wrtc', 'node-datachannel'];
const only = process.argv[2];

if (!only || only === 'renderer') {
  await vite({ configFile: `${root}build/vite.renderer.config.ts`, logLevel: 'warn' });
}

if (!only || only === 'electron') {
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  const builds = [
    esbuild({ ...common, entryPoints: ['electron/serve.ts'], outfile: 'dist/electron/serve.js', format: 'esm', packages: 'external' }),
  ];
  if (existsSync(`${root}electron/main.ts`)) {
    builds.push(
      esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron', ...NATIVE] }),
      esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
    );
  }
  await Promise.all(builds);
}
