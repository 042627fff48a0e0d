/**
 * The e2e harness: the built app served by `serve` (a real process on a temp data dir, port 0),
 * driven in Debian's Chromium through playwright-core. Missing pieces throw, never skip: a run
 * whose browser could not start must fail, not pass empty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVE_JS = join(ROOT, 'dist', 'electron', 'serve.js');
export const RENDERER_INDEX = join(ROOT, 'dist', 'renderer', 'index.html');
export const CHROMIUM_PATH = process.env.COMMONPLACE_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = join(ROOT, 'test-results', 'e2e');
/** The line `serve` prints once it listens (see electron/host/serve/run.ts). */
export const RUNNING_LINE = /^Commonplace is running at (http:\/\/\S+)$/m;

const SERVE_START_TIMEOUT_MS = 30_000;
const SERVE_STOP_TIMEOUT_MS = 10_000;
const SOURCE_DIRS = ['electron', 'shared', 'renderer'];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// ---- build ---------------------------------------------------------------------------------

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Throws unless dist/ holds a build at least as new as every source file it is built from. */
export function assertBuilt(): void {
  for (const output of [SERVE_JS, RENDERER_INDEX]) {
    if (!existsSync(output)) throw new Error(`${output} is missing: run \`npm run build\` before these tests.`);
  }
  const built = Math.min(statSync(SERVE_JS).mtimeMs, statSync(RENDERER_INDEX).mtimeMs);
  const newest = Math.max(...SOURCE_DIRS.map((dir) => newestSource(join(ROOT, dir))));
  if (newest > built) throw new Error('dist/ is older than the sources: run `npm run build` before these tests.');
}

export async function makeTempDir(prefix = 'commonplace-e2e-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

// ---- serve ---------------------------------------------------------------------------------

export interface ServeProcess {
  /** The printed URL, token included. */
  readonly url: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly dataDir: string;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  /** SIGTERM, as a person's Ctrl-C would; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `node dist/electron/serve.js --data <dataDir> --port <port>` and waits for its URL. */
export async function startServe(options: { dataDir: string; port?: number; args?: string[] }): Promise<ServeProcess> {
  // Tests that do not test discovery turn it off: no mDNS from a test on the machine's interfaces.
  const args = [SERVE_JS, '--data', options.dataDir, '--port', String(options.port ?? 0), '--no-discovery', ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start within ${SERVE_START_TIMEOUT_MS} ms:\n${output}`)), SERVE_START_TIMEOUT_MS);
    const onData = () => {
      const match = RUNNING_LINE.exec(output);
      if (match?.[1]) done(() => resolve(match[1] as string));
    };
    const onExit = (code: number | null) => fail(new Error(`serve exited (${code}) before it was running:\n${output}`));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    const fail = (error: Error) =>
      done(() => {
        child.kill('SIGKILL');
        reject(error);
      });
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });

  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    dataDir: options.dataDir,
    output: () => output,
    async stop() {
      const done = exited(child);
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), SERVE_STOP_TIMEOUT_MS).unref());
      const result = await Promise.race([done, timeout]);
      if (result !== 'timeout') return result;
      child.kill('SIGKILL');
      throw new Error(`serve did not stop within ${SERVE_STOP_TIMEOUT_MS} ms of SIGTERM:\n${output}`);
    },
    async kill() {
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
  };
}

// ---- browser -------------------------------------------------------------------------------

/** Launches Debian's Chromium headless; throws (never skips) when it is missing or cannot start. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: \`apt-get install -y chromium\` (or set COMMONPLACE_CHROMIUM).`);
  }
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM_PATH} did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export interface AppPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and unhandled rejections in the page. */
  readonly pageErrors: Error[];
  /** console.error lines (kept for failure reports; not failures by themselves). */
  readonly consoleErrors: string[];
  /** Throws if the page had an uncaught error. */
  assertNoPageErrors(): void;
  close(): Promise<void>;
}

/** Opens the printed URL in a fresh context (its own profile: cookies, IndexedDB). */
export async function openApp(browser: Browser, serve: ServeProcess, context?: BrowserContext): Promise<AppPage> {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  const page = await ctx.newPage();
  const pageErrors: Error[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(serve.url);
  return {
    context: ctx,
    page,
    pageErrors,
    consoleErrors,
    assertNoPageErrors() {
      if (pageErrors.length === 0) return;
      const list = pageErrors.map((e) => `  ${e.stack ?? e.message}`).join('\n');
      throw new Error(`uncaught errors in the page:\n${list}\nconsole errors:\n  ${consoleErrors.join('\n  ')}`);
    },
    async close() {
      if (context) await page.close();
      else await ctx.close();
    },
  };
}

/**
 * Saves what the window shows as test-results/e2e/<name>.png and returns its path. The app fills
 * the window and scrolls inside it, so this is all a user sees; a full-page capture measured a
 * taller document now and then and stretched the layout. Animations are finished first: a dialog
 * caught mid-fade showed the page through it.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/**
 * The usual e2e file setup: one `serve` on a fresh data dir and one Chromium for the file; each
 * `open()` is a fresh browser context with the test hook on. After each test: screenshots of every
 * open page if it failed, a failure for uncaught page errors, and the contexts closed.
 */
export function useAppSuite(name: string, options: { viewport?: { width: number; height: number } } = {}) {
  const viewport = options.viewport ?? { width: 1280, height: 900 };
  let dataDir: string | undefined;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  const apps: AppPage[] = [];

  beforeAll(async () => {
    assertBuilt();
    dataDir = await makeTempDir();
    browser = await launchChromium();
    serve = await startServe({ dataDir });
  });

  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    for (const [i, app] of apps.entries()) {
      if (failed) await screenshot(app.page, `${name}-failed-${i}`).catch(() => undefined);
    }
    const opened = apps.splice(0);
    try {
      for (const app of opened) app.assertNoPageErrors();
    } finally {
      for (const app of opened) await app.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await removeDir(dataDir);
  });

  return {
    async open(): Promise<AppPage> {
      if (!browser || !serve) throw new Error('setup failed');
      const context = await browser.newContext({ viewport });
      await context.addInitScript(() => localStorage.setItem('COMMONPLACE_TEST', '1'));
      const app = await openApp(browser, serve, context);
      apps.push(app);
      return app;
    },
    /** Stops the host and starts it again on the same data dir and port. */
    async restart(): Promise<void> {
      if (!serve || !dataDir) throw new Error('setup failed');
      const port = serve.port;
      await serve.stop();
      serve = await startServe({ dataDir, port });
    },
  };
}
