/**
 * Comments reach a host by catch-up, not only through live rooms: host A has a page with comment
 * threads; a fresh host B joins and opens nothing, and ends up with A's comments doc (same digest).
 * A comment A makes afterwards reaches B the same way.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, HostProcess, stateOf, tempDir } from './fixtures/sync-harness';

const CONVERGE_MS = 30_000;
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

type CommentsState = { digest: string; threads: string; count: number };
const commentsOf = async (host: HostProcess, pageId: string): Promise<CommentsState> => {
  const { digest, threads, count } = (await host.request('commentsState', { pageId })) as unknown as CommentsState;
  return { digest, threads, count }; // not the reply's request id, which differs between hosts
};
const same = (x: CommentsState, y: CommentsState) => x.digest === y.digest && x.threads === y.threads;

describe('comments catch-up', () => {
  it("a fresh host gets a page's comments without opening it", async () => {
    const dirA = await tempDir('cp-sync-comments-a-');
    const dirB = await tempDir('cp-sync-comments-b-');
    cleanup.push(() => dirA.remove(), () => dirB.remove());
    const { host: a, ready } = await HostProcess.start({ dataDir: dirA.path });
    cleanup.push(() => a.stop());
    const pageId = String((await a.request('createPage', { title: 'Discussed', paragraphs: ['a page with a thread'] })).pageId);
    await a.request('comment', { pageId, body: 'first thread' });
    await a.request('comment', { pageId, body: 'second thread' });
    const expected = await commentsOf(a, pageId);
    expect(expected.count).toBe(2);

    const { host: b } = await HostProcess.start({ dataDir: dirB.path, join: ready.workspaceFile, signal: [ready.signaling] });
    cleanup.push(() => b.stop());
    await eventually(async () => (await stateOf(b)).pageCount === (await stateOf(a)).pageCount, CONVERGE_MS);
    await eventually(async () => same(await commentsOf(b, pageId), expected), CONVERGE_MS, async () => JSON.stringify(await commentsOf(b, pageId)));
    expect(await commentsOf(b, pageId)).toEqual(expected);
    expect((await b.request('pagePeers', { pageId })).peers).toEqual([]); // nothing open live: catch-up did it

    // A comment made while both are connected (still nothing open) follows by its digest.
    await a.request('comment', { pageId, body: 'a later thread' });
    const later = await commentsOf(a, pageId);
    expect(later.count).toBe(3);
    await eventually(async () => same(await commentsOf(b, pageId), later), CONVERGE_MS, async () => JSON.stringify(await commentsOf(b, pageId)));
  });
});
