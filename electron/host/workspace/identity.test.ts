import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity, saveIdentity, writeJsonAtomic } from './identity';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('identity', () => {
  it('is created once with an Ed25519 member id, private to the owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-identity-'));
    dirs.push(dir);
    const first = await loadOrCreateIdentity(dir);
    expect(first.created).toBe(true);
    expect(first.identity.id).toMatch(/^[0-9a-f]{64}$/);
    expect(await modeOf(join(dir, 'identity.json'))).toBe(0o600);
    first.identity.name = 'Ana';
    await saveIdentity(dir, first.identity);
    const again = await loadOrCreateIdentity(dir);
    expect(again).toMatchObject({ created: false, identity: { id: first.identity.id, name: 'Ana' } });
  });

  it('makes a file written before (world-readable) private when it reads it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-identity-'));
    dirs.push(dir);
    await loadOrCreateIdentity(dir);
    await chmod(join(dir, 'identity.json'), 0o644);
    await loadOrCreateIdentity(dir);
    expect(await modeOf(join(dir, 'identity.json'))).toBe(0o600);
    await writeJsonAtomic(join(dir, 'other.json'), { key: 'secret' });
    expect(await modeOf(join(dir, 'other.json'))).toBe(0o600);
  });
});
