/**
 * The member identity of this installation: an Ed25519 key pair (the public key, hex, is the
 * member id), a display name and a color. Created on first start and kept in the data
 * directory; the private key never leaves the host.
 */
import { generateKeyPairSync, createPrivateKey, createPublicKey } from 'node:crypto';
import { chmod, readFile, writeFile, rename } from 'node:fs/promises';
import { createLogger } from '../../../shared/log';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { MemberId } from '../../../shared/ids';

export interface Identity {
  readonly id: MemberId;
  name: string;
  color: string;
  /** PKCS#8 PEM of the private key. */
  readonly privateKeyPem: string;
}

const IDENTITY_FILE = 'identity.json';
const OWNER_ONLY = 0o600;
const log = createLogger('identity');
/** Distinct, readable on light and dark backgrounds. */
export const MEMBER_COLORS = ['#e5484d', '#f76b15', '#ffc53d', '#46a758', '#12a594', '#0090ff', '#6e56cf', '#d6409f'];

function publicKeyHex(privateKeyPem: string): MemberId {
  const der = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
  // The last 32 bytes of an Ed25519 SPKI are the raw public key.
  return der.subarray(der.length - 32).toString('hex') as MemberId;
}

function defaultName(): string {
  try {
    const user = userInfo().username;
    return user && user !== 'root' ? user : 'Member';
  } catch {
    return 'Member'; // userInfo throws where the user has no passwd entry
  }
}

/**
 * Writes via a temp file and rename, so a crash never leaves half a file. Readable by the owner
 * only: these files hold the identity's private key and workspace keys.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(value, null, 2), { mode: OWNER_ONLY });
  await rename(tmp, path);
}

export async function loadOrCreateIdentity(dataDir: string): Promise<{ identity: Identity; created: boolean }> {
  const path = join(dataDir, IDENTITY_FILE);
  try {
    const stored = JSON.parse(await readFile(path, 'utf8')) as { name: string; color: string; privateKeyPem: string };
    // Written before files were made private: make it so (the private key is in it).
    await chmod(path, OWNER_ONLY).catch((error: unknown) => log.warn(`cannot make ${path} private`, error));
    return { identity: { ...stored, id: publicKeyHex(stored.privateKeyPem) }, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const id = publicKeyHex(privateKeyPem);
  const color = MEMBER_COLORS[parseInt(id.slice(0, 2), 16) % MEMBER_COLORS.length] ?? '#0090ff';
  const identity: Identity = { id, name: defaultName(), color, privateKeyPem };
  await saveIdentity(dataDir, identity);
  return { identity, created: true };
}

export async function saveIdentity(dataDir: string, identity: Identity): Promise<void> {
  const { name, color, privateKeyPem } = identity;
  await writeJsonAtomic(join(dataDir, IDENTITY_FILE), { name, color, privateKeyPem });
}
