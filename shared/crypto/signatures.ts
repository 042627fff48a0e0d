/**
 * Ed25519 signatures for grants, handshakes and key rotations, on WebCrypto (`crypto.subtle`,
 * which has Ed25519 in Node 20 and in Chromium), so the same code verifies in the host and the
 * renderer. A member id is the hex of its raw 32-byte Ed25519 public key.
 *
 * Signing needs the private key: the host signs with its identity (electron/host/members/
 * signer.ts); invite keys are made here (`generateSigner`) because an invite is a key pair of its own.
 */
import { decodeBase64Url, encodeBase64Url } from './room-keys';

/** Bytes of an Ed25519 public key, a signature, and a private seed. */
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const SEED_BYTES = 32;
const HEX_KEY = /^[0-9a-f]{64}$/;
/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
/** Verified public keys are kept imported; a workspace has few members. */
const MAX_CACHED_KEYS = 1024;

/** Something that signs as one member id (an installation's identity, or an invite key). */
export interface Signer {
  readonly id: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export const isPublicKeyHex = (value: unknown): value is string => typeof value === 'string' && HEX_KEY.test(value);

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export const bytesToHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Encodings of the Ed25519 points of small order (libsodium's blocklist, compared without the sign
 * bit). A "public key" among them verifies forged signatures (with the identity point and S = 0,
 * any message checks out, and WebCrypto in Node accepts it): they are never member ids.
 */
const SMALL_ORDER_POINTS = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

/** Whether the key is one of the small-order points (whatever its sign bit). */
export function isWeakPublicKey(hex: string): boolean {
  const last = (parseInt(hex.slice(62, 64), 16) & 0x7f).toString(16).padStart(2, '0');
  const canonical = hex.slice(0, 62) + last;
  return SMALL_ORDER_POINTS.includes(canonical);
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function publicKey(id: string): Promise<CryptoKey> {
  let key = keyCache.get(id);
  if (!key) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    key = crypto.subtle.importKey('raw', hexToBytes(id), { name: 'Ed25519' }, false, ['verify']);
    keyCache.set(id, key);
    key.catch(() => keyCache.delete(id));
  }
  return key;
}

/** Whether `signature` (base64url) is `signerId`'s Ed25519 signature of `message`. Never throws. */
export async function verifySignature(signerId: string, message: Uint8Array<ArrayBuffer>, signature: string): Promise<boolean> {
  if (!isPublicKeyHex(signerId) || isWeakPublicKey(signerId)) return false;
  const sig = decodeBase64Url(signature);
  if (sig?.byteLength !== SIGNATURE_BYTES) return false;
  try {
    return await crypto.subtle.verify({ name: 'Ed25519' }, await publicKey(signerId), sig, message);
  } catch {
    return false; // not a point on the curve, or a key WebCrypto refuses: not a valid signature
  }
}

/** A signer over a 32-byte Ed25519 seed (an invite key; tests). */
export async function signerFromSeed(seed: Uint8Array): Promise<Signer> {
  if (seed.byteLength !== SEED_BYTES) throw new Error(`an Ed25519 seed is ${SEED_BYTES} bytes`);
  const pkcs8 = new Uint8Array(ED25519_PKCS8_PREFIX.length + SEED_BYTES);
  pkcs8.set(ED25519_PKCS8_PREFIX);
  pkcs8.set(seed, ED25519_PKCS8_PREFIX.length);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  // A private JWK carries its public part (`x`): the member id, without a second key import.
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const id = bytesToHex(decodeBase64Url(jwk.x ?? '') ?? new Uint8Array());
  return {
    id,
    sign: async (message) => new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, message as Uint8Array<ArrayBuffer>)),
  };
}

/** A new random signer and its seed (base64url), e.g. for an invite. */
export async function generateSigner(): Promise<{ signer: Signer; seed: string }> {
  const seed = crypto.getRandomValues(new Uint8Array(SEED_BYTES));
  return { signer: await signerFromSeed(seed), seed: encodeBase64Url(seed) };
}

export { decodeBase64Url, encodeBase64Url };
