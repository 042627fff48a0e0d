/**
 * Two members on two hosts, the setup every such e2e file shares: two `serve` processes with
 * their own data directories, discovery off, B started with A's signaling address (loopback), and
 * one Chromium whose contexts play the members. The hosts sync in Node (WebRTC between the serve
 * processes); Chromium only shows each host's UI.
 *
 * `useTwoHosts()` registers the hooks, as `useAppSuite()` does for one host: call it at the top
 * of a file, then add the file's own `beforeAll` (it runs after the hosts are up). Pages opened with
 * `open()` live for the whole file (members keep their page from one test to the next); a failing
 * test leaves a screenshot of each, and every page's uncaught errors fail the file at the end.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { connectBridge } from '../../electron/host/serve/bridge-call';
import type { Role } from '../../shared/model/members';
import { assertBuilt, launchChromium, makeTempDir, openApp, removeDir, screenshot, startServe, type AppPage, type ServeProcess } from './harness';

/** The line `serve` prints for each signaling address, before its "running at" line (serve/run.ts). */
export const SIGNALING_LINE = /^Peer sync signaling at (ws:\/\/\S+)$/m;
const DEFAULT_VIEWPORT = { width: 1280, height: 800 };
const JOIN_TIMEOUT_MS = 30_000;

export type HostName = 'a' | 'b';

export interface TwoHosts {
  /** The host of the workspace's creator. */
  readonly a: ServeProcess;
  /** The host that reaches A through `--peer-address`. */
  readonly b: ServeProcess;
  /** A fresh browser context on that host's UI (test hook on), kept until the file ends. */
  open(host: HostName): Promise<AppPage>;
  /** Stops a host (SIGTERM): its open pages stay, offline, until `start` brings it back. */
  stop(host: HostName): Promise<void>;
  /**
   * Starts a stopped host again on the same data directory, port and flags; its pages reconnect.
   * (A started again may listen for signaling on another port, which B would not know.)
   */
  start(host: HostName): Promise<void>;
}

/** A's signaling address, as it printed it. */
export function signalingAddress(serve: ServeProcess): string {
  const address = SIGNALING_LINE.exec(serve.output())?.[1];
  if (!address) throw new Error(`the host printed no signaling address:\n${serve.output()}`);
  return address;
}

export function useTwoHosts(name: string, options: { viewport?: { width: number; height: number } } = {}): TwoHosts {
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  let dirs: string[] = [];
  let hostA: ServeProcess | undefined;
  let hostB: ServeProcess | undefined;
  let browser: Browser | undefined;
  const apps: AppPage[] = [];
  const stopped = new Set<HostName>();

  beforeAll(async () => {
    assertBuilt();
    dirs = [await makeTempDir(`cp-e2e-${name}-a-`), await makeTempDir(`cp-e2e-${name}-b-`)];
    hostA = await startServe({ dataDir: dirs[0] as string });
    hostB = await startServe({ dataDir: dirs[1] as string, args: peerOf(hostA) });
    browser = await launchChromium();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    for (const [i, app] of apps.entries()) await screenshot(app.page, `${name}-failed-${i}`).catch(() => undefined);
  });

  afterAll(async () => {
    try {
      for (const app of apps) app.assertNoPageErrors();
    } finally {
      await browser?.close();
      await Promise.all([stopped.has('a') ? null : hostA?.stop(), stopped.has('b') ? null : hostB?.stop()]);
      await Promise.all(dirs.map((dir) => removeDir(dir)));
    }
  });

  const started = (serve: ServeProcess | undefined) => {
    if (!serve) throw new Error('setup failed: the hosts did not start');
    return serve;
  };
  return {
    get a() {
      return started(hostA);
    },
    get b() {
      return started(hostB);
    },
    async open(host) {
      if (!browser) throw new Error('setup failed: no browser');
      const context = await browser.newContext({ viewport });
      await context.addInitScript(() => localStorage.setItem('COMMONPLACE_TEST', '1'));
      const app = await openApp(browser, started(host === 'a' ? hostA : hostB), context);
      apps.push(app);
      return app;
    },
    async stop(host) {
      if (stopped.has(host)) throw new Error(`host ${host} is already stopped`);
      stopped.add(host);
      await started(host === 'a' ? hostA : hostB).stop();
    },
    async start(host) {
      if (!stopped.has(host)) throw new Error(`host ${host} is running`);
      const serve = started(host === 'a' ? hostA : hostB);
      // B's flags name A's signaling address, which does not change while A runs on its port.
      const restarted = await startServe({ dataDir: serve.dataDir, port: serve.port, args: host === 'b' ? peerOf(started(hostA)) : [] });
      stopped.delete(host);
      if (host === 'a') hostA = restarted;
      else hostB = restarted;
    },
  };
}

