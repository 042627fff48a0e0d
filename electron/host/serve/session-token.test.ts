import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWellFormedToken } from './guards';
import { TOKEN_FILE, loadOrCreateToken } from './session-token';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-token-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateToken', () => {
  it('creates a token readable by its owner only, and keeps it across restarts', async () => {
    const first = await loadOrCreateToken(dir, { rotate: false });
    expect(isWellFormedToken(first)).toBe(true);
    if (process.platform !== 'win32') expect((await stat(join(dir, TOKEN_FILE))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateToken(dir, { rotate: false })).toBe(first);
  });

  it('makes a new one when asked to rotate', async () => {
    const first = await loadOrCreateToken(dir, { rotate: false });
    const second = await loadOrCreateToken(dir, { rotate: true });
    expect(second).not.toBe(first);
    expect((await readFile(join(dir, TOKEN_FILE), 'utf8')).trim()).toBe(second);
  });

  it('replaces a file that holds no valid token', async () => {
    await writeFile(join(dir, TOKEN_FILE), 'password\n');
    const token = await loadOrCreateToken(dir, { rotate: false });
    expect(isWellFormedToken(token)).toBe(true);
    expect(token).not.toBe('password');
  });
});
