/**
 * Two hosts in separate processes, real disk, real signaling and WebRTC on loopback, no discovery:
 * they converge on the workspace doc and page docs, with edits both ways, live (page rooms) and
 * by catch-up, including edits made on both sides while apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HostProcess, stateOf, tempDir, type HostState } from './fixtures/sync-harness';

const CONVERGE_MS = 20_000;

let dirs: Array<{ remove(): Promise<void> }> = [];
let a: HostProcess;
let b: HostProcess;

beforeAll(async () => {
  const dirA = await tempDir('cp-sync-a-');
  const dirB = await tempDir('cp-sync-b-');
  dirs = [dirA, dirB];
  const startedA = await HostProcess.start({ dataDir: dirA.path });
  a = startedA.host;
  // B knows A's signaling server (added by address); A knows only its own.
  const startedB = await HostProcess.start({ dataDir: dirB.path, join: startedA.ready.workspaceFile, signal: [startedA.ready.signaling] });
  b = startedB.host;
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all(dirs.map((d) => d.remove()));
});

function same(x: HostState, y: HostState): boolean {
  return x.workspace === y.workspace && JSON.stringify(x.pages) === JSON.stringify(y.pages);
}

async function converged(): Promise<number> {
  return eventually(
    async () => same(await stateOf(a), await stateOf(b)),
    CONVERGE_MS,
    async () => JSON.stringify({ a: await stateOf(a), b: await stateOf(b), stderrA: a.stderr.slice(-1500), stderrB: b.stderr.slice(-1500) }),
  );
}

async function text(host: HostProcess, pageId: string): Promise<string> {
  return String((await host.request('text', { pageId })).text);
}

describe('two hosts', () => {
  let pageId = '';

  it('a fresh host receives the workspace doc and every page', async () => {
    pageId = String((await a.request('createPage', { title: 'Alpha', paragraphs: ['first', 'second'] })).pageId);
    const ms = await converged();
    const state = await stateOf(b);
    expect(state.pageCount).toBe(2); // the welcome guide and Alpha
    expect(await text(b, pageId)).toContain('second');
    console.log(`fresh host converged in ${ms} ms`);
  });

  it('edits go both ways by catch-up (page not open anywhere)', async () => {
    await b.request('edit', { pageId, append: 'from B' });
    await a.request('edit', { pageId, append: 'from A' });
    await converged();
    const t = await text(a, pageId);
    expect(t).toContain('from A');
    expect(t).toContain('from B');
  });

  it('edits go both ways live while the page is open on both', async () => {
    await a.request('open', { pageId });
    await b.request('open', { pageId });
    const joined = await eventually(async () => ((await a.request('pagePeers', { pageId })).peers as string[]).length === 1, CONVERGE_MS);
    console.log(`page room connected in ${joined} ms`);
    await b.request('edit', { pageId, append: 'live from B' });
    await a.request('edit', { pageId, append: 'live from A' });
    const ms = await converged();
    expect(await text(b, pageId)).toContain('live from A');
    console.log(`live edits converged in ${ms} ms`);
    await a.request('close', { pageId });
    await b.request('close', { pageId });
  });

  it('edits made on both sides while apart merge when they meet again', async () => {
    await a.request('syncOff');
    await b.request('syncOff');
    await a.request('edit', { pageId, append: 'offline A' });
    await b.request('edit', { pageId, deleteFirst: true, append: 'offline B' });
    const onlyA = String((await a.request('createPage', { title: 'Made on A alone', paragraphs: ['a'] })).pageId);
    const onlyB = String((await b.request('createPage', { title: 'Made on B alone', paragraphs: ['b'] })).pageId);
    await a.request('syncOn');
    await b.request('syncOn');
    const ms = await converged();
    const t = await text(a, pageId);
    expect(t).toContain('offline A');
    expect(t).toContain('offline B');
    expect(t).not.toContain('first'); // B deleted it
    const state = await stateOf(a);
    expect(Object.keys(state.pages)).toEqual(expect.arrayContaining([onlyA, onlyB]));
    expect(state.pages[onlyB]?.length).toBeGreaterThan(0);
    console.log(`offline edits merged in ${ms} ms after reconnecting`);
    for (const host of [a, b]) expect((await host.request('status')).unhandled).toBe(0);
  });

  it('a page trashed on one side while edited on the other stays recoverable, with the edit', async () => {
    await a.request('syncOff');
    await b.request('syncOff');
    await a.request('trash', { pageId });
    await b.request('edit', { pageId, append: 'edited while A trashed it' });
    await a.request('syncOn');
    await b.request('syncOn');
    await converged();
    const page = (await b.request('page', { pageId })).page as { trashedAt: number | null };
    expect(page.trashedAt).not.toBeNull();
    await b.request('restore', { pageId });
    await converged();
    expect(((await a.request('page', { pageId })).page as { trashedAt: number | null }).trashedAt).toBeNull();
    expect(await text(a, pageId)).toContain('edited while A trashed it');
  });
});