/** B's extra flags: reach A's signaling server directly (discovery is off). */
function peerOf(a: ServeProcess): string[] {
  return ['--peer-address', signalingAddress(a)];
}

/** Sets the member's name on a host, as they would in their profile. */
/**
 * Routes the page to a workspace and waits until the app stays there. A renderer that listed its
 * workspaces a moment before a join landed falls back to another workspace (with a welcome page
 * of the same title: a test would go on in the wrong one); asking again once the list has it sticks.
 */
export async function goToWorkspace(page: Page, workspaceId: string, timeoutMs = 30_000): Promise<void> {
  const prefix = `#/${workspaceId}`;
  await expect
    .poll(
      async () => {
        const hash = await page.evaluate(() => location.hash);
        if (!hash.startsWith(prefix)) await page.evaluate((h) => (location.hash = h), prefix);
        return hash.startsWith(prefix);
      },
      { timeout: timeoutMs, interval: 200 },
    )
    .toBe(true);
}

export async function setProfileName(serve: ServeProcess, name: string): Promise<void> {
  await setProfile(serve, { name });
}

/** Sets the member's name and/or colour on a host; pages open on it show it once reloaded (they read it as they load). */
export async function setProfile(serve: ServeProcess, profile: { name?: string; color?: string }): Promise<void> {
  const bridge = await connectBridge(serve.port, serve.token);
  try {
    await bridge.call('app', 'setProfile', profile);
  } finally {
    bridge.close();
  }
}

/**
 * B joins A's first workspace with an invite link made on A for `role`, through the hosts'
 * bridges (the invite UI has its own test, two-hosts.test.ts). Resolves with the workspace id.
 */
export async function joinByLink(a: ServeProcess, b: ServeProcess, options: { role: Role; name: string }): Promise<string> {
  const bridgeA = await connectBridge(a.port, a.token);
  let link: string;
  try {
    const [workspace] = await bridgeA.call<Array<{ id: string }>>('workspaces', 'list');
    ({ link } = await bridgeA.call<{ link: string }>('sync', 'createInvite', { workspaceId: workspace?.id, role: options.role }));
  } finally {
    bridgeA.close();
  }
  const bridgeB = await connectBridge(b.port, b.token);
  try {
    return (await bridgeB.call<{ id: string }>('sync', 'join', { invite: link, name: options.name })).id;
  } finally {
    bridgeB.close();
  }
}

/**
 * From the UI: the inviter makes an invite for `role` in the share dialog, and the joiner types its
 * short code in "Join a workspace" under `name`. Resolves once the joiner's dialog has closed.
 */
export async function joinByCode(inviter: Page, joiner: Page, options: { role: Role; name: string }): Promise<void> {
  await inviter.locator('[data-testid=open-share]').click();
  await inviter.locator('[data-testid=invite-role]').selectOption(options.role);
  await inviter.locator('[data-testid=create-invite]').click();
  const code = (await inviter.locator('[data-testid=invite-code]').textContent({ timeout: JOIN_TIMEOUT_MS }))?.trim() ?? '';
  await inviter.locator('[data-testid=share-dialog] button[type=submit]').click();

  await joiner.locator('[data-testid=workspace-switcher]').click();
  await joiner.getByRole('menuitem', { name: 'Join a workspace…' }).click();
  await joiner.locator('[data-testid=join-invite]').fill(code);
  await joiner.locator('[data-testid=join-name]').fill(options.name);
  await joiner.locator('[data-testid=join-submit]').click();
  await joiner.locator('[data-testid=join-dialog]').waitFor({ state: 'detached', timeout: JOIN_TIMEOUT_MS });
}
