/**
 * The host side of activity on a real WorkspaceService (LevelDB on a temp dir): which changes
 * the edit recorder counts, when it writes them, what survives a close, the local reading state,
 * and the throttled change signal.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId, PageId } from '../../../shared/ids';
import { createPage, getPageMap, PAGE_CONTENT, renamePage } from '../../../shared/model';
import { addEditRecords, readEditRecords } from '../../../shared/model/activity';
import { commentsDocId } from '../../../shared/model/comments';
import { until } from '../comments/test-support';
import { IMPORT, LOCAL, type Origin } from '../origins';
import { loadOrCreateIdentity } from '../workspace/identity';
import { WorkspaceService, type OpenWorkspace } from '../workspace/workspace-service';
import { EditRecorder } from './edit-recorder';
import { LOCAL_STATE_FILE, LocalActivityState } from './local-state';
import { WorkspaceActivity } from './workspace-activity';

const ME = 'e1'.repeat(32) as MemberId;
const bridge = (): Origin => ({ kind: 'bridge', stream: {} });
const peer: Origin = { kind: 'peer', peer: {} };

let dir: string;
let service: WorkspaceService;
let workspace: OpenWorkspace;
let pageId: PageId;

async function openService(): Promise<void> {
  const { identity } = await loadOrCreateIdentity(dir);
  service = new WorkspaceService(dir, identity);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-activity-host-'));
  await openService();
  const { id } = await service.create('Lab');
  workspace = await service.get(id);
  pageId = createPage(workspace.root.doc, { title: 'Notes', parentId: null, kind: 'note', by: ME, now: 1 }, LOCAL);
});

afterEach(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

/** One change to a doc of the workspace, with an origin. */
async function change(docId: string, origin: Origin): Promise<void> {
  await workspace.docs.with(docId as PageId, (entry) => {
    Y.transact(entry.doc, () => entry.doc.getXmlFragment(PAGE_CONTENT).insert(0, [new Y.XmlText('x')]), origin);
  });
}

const counted = (id: PageId = pageId) => readEditRecords(id, getPageMap(workspace.root.doc, id)!).reduce((sum, r) => sum + (r.memberId === ME ? r.count : 0), 0);

describe('EditRecorder', () => {
  it('counts a renderer’s changes to a page and writes them after the flush delay', async () => {
    const recorder = new EditRecorder(workspace, ME, { flushMs: 40 });
    await change(pageId, bridge());
    await change(pageId, bridge());
    expect(recorder.pendingCount).toBe(2);
    expect(counted()).toBe(0); // not written on every keystroke
    await until(() => counted() === 2, 'the flush');
    expect(recorder.pendingCount).toBe(0);
  });

  it('does not count peers’, the host’s or an import’s changes, the workspace doc or a comments doc', async () => {
    const recorder = new EditRecorder(workspace, ME, { flushMs: 10_000 });
    await change(pageId, peer);
    await change(pageId, LOCAL);
    await change(pageId, IMPORT);
    await change(commentsDocId(pageId), bridge());
    Y.transact(workspace.root.doc, () => workspace.root.doc.getMap('meta').set('x', 1), bridge());
    expect(recorder.pendingCount).toBe(0);
    await change(pageId, bridge()); // and the accept case beside the rejects
    expect(recorder.pendingCount).toBe(1);
    recorder.flush();
  });

  it('writes what is pending when the workspace closes, so a restart keeps it', async () => {
    new EditRecorder(workspace, ME, { flushMs: 60_000 });
    await change(pageId, bridge());
    await service.close();
    await openService();
    workspace = await service.get(workspace.id);
    expect(counted()).toBe(1);
  });

  it('skips a page deleted before its edits were written', async () => {
    const recorder = new EditRecorder(workspace, ME, { flushMs: 60_000 });
    await change(pageId, bridge());
    workspace.root.doc.getMap('pages').delete(pageId);
    recorder.flush();
    expect(getPageMap(workspace.root.doc, pageId)).toBeNull();
  });
});

describe('WorkspaceActivity snapshot', () => {
  it('includes our edits not written yet, and writes nothing to say so', async () => {
    const activity = new WorkspaceActivity(workspace, ME, () => undefined, { flushMs: 60_000 });
    await change(pageId, bridge());
    await change(pageId, bridge());
    const before = Y.encodeStateVector(workspace.root.doc);
    const { items } = await activity.snapshot([]);
    expect(items.find((i) => i.kind === 'page-edited' && i.memberId === ME)).toMatchObject({ pageId, count: 2 });
    expect(Y.encodeStateVector(workspace.root.doc)).toEqual(before);
    activity.recorder.flush();
  });
});

describe('LocalActivityState', () => {
  it('moves "last seen" forward only, and remembers Start here once, across a reopen', async () => {
    const state = new LocalActivityState(workspace.dir);
    expect(await state.get()).toEqual({ lastSeenAt: 0, startHereShownAt: null });
    await state.markSeen(100);
    await state.markSeen(50);
    await state.markStartHereShown(7);
    await state.markStartHereShown(9);
    expect(await new LocalActivityState(workspace.dir).get()).toEqual({ lastSeenAt: 100, startHereShownAt: 7 });
  });

  it('reads a damaged or hostile file as a fresh state', async () => {
    await writeFile(join(workspace.dir, LOCAL_STATE_FILE), '{"lastSeenAt": "soon", "startHereShownAt": -5}');
    expect(await new LocalActivityState(workspace.dir).get()).toEqual({ lastSeenAt: 0, startHereShownAt: null });
    await writeFile(join(workspace.dir, LOCAL_STATE_FILE), 'not json');
    expect(await new LocalActivityState(workspace.dir).get()).toEqual({ lastSeenAt: 0, startHereShownAt: null });
  });
});

describe('WorkspaceActivity', () => {
  it('signals a burst of changes once, throttled, and not for page typing alone', async () => {
    let signals = 0;
    new WorkspaceActivity(workspace, ME, () => signals++, { throttleMs: 50, flushMs: 60_000 });
    for (let i = 0; i < 5; i++) createPage(workspace.root.doc, { title: `P${i}`, parentId: null, kind: 'note', by: ME, now: 2 }, peer);
    await until(() => signals === 1, 'one signal');
    await change(pageId, bridge()); // an edit is news only once its record is written
    renamePage(workspace.root.doc, { pageId, title: 'Notes, typed', by: ME, now: 3 }, bridge()); // titles are not the feed's
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(signals).toBe(1);
    addEditRecords(workspace.root.doc, ME, [{ pageId, at: 4, count: 1 }], LOCAL); // a record written: news
    await until(() => signals === 2, 'a second signal');
  });
});
