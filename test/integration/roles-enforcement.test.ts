/**
 * Roles enforced between peers (issue 5): four hosts in separate processes — A, the creator and a
 * steward; B, a contributor; C, a commenter; R, a reader. C and R are modified hosts: the fixture
 * writes straight into their docs (no renderer, no write gate), beyond their roles — C edits a
 * page, renames it and renames the workspace; R does all that and comments too. The honest hosts
 * A and B refuse every such write: their documents stay as they were, also after a restart, while
 * what the roles do permit still flows (B's edit, C's comment, everything to C and R).
 * A commenter may ask: C's question (its record and its body) reaches A and B; a question C forges
 * in A's name, C's words written into A's question, and R's question do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, HostProcess, stateOf, tempDir, type HostState } from './fixtures/sync-harness';

const CONVERGE_MS = 30_000;
/** How long the forbidden writes get to reach the honest hosts (several digest rounds, catch-ups and resyncs). */
const SETTLE_MS = 6_000;

const dirs: Array<{ path: string; remove(): Promise<void> }> = [];
const hosts: Record<'a' | 'b' | 'c' | 'r', HostProcess | null> = { a: null, b: null, c: null, r: null };
const ids: Record<string, string> = {};
let portA = 0;
let portB = 0;
let workspaceFile = '';
let pageId = '';
let commentsDoc = '';

const host = (name: keyof typeof hosts): HostProcess => {
  const h = hosts[name];
  if (!h) throw new Error(`host ${name} is not running`);
  return h;
};
const text = async (name: keyof typeof hosts, page = pageId) => String((await host(name).request('text', { pageId: page })).text);
const signaling = () => [`ws://127.0.0.1:${portA}`, `ws://127.0.0.1:${portB}`];

async function start(name: keyof typeof hosts, dir: string, options: { join?: string; invite?: string; port?: number } = {}): Promise<void> {
  const { host: h, ready } = await HostProcess.start({ dataDir: dir, port: options.port, join: options.join, invite: options.invite, signal: signaling() });
  hosts[name] = h;
  ids[name] = ready.hostId;
  if (name === 'a') workspaceFile = ready.workspaceFile;
}

/** What the honest hosts must keep: the page tree, page contents, the workspace's name, comments. */
async function honestView(name: 'a' | 'b'): Promise<{ state: HostState; name: unknown; comments: unknown }> {
  const h = host(name);
  return { state: await stateOf(h), name: (await h.request('workspaceHash')).name, comments: await h.request('comments', { pageId }) };
}

const strip = (v: { state: HostState; name: unknown; comments: Record<string, unknown> | unknown }) => JSON.stringify({ ...v, comments: { count: (v.comments as { count: number }).count } });

beforeAll(async () => {
  for (let i = 0; i < 4; i++) dirs.push(await tempDir(`cp-roles-${i}-`));
  [portA, portB] = [await freePort(), await freePort()];
  await start('a', dirs[0]!.path, { port: portA });
  pageId = String((await host('a').request('createPage', { title: 'Practice guide', paragraphs: ['first', 'second'] })).pageId);
  const commenterInvite = String((await host('a').request('invite', { role: 'commenter' })).file);
  const readerInvite = String((await host('a').request('invite', { role: 'reader' })).file);
  await start('b', dirs[1]!.path, { join: workspaceFile, port: portB }); // the creator's contributor invite
  await start('c', dirs[2]!.path, { join: workspaceFile, invite: commenterInvite });
  await start('r', dirs[3]!.path, { join: workspaceFile, invite: readerInvite });
});

afterAll(async () => {
  await Promise.all(Object.values(hosts).map((h) => h?.stop()));
  await Promise.all(dirs.map((d) => d.remove()));
});

