/**
 * Removing a member (issue 5): A, the steward, removes C. The workspace key rotates: B adopts the
 * new key (sealed to it in the rotation record) and moves its rooms, C cannot. Edits made
 * afterwards — on A and on B — never reach C's host, while A and B keep syncing, also after B
 * restarts on the new key. C keeps what it already had.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, HostProcess, stateOf, tempDir } from './fixtures/sync-harness';

const CONVERGE_MS = 30_000;
/** How long edits get to reach C, if anything still carried them. */
const SETTLE_MS = 6_000;

const dirs: Array<{ path: string; remove(): Promise<void> }> = [];
const hosts: Record<'a' | 'b' | 'c', HostProcess | null> = { a: null, b: null, c: null };
const ids: Record<string, string> = {};
const ports: number[] = [];
let workspaceFile = '';
let pageId = '';

const host = (name: keyof typeof hosts): HostProcess => {
  const h = hosts[name];
  if (!h) throw new Error(`host ${name} is not running`);
  return h;
};
const text = async (name: keyof typeof hosts, page = pageId) => String((await host(name).request('text', { pageId: page })).text);
const signaling = () => ports.map((port) => `ws://127.0.0.1:${port}`);

async function start(name: 'a' | 'b' | 'c', index: number, join?: string): Promise<void> {
  const { host: h, ready } = await HostProcess.start({ dataDir: dirs[index]!.path, port: ports[index], join, signal: signaling() });
  hosts[name] = h;
  ids[name] = ready.hostId;
  if (name === 'a') workspaceFile = ready.workspaceFile;
}

async function converged(names: Array<keyof typeof hosts>): Promise<void> {
  await eventually(async () => {
    const states = await Promise.all(names.map((n) => stateOf(host(n))));
    return states.every((s) => s.workspace === states[0]!.workspace && JSON.stringify(s.pages) === JSON.stringify(states[0]!.pages));
  }, CONVERGE_MS);
}

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    dirs.push(await tempDir(`cp-removal-${i}-`));
    ports.push(await freePort());
  }
  await start('a', 0);
  pageId = String((await host('a').request('createPage', { title: 'Shared notes', paragraphs: ['before the removal'] })).pageId);
  await start('b', 1, workspaceFile);
  await start('c', 2, workspaceFile);
});

afterAll(async () => {
  await Promise.all(Object.values(hosts).map((h) => h?.stop()));
  await Promise.all(dirs.map((d) => d.remove()));
});

describe('removing a member', () => {
  it('first, all three sync', async () => {
    await converged(['a', 'b', 'c']);
    await host('c').request('edit', { pageId, append: 'C was here' });
    await converged(['a', 'b', 'c']);
    expect(await text('a')).toContain('C was here');
  });

  it('rotates the key to the remaining members only', async () => {
    const keyBefore = (await host('a').request('roles')).key;
    const { unreachable } = await host('a').request('remove', { memberId: ids.c });
    expect(unreachable).toEqual([]);
    const a = await host('a').request('roles');
    expect(a.epoch).toBe(1);
    expect(a.key).not.toBe(keyBefore);
    expect((a.members as Record<string, string>)[ids.c!]).toBe('removed');
    await eventually(async () => (await host('b').request('roles')).key === a.key, CONVERGE_MS);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await host('c').request('roles')).key).toBe(keyBefore);
  });

  it("edits made afterwards never reach the removed member's host; the others keep syncing", async () => {
    await host('a').request('edit', { pageId, append: 'after the removal, from A' });
    await host('b').request('edit', { pageId, append: 'after the removal, from B' });
    const newPage = String((await host('a').request('createPage', { title: 'Made after the removal', paragraphs: ['secret plans'] })).pageId);
    await host('c').request('edit', { pageId, append: 'C after its removal' });
    await converged(['a', 'b']);
    const t = await text('b');
    expect(t).toContain('after the removal, from A');
    expect(t).toContain('after the removal, from B');
    expect(t).not.toContain('C after its removal');
    expect(await text('b', newPage)).toContain('secret plans');

    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const c = await stateOf(host('c'));
    expect(Object.keys(c.pages)).not.toContain(newPage);
    const cText = await text('c');
    expect(cText).not.toContain('after the removal');
    expect(cText).toContain('C was here'); // it keeps what it had
    // Neither honest host keeps a connection with it (it retries, and is refused at each handshake).
    for (const name of ['a', 'b'] as const) expect((await host(name).request('status')).peers).not.toContain(ids.c);
    expect(await text('a')).not.toContain('C after its removal');
  });

  it('B, restarted, is back on the new key with A; C still gets nothing', async () => {
    await host('b').stop();
    await start('b', 1);
    await host('a').request('edit', { pageId, append: 'after B restarted' });
    await eventually(async () => (await text('b')).includes('after B restarted'), CONVERGE_MS);
    expect((await host('b').request('roles')).epoch).toBe(1);
    await new Promise((r) => setTimeout(r, SETTLE_MS / 2));
    expect(await text('c')).not.toContain('after B restarted');
    for (const name of ['a', 'b', 'c'] as const) expect((await host(name).request('status')).unhandled).toBe(0);
  });
});
