/**
 * The cryptography of short invite codes (shared/crypto/invites.ts explains the codes).
 *
 * From a code, scrypt derives a lookup id (which invite to ask for) and an AES-256-GCM key (to
 * open it). The inviter's host serves the invite sealed under that key to whoever asks by lookup
 * id. Someone who watches the LAN sees a lookup id and a sealed blob and learns nothing without the
 * code; guessing the code offline costs one scrypt per guess (about 0.1 s and 32 MiB each) over
 * 2^50 codes, and guessing online is rate-limited by the inviter (invite-codes.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/** scrypt cost: N = 2^15, r = 8 (128·N·r = 32 MiB). */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SALT = 'commonplace/v1/invite-code';
const LOOKUP_BYTES = 16;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodeSecrets {
  /** 32 hex chars: the path segment of the lookup. */
  readonly lookupId: string;
  readonly key: Buffer;
}

export function deriveCodeSecrets(code: string): Promise<CodeSecrets> {
  return new Promise((resolve, reject) => {
    scrypt(code, SALT, LOOKUP_BYTES + KEY_BYTES, SCRYPT, (error, derived) => {
      if (error) return reject(error);
      resolve({ lookupId: derived.subarray(0, LOOKUP_BYTES).toString('hex'), key: derived.subarray(LOOKUP_BYTES) });
    });
  });
}

/** base64url(iv ‖ ciphertext ‖ tag); the lookup id is bound in as associated data. */
export function sealInvite(plaintext: string, secrets: CodeSecrets): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secrets.key, iv);
  cipher.setAAD(Buffer.from(secrets.lookupId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The plaintext, or null if the blob is malformed or was not sealed with these secrets. */
export function openInvite(blob: string, secrets: CodeSecrets): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(blob)) return null;
  const bytes = Buffer.from(blob, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES + 1) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', secrets.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(secrets.lookupId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null; // wrong key or tampered: authentication failed
  }
}