describe('roles between peers', () => {
  let before: Awaited<ReturnType<typeof honestView>>;

  it('everyone gets the workspace with its roles; a contributor writes', async () => {
    await eventually(async () => {
      const a = await stateOf(host('a'));
      const all = await Promise.all((['b', 'c', 'r'] as const).map((n) => stateOf(host(n))));
      return all.every((s) => s.workspace === a.workspace && JSON.stringify(s.pages) === JSON.stringify(a.pages));
    }, CONVERGE_MS);
    const roles = (await host('a').request('roles')).members as Record<string, string>;
    expect(roles[ids.b!]).toBe('contributor');
    expect(roles[ids.c!]).toBe('commenter');
    expect(roles[ids.r!]).toBe('reader');
    expect((await host('r').request('roles')).myRole).toBe('reader');
    // B may write: its edit reaches A.
    await host('b').request('edit', { pageId, append: 'written by the contributor' });
    await eventually(async () => (await text('a')).includes('written by the contributor'), CONVERGE_MS);
    // Live rooms of the page and of its comments, joined by everyone.
    commentsDoc = String((await host('a').request('comment', { pageId, body: 'the steward asks' })).docId);
    for (const name of ['a', 'b', 'c', 'r'] as const) {
      await host(name).request('open', { pageId });
      await host(name).request('open', { pageId: commentsDoc });
    }
    await eventually(async () => ((await host('a').request('pagePeers', { pageId })).peers as string[]).length === 3, CONVERGE_MS);
    await eventually(async () => ((await host('a').request('pagePeers', { pageId: commentsDoc })).peers as string[]).length === 3, CONVERGE_MS);
    before = await honestView('a');
    expect(strip(await honestView('b'))).toBe(strip({ ...before, comments: { count: (await host('b').request('comments', { pageId })).count } }));
  });

  it("a commenter's own question reaches the honest hosts; one in another's name, or written into another's, does not", async () => {
    // Before C's forbidden writes below: once an update of C's is refused, C's later updates to the
    // same doc wait (for ever) on the structs we refused, and are refused as pending.
    const anas = String((await host('a').request('ask', { title: 'Ana asks', body: ['what is the first step?'] })).pageId);
    await eventually(async () => (await host('c').request('page', { pageId: anas })).page !== null, CONVERGE_MS);
    const mine = String((await host('c').request('ask', { title: 'How do I calibrate offline?', body: ['the commenter asks in earnest'] })).pageId);
    await host('c').request('edit', { pageId: mine, append: 'more detail from its asker' });
    const forged = String((await host('c').request('ask', { title: 'Forged', body: ['in the steward’s name'], as: ids.a })).pageId);
    await host('c').request('edit', { pageId: anas, append: 'the commenter rewrites the steward’s question' });
    const readers = String((await host('r').request('ask', { title: 'A reader asks', body: ['a reader may not ask'] })).pageId);

    for (const name of ['a', 'b'] as const) {
      await eventually(async () => (await text(name, mine)).includes('more detail from its asker'), CONVERGE_MS);
      const page = (await host(name).request('page', { pageId: mine })).page as { kind: string; createdBy: string; title: string };
      expect(page).toMatchObject({ kind: 'question', createdBy: ids.c, title: 'How do I calibrate offline?' });
    }
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const name of ['a', 'b'] as const) {
      expect((await host(name).request('page', { pageId: forged })).page).toBeNull();
      expect((await host(name).request('page', { pageId: readers })).page).toBeNull();
      expect(await text(name, anas)).not.toContain('commenter rewrites');
      expect(await text(name, anas)).toContain('what is the first step?');
    }
    before = await honestView('a');
  });

  it("a commenter's page edits and a reader's writes of any kind are refused; a commenter's comment is not", async () => {
    const refusedBefore = Number((await host('a').request('refused')).refused);
    await host('c').request('edit', { pageId, append: 'the commenter rewrites the guide' });
    await host('c').request('rename', { pageId, title: 'Renamed by the commenter' });
    await host('c').request('setWorkspaceName', { name: 'Taken over by the commenter' });
    await host('c').request('comment', { pageId, body: 'a fair comment' });
    await host('r').request('edit', { pageId, deleteFirst: true, append: 'the reader rewrites the guide' });
    await host('r').request('rename', { pageId, title: 'Renamed by the reader' });
    await host('r').request('setWorkspaceName', { name: 'Taken over by the reader' });
    await host('r').request('comment', { pageId, body: 'a reader may not comment' });
    await host('r').request('createPage', { title: 'A page by the reader', paragraphs: ['no'] });

    // The allowed comment arrives; then give the forbidden writes every chance to arrive too.
    await eventually(async () => Number((await host('a').request('comments', { pageId })).count) === 2, CONVERGE_MS);
    await new Promise((r) => setTimeout(r, SETTLE_MS));

    for (const name of ['a', 'b'] as const) {
      const t = await text(name);
      expect(t).not.toContain('commenter rewrites');
      expect(t).not.toContain('reader rewrites');
      expect(t).toContain('first');
      const view = await honestView(name);
      expect(view.state.workspace).toBe(before.state.workspace); // no rename, no new page
      expect(view.state.pages).toEqual(before.state.pages);
      expect(view.name).toBe(before.name);
    }
    expect(Number((await host('a').request('comments', { pageId })).count)).toBe(2); // the steward's and the commenter's
    expect(Number((await host('a').request('refused')).refused)).toBeGreaterThan(refusedBefore);
    // The modified hosts did write, locally.
    expect(await text('c')).toContain('commenter rewrites');
    expect(await text('r')).toContain('reader rewrites');
  });

  it('what the steward writes still reaches the commenter and the reader (one-way for the reader)', async () => {
    await host('a').request('edit', { pageId, append: 'the steward adds a step' });
    for (const name of ['c', 'r'] as const) await eventually(async () => (await text(name)).includes('the steward adds a step'), CONVERGE_MS);
    before = await honestView('a');
  });

  it('the honest hosts still hold none of it after a restart', async () => {
    const expected = await honestView('b');
    await host('a').stop();
    await host('b').stop();
    await start('a', dirs[0]!.path, { port: portA });
    await start('b', dirs[1]!.path, { port: portB });
    for (const name of ['a', 'b'] as const) await host(name).request('open', { pageId });
    // Connected again to the modified hosts, which offer their forbidden state once more.
    await eventually(async () => ((await host('a').request('status')).peers as string[]).length === 3, CONVERGE_MS);
    await eventually(async () => ((await host('a').request('pagePeers', { pageId })).peers as string[]).length === 3, CONVERGE_MS);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(strip(await honestView('a'))).toBe(strip(before));
    expect(strip(await honestView('b'))).toBe(strip(expected));
    for (const name of ['a', 'b'] as const) {
      expect(await text(name)).not.toMatch(/commenter rewrites|reader rewrites/);
      expect((await host(name).request('status')).unhandled).toBe(0);
    }
  });
});
