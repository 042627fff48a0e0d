import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/bridge/validate';
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import type { PageId } from '../../../shared/ids';
import { listPages } from '../../../shared/model';
import type { TransferProgress } from '../../../shared/transfer/report';
import { CommonplaceError } from '../../../shared/errors';
import type { RequireRole } from '../members/host-actions';
import { EXPORTS_DIR, TransferService, type PickFolder } from './transfer-service';
import { STAGING_DIR } from './upload-staging';
import { pagesByPath, testData, writeVault, type TestData } from './test-support';

const OP = 'op-transfer-test';
const text = (value: string) => new TextEncoder().encode(value);
const exists = (path: string) => stat(path).then(() => true, () => false);

let data: TestData | undefined;
let service: TransferService | undefined;
afterEach(async () => {
  await service?.close();
  await data?.cleanup();
  data = service = undefined;
});

/** Our own role's check (members/host-actions.ts): allows every import unless a test says otherwise. */
const anyRole: RequireRole = async () => undefined;

async function setup(pickFolder?: PickFolder, requireRole: RequireRole = anyRole) {
  data = await testData();
  const workspace = await data.workspace('Transfer');
  service = new TransferService({ workspaces: data.workspaces, identity: data.identity, dataDir: data.dir, pickFolder, requireRole });
  const progress: TransferProgress[] = [];
  service.onDidProgress((p) => progress.push(p));
  // Through dispatch, as every transport calls it: arguments are validated first.
  const handlers = { transfer: service.handlers() } as unknown as BridgeHandlers;
  const call = async (method: string, args: unknown) => {
    const outcome = await dispatch(handlers, 'transfer', method, args);
    if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
    return outcome.value as never;
  };
  return { workspace, call, progress, dir: data.dir };
}

describe('TransferService', () => {
  it('imports an upload sent in batches, reports progress, and removes the staged files', async () => {
    const { workspace, call, progress, dir } = await setup();
    const first = await call('importFiles', { workspaceId: workspace.id, operationId: OP, files: [{ path: 'notes/A.md', bytes: text('Links to [[B]].') }], done: false });
    expect(first).toEqual({ received: 1, report: null });
    const last: { received: number; report: { notes: number; linksResolved: number; skippedFiles: number } } = await call('importFiles', {
      workspaceId: workspace.id,
      operationId: OP,
      files: [{ path: 'notes/B.md', bytes: text('# B') }, { path: 'notes/.obsidian/x.json', bytes: text('{}') }],
      done: true,
    });
    expect(last.received).toBe(2);
    expect(last.report).toMatchObject({ notes: 2, linksResolved: 1, skippedFiles: 1, source: 'notes' });
    expect(pagesByPath(workspace).has('A')).toBe(true);
    expect(progress.every((p) => p.operationId === OP)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done' });
    expect(await readdir(join(dir, STAGING_DIR))).toEqual([]);
  });

  it('refuses an upload path that climbs out, before anything is staged', async () => {
    const { workspace, call, dir } = await setup();
    await expect(call('importFiles', { workspaceId: workspace.id, operationId: OP, files: [{ path: 'a/../../x.md', bytes: text('x') }], done: true })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    expect(await exists(join(dir, STAGING_DIR))).toBe(false);
  });

  it('asks our own role before every batch and before the folder dialog: refused, nothing is staged or asked, and what was staged goes', async () => {
    let allowed = true;
    const asked: string[] = [];
    const requireRole: RequireRole = async (_workspaceId, action) => {
      asked.push(action);
      if (!allowed) throw new CommonplaceError('forbidden', 'Only contributors and stewards can import pages; you are a reader.');
    };
    const picked: string[] = [];
    const { workspace, call, dir } = await setup(async (purpose) => (picked.push(purpose), null), requireRole);
    const pagesBefore = listPages(workspace.root.doc).length;
    const batch = (done: boolean, path: string) => call('importFiles', { workspaceId: workspace.id, operationId: OP, files: [{ path, bytes: text('x') }], done });
    expect(await batch(false, 'notes/A.md')).toEqual({ received: 1, report: null });
    expect(await readdir(join(dir, STAGING_DIR))).toHaveLength(1);
    allowed = false; // our role fell while the upload ran
    await expect(batch(true, 'notes/B.md')).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('you are a reader') });
    expect(await readdir(join(dir, STAGING_DIR))).toEqual([]);
    await expect(call('importFolder', { workspaceId: workspace.id, operationId: OP })).rejects.toMatchObject({ code: 'forbidden' });
    expect(picked).toEqual([]); // a member who may not import is not asked for a folder
    expect(asked.every((action) => action === 'importMarkdown')).toBe(true);
    expect(listPages(workspace.root.doc)).toHaveLength(pagesBefore);
  });

  it('imports a folder the shell picked, and nothing when the member cancels', async () => {
    const folder = await writeVault({ 'One.md': 'one', 'Two.md': 'two' });
    let answer: string | null = null;
    const { workspace, call } = await setup(async (purpose) => (purpose === 'import' ? answer : null));
    expect(await call('importFolder', { workspaceId: workspace.id, operationId: OP })).toBeNull();
    answer = folder;
    // Two at once into one workspace run one after the other: the second finds the first's pages.
    const [a, b] = await Promise.all([
      call('importFolder', { workspaceId: workspace.id, operationId: OP }),
      call('importFolder', { workspaceId: workspace.id, operationId: `${OP}-2` }),
    ]);
    expect([a, b].map((r: { created: number }) => r.created).sort()).toEqual([0, 2]);
    expect(listPages(workspace.root.doc).filter((p) => p.title === 'One')).toHaveLength(1);
  });

  it('says folder import needs a picker where there is none (browser mode)', async () => {
    const { workspace, call } = await setup();
    await expect(call('importFolder', { workspaceId: workspace.id, operationId: OP })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('exports under <data>/exports/ in browser mode, into the picked folder on the desktop', async () => {
    const browser = await setup();
    const report: { dir: string; notes: number } = await browser.call('exportWorkspace', { workspaceId: browser.workspace.id, operationId: OP });
    expect(report.dir.startsWith(join(browser.dir, EXPORTS_DIR, 'Transfer '))).toBe(true);
    expect(report.notes).toBe(1); // the welcome page
    await service?.close();
    await data?.cleanup();

    const target = await writeVault({}, 'backups');
    const desktop = await setup(async () => target);
    const first: { dir: string } = await desktop.call('exportWorkspace', { workspaceId: desktop.workspace.id, operationId: OP });
    const second: { dir: string } = await desktop.call('exportWorkspace', { workspaceId: desktop.workspace.id, operationId: OP });
    expect([first.dir, second.dir]).toEqual([join(target, 'Transfer'), join(target, 'Transfer 2')]);
  });

  it('exports one page', async () => {
    const { workspace, call } = await setup();
    const welcome = listPages(workspace.root.doc)[0]?.id as PageId;
    const file: { fileName: string; text: string } = await call('exportPage', { workspaceId: workspace.id, pageId: welcome, format: 'html' });
    expect(file.fileName).toMatch(/\.html$/);
    expect(file.text).toContain('<!doctype html>');
  });
});
