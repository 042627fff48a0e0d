import { describe, expect, it } from 'vitest';
import { newPageId, newWorkspaceId, type DocId } from '../ids';
import { decodeBase64Url, deriveRoomSecrets, encodeBase64Url, WORKSPACE_KEY_BYTES } from './room-keys';

function newKey(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(WORKSPACE_KEY_BYTES)));
}

describe('deriveRoomSecrets', () => {
  const key = newKey();
  const workspaceId = newWorkspaceId();
  const pageA = newPageId();
  const pageB = newPageId();

  it('is deterministic', async () => {
    expect(await deriveRoomSecrets(key, pageA)).toEqual(await deriveRoomSecrets(key, pageA));
  });

  it('gives every doc and every workspace key its own name and password', async () => {
    const all = await Promise.all([
      deriveRoomSecrets(key, workspaceId),
      deriveRoomSecrets(key, pageA),
      deriveRoomSecrets(key, pageB),
      deriveRoomSecrets(newKey(), pageA),
      deriveRoomSecrets(newKey(), workspaceId),
    ]);
    const values = all.flatMap((s) => [s.name, s.password]);
    expect(new Set(values).size).toBe(values.length);
  });

  it('reveals neither the ids nor the key in the name or password', async () => {
    const ids: DocId[] = [workspaceId, pageA];
    for (const docId of ids) {
      const { name, password } = await deriveRoomSecrets(key, docId);
      for (const secret of [name, password]) {
        expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
        for (const id of [workspaceId, pageA, key]) {
          // no 8-char window of an id (hex) or of the key appears in the output
          for (let i = 0; i + 8 <= id.length; i++) expect(secret.toLowerCase()).not.toContain(id.slice(i, i + 8).toLowerCase());
        }
      }
    }
  });

  it('refuses a key that is not 32 bytes of base64url', async () => {
    await expect(deriveRoomSecrets('short', pageA)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(deriveRoomSecrets(key.replace(/.$/, '+'), pageA)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(deriveRoomSecrets(encodeBase64Url(new Uint8Array(16)), pageA)).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    }
  });
  it('rejects text that is not base64url', () => {
    expect(decodeBase64Url('ab+/')).toBeNull();
    expect(decodeBase64Url('abcde')).toBeNull();
  });
});
