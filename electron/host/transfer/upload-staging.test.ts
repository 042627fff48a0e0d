import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceId } from '../../../shared/ids';
import { STAGING_DIR, UPLOAD_IDLE_MS, UploadStaging, MAX_UPLOAD_SESSIONS } from './upload-staging';

const WS = '0123456789abcdef0123456789abcdef' as WorkspaceId;
const OTHER = 'fedcba9876543210fedcba9876543210' as WorkspaceId;
const text = (value: string) => new TextEncoder().encode(value);
const exists = (path: string) => stat(path).then(() => true, () => false);

let dir: string;
let clock = 0;
let staging: UploadStaging;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'commonplace-staging-'));
  clock = 1_000;
  staging = new UploadStaging(dir, () => clock);
});
afterEach(async () => {
  await staging.close();
  await rm(dir, { recursive: true, force: true });
});

describe('UploadStaging', () => {
  it('stages notes and images under one folder, drops the rest, and hands the folder over', async () => {
    expect(await staging.receive(WS, 'op-00001', [{ path: 'vault/a.md', bytes: text('# A') }, { path: 'vault/img/p.png', bytes: text('png') }])).toBe(2);
    expect(await staging.receive(WS, 'op-00001', [{ path: 'vault/.obsidian/app.json', bytes: text('{}') }, { path: 'vault/x.exe', bytes: text('MZ') }])).toBe(2);
    const staged = staging.finish(WS, 'op-00001');
    expect(staged).toMatchObject({ workspaceId: WS, source: 'vault', skipped: 2 });
    expect(await readFile(join(staged.folder, 'a.md'), 'utf8')).toBe('# A');
    expect((await readdir(staged.folder)).sort()).toEqual(['a.md', 'img']);
    await staged.discard();
    expect(await exists(staged.folder)).toBe(false);
  });

  it('refuses files outside the session’s folder, twice the same path, and another workspace', async () => {
    await staging.receive(WS, 'op-00002', [{ path: 'vault/a.md', bytes: text('a') }]);
    await expect(staging.receive(WS, 'op-00002', [{ path: 'other/b.md', bytes: text('b') }])).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(staging.receive(WS, 'op-00002', [{ path: 'b.md', bytes: text('b') }])).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(staging.receive(WS, 'op-00002', [{ path: 'vault/a.md', bytes: text('again') }])).rejects.toMatchObject({ code: 'conflict' });
    await expect(staging.receive(OTHER, 'op-00002', [{ path: 'vault/c.md', bytes: text('c') }])).rejects.toMatchObject({ code: 'conflict' });
    expect(() => staging.finish(OTHER, 'op-00002')).toThrow(expect.objectContaining({ code: 'not-found' }));
    const staged = staging.finish(WS, 'op-00002');
    expect(await readFile(join(staged.folder, 'a.md'), 'utf8')).toBe('a');
  });

  it.each(['vault/../../escape.md', '/escape.md', 'vault\\..\\escape.md', 'C:/escape.md'])('refuses %j even when the schema was skipped', async (path) => {
    await expect(staging.receive(WS, 'op-00003', [{ path, bytes: text('x') }])).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(await exists(join(dir, 'escape.md'))).toBe(false);
    expect(await exists(join(dir, STAGING_DIR, 'escape.md'))).toBe(false);
  });

  it('bounds the number of uploads and drops idle ones with their files', async () => {
    for (let i = 0; i < MAX_UPLOAD_SESSIONS; i++) await staging.receive(WS, `op-1000${i}`, [{ path: 'v/a.md', bytes: text('a') }]);
    await expect(staging.receive(WS, 'op-extra1', [])).rejects.toMatchObject({ code: 'too-large' });
    clock += UPLOAD_IDLE_MS + 1;
    expect(await staging.receive(WS, 'op-extra1', [{ path: 'v/a.md', bytes: text('a') }])).toBe(1);
    expect(await readdir(join(dir, STAGING_DIR))).toEqual(['op-extra1']);
    expect(() => staging.finish(WS, 'op-10000')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('refuses to finish an upload that holds no files', async () => {
    await staging.receive(WS, 'op-00004', []);
    expect(() => staging.finish(WS, 'op-00004')).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });
});
