/**
 * The connection watchdog: a peer that crashed (SIGKILL) and restarted, and a peer whose first
 * connection never formed (its offer lost by the signaling server), are back in sync within the
 * watchdog period plus a margin. y-webrtc alone never retries the second case.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WATCHDOG_MS } from '../../electron/host/sync/sync-room';
import { SignalingServer } from '../../electron/host/sync/signaling-server';
import { eventually, freePort, HostProcess, stateOf, tempDir } from './fixtures/sync-harness';

/** Connection set-up, signaling reconnect backoff (lib0: up to 2.5 s) and polling. */
const MARGIN_MS = 4_000;
/** Offers and answers carry an SDP; announces and candidates are far shorter. */
const SDP_MESSAGE_CHARS = 800;

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
afterAll(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function same(x: HostProcess, y: HostProcess): Promise<boolean> {
  const [sx, sy] = await Promise.all([stateOf(x), stateOf(y)]);
  return sx.workspace === sy.workspace && JSON.stringify(sx.pages) === JSON.stringify(sy.pages);
}

async function start(name: string, options: Parameters<typeof HostProcess.start>[0] extends infer O ? Omit<O & object, 'dataDir'> : never, dir?: string) {
  let data = dir;
  if (!data) {
    const created = await tempDir(`cp-sync-wd-${name}-`);
    cleanup.push(() => created.remove()); // runs after the host's stop (cleanup runs in reverse)
    data = created.path;
  }
  const started = await HostProcess.start({ ...options, dataDir: data });
  cleanup.push(() => started.host.stop());
  return { ...started, dir: data };
}

describe('watchdog', () => {
  it('a crashed and restarted peer is back in sync within the watchdog period', async () => {
    const portA = await freePort();
    const a = await start('a', { port: portA });
    const b = await start('b', { join: a.ready.workspaceFile, signal: [a.ready.signaling] });
    const pageId = String((await a.host.request('createPage', { title: 'Crash', paragraphs: ['one'] })).pageId);
    await eventually(() => same(a.host, b.host), 20_000);

    // B dies; A writes meanwhile; B comes back from its data dir.
    await b.host.kill();
    await a.host.request('edit', { pageId, append: 'while B was dead' });
    const b2 = await start('b', { signal: [a.ready.signaling] }, b.dir);
    const ms = await eventually(() => same(a.host, b2.host), WATCHDOG_MS + MARGIN_MS, () => b2.host.stderr.slice(-2000));
    console.log(`restarted B back in sync ${ms} ms after it was ready`);

    // A dies (its signaling server with it, which B uses); it comes back on the same port.
    await b2.host.request('edit', { pageId, append: 'before A died' });
    await eventually(() => same(a.host, b2.host), 20_000);
    await a.host.kill();
    await b2.host.request('edit', { pageId, append: 'while A was dead' });
    const a2 = await start('a', { port: portA }, a.dir);
    const ms2 = await eventually(() => same(a2.host, b2.host), WATCHDOG_MS + MARGIN_MS, () => a2.host.stderr.slice(-2000));
    console.log(`restarted A back in sync ${ms2} ms after it was ready`);
    expect(String((await a2.host.request('text', { pageId })).text)).toContain('while A was dead');
  });

  /** A signaling server that loses the first offer (or answer) it should relay. */
  async function losingServer(): Promise<{ url: string; dropped: () => number }> {
    let dropped = 0;
    const server = await SignalingServer.start({
      onRelay: (_topic, message) => {
        if (dropped > 0 || message.length < SDP_MESSAGE_CHARS) return true;
        dropped++;
        return false;
      },
    });
    cleanup.push(() => server.close());
    return { url: server.url, dropped: () => dropped };
  }

  it('a peer whose first connection never formed reconnects', async () => {
    const server = await losingServer();
    const a = await start('a', { signal: [server.url] });
    await a.host.request('createPage', { title: 'Lost offer', paragraphs: ['x'] });
    const b = await start('b', { join: a.ready.workspaceFile, signal: [server.url] });
    const dropped = server.dropped;
    const ms = await eventually(() => same(a.host, b.host), WATCHDOG_MS + MARGIN_MS, async () => `${a.host.stderr.slice(-1500)}\n${b.host.stderr.slice(-1500)}`);
    expect(dropped()).toBe(1);
    const recreated = Number((await a.host.request('status')).recreated) + Number((await b.host.request('status')).recreated);
    expect(recreated).toBeGreaterThan(0);
    console.log(`in sync ${ms} ms after B was ready, despite the lost offer (watchdog ${WATCHDOG_MS} ms)`);
  });

  it('(control) without the watchdog, that peer stays out of sync', async () => {
    const server = await losingServer();
    const never = 10 * 60_000;
    const a = await start('a', { signal: [server.url], watchdogMs: never });
    await a.host.request('createPage', { title: 'Lost offer', paragraphs: ['x'] });
    const b = await start('b', { join: a.ready.workspaceFile, signal: [server.url], watchdogMs: never });
    // With the watchdog the pair is in sync about WATCHDOG_MS + 0.7 s after B starts.
    await new Promise((r) => setTimeout(r, WATCHDOG_MS + 2_000));
    expect(server.dropped()).toBe(1);
    expect(await same(a.host, b.host)).toBe(false);
  });
});
