/**
 * A page of several megabytes reaches a freshly started host, by catch-up and through a live
 * page room. Stock y-webrtc sends a joiner's missing state as one data-channel message, which
 * is dropped over 256 KiB: without framing this page would never arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HostProcess, stateOf, tempDir } from './fixtures/sync-harness';

const MEGABYTES = 5;
const ARRIVE_MS = 40_000;

const cleanup: Array<() => Promise<void>> = [];
let a: HostProcess;
let workspaceFile = '';
let signaling = '';
let pageId = '';
let expected: { length: number; content: string } | undefined;

beforeAll(async () => {
  const dir = await tempDir('cp-sync-big-a-');
  const started = await HostProcess.start({ dataDir: dir.path });
  a = started.host;
  workspaceFile = started.ready.workspaceFile;
  signaling = started.ready.signaling;
  cleanup.push(() => dir.remove(), () => a.stop()); // run in reverse: stop, then remove
  const t0 = Date.now();
  pageId = String((await a.request('createPage', { title: 'Big', megabytes: MEGABYTES })).pageId);
  expected = (await stateOf(a)).pages[pageId];
  console.log(`created a ${expected?.length} character page in ${Date.now() - t0} ms`);
});

afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function fresh(name: string, noCatchUp = false): Promise<HostProcess> {
  const dir = await tempDir(`cp-sync-big-${name}-`);
  const { host } = await HostProcess.start({ dataDir: dir.path, join: workspaceFile, signal: [signaling], noCatchUp });
  cleanup.push(() => dir.remove(), () => host.stop());
  return host;
}

describe(`a ${MEGABYTES} MB page`, () => {
  it('reaches a fresh host by catch-up', async () => {
    expect(expected?.length).toBeGreaterThan(MEGABYTES * 1024 * 1024);
    const b = await fresh('b');
    const ms = await eventually(async () => (await stateOf(b)).pages[pageId]?.content === expected?.content, ARRIVE_MS, () => b.stderr.slice(-2000));
    console.log(`arrived by catch-up in ${ms} ms`);
  });

  it('reaches a fresh host through the page room (catch-up off)', async () => {
    const c = await fresh('c', true);
    await a.request('open', { pageId });
    await c.request('open', { pageId });
    const ms = await eventually(async () => (await stateOf(c)).pages[pageId]?.content === expected?.content, ARRIVE_MS, () => c.stderr.slice(-2000));
    console.log(`arrived through the page room in ${ms} ms`);
    expect((await c.request('status')).unhandled).toBe(0);
  });
});
