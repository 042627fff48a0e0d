/**
 * Sealed boxes: a secret (a new workspace key) encrypted to one member, so that only that member
 * can open it, with WebCrypto only (X25519 + HKDF-SHA-256 + AES-256-GCM, the ECIES pattern):
 *
 *   box = ephemeralPublic (32) ‖ iv (12) ‖ AES-GCM(key, iv, secret, aad = context) (secret + 16)
 *   key = HKDF(X25519(ephemeralPrivate, recipientBoxKey), salt = ephemeralPublic ‖ recipientBoxKey,
 *              info = BOX_INFO ‖ context)
 *
 * `context` binds a box to where it belongs (workspace, epoch, recipient): a box moved elsewhere
 * does not open. Each member's box key (X25519) is derived from its identity's Ed25519 seed
 * (`boxKeyPairFromSeed`) and published, signed, in the workspace doc (key-rotation.ts).
 */
import { decodeBase64Url, encodeBase64Url } from './room-keys';

export const BOX_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BOX_INFO = 'commonplace/v1/sealed-box/';
const BOX_KEY_INFO = 'commonplace/v1/box-key';
/** PKCS#8 DER of an X25519 private key is this prefix and the 32-byte private key. */
const X25519_PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);
const utf8 = new TextEncoder();

export interface BoxKeyPair {
  /** base64url of the raw X25519 public key. */
  readonly publicKey: string;
  readonly privateKey: CryptoKey;
}

/** The box key pair of an identity: derived from its Ed25519 seed, so nothing more is stored. */
export async function boxKeyPairFromSeed(ed25519Seed: Uint8Array): Promise<BoxKeyPair> {
  const ikm = await crypto.subtle.importKey('raw', ed25519Seed as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits']);
  const raw = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(), info: utf8.encode(BOX_KEY_INFO) }, ikm, BOX_KEY_BYTES * 8),
  );
  const pkcs8 = new Uint8Array(X25519_PKCS8_PREFIX.length + BOX_KEY_BYTES);
  pkcs8.set(X25519_PKCS8_PREFIX);
  pkcs8.set(raw, X25519_PKCS8_PREFIX.length);
  const exportable = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, true, ['deriveBits']);
  const jwk = await crypto.subtle.exportKey('jwk', exportable);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
  return { publicKey: jwk.x ?? '', privateKey };
}

/** Encrypts `secret` to the member whose box key is `recipientBoxKey` (base64url). */
export async function seal(recipientBoxKey: string, secret: Uint8Array, context: string): Promise<string> {
  const recipientRaw = decodeBase64Url(recipientBoxKey);
  if (recipientRaw?.byteLength !== BOX_KEY_BYTES) throw new Error('not an X25519 public key');
  const recipient = await crypto.subtle.importKey('raw', recipientRaw, { name: 'X25519' }, false, []);
  const ephemeral = (await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
  const ephemeralRaw = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const key = await boxKey(ephemeral.privateKey, recipient, ephemeralRaw, recipientRaw, context, 'encrypt');
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(context) }, key, secret as Uint8Array<ArrayBuffer>),
  );
  const box = new Uint8Array(BOX_KEY_BYTES + IV_BYTES + sealed.byteLength);
  box.set(ephemeralRaw);
  box.set(iv, BOX_KEY_BYTES);
  box.set(sealed, BOX_KEY_BYTES + IV_BYTES);
  return encodeBase64Url(box);
}

/** Opens a box sealed to `own`; null if it is not for us, was moved, or was tampered with. */
export async function openBox(own: BoxKeyPair, box: string, context: string): Promise<Uint8Array | null> {
  const bytes = decodeBase64Url(box);
  if (!bytes || bytes.byteLength < BOX_KEY_BYTES + IV_BYTES + TAG_BYTES) return null;
  try {
    const ephemeralRaw = bytes.slice(0, BOX_KEY_BYTES);
    const ephemeral = await crypto.subtle.importKey('raw', ephemeralRaw, { name: 'X25519' }, false, []);
    const ownRaw = decodeBase64Url(own.publicKey) ?? new Uint8Array();
    const key = await boxKey(own.privateKey, ephemeral, ephemeralRaw, ownRaw, context, 'decrypt');
    const iv = bytes.slice(BOX_KEY_BYTES, BOX_KEY_BYTES + IV_BYTES);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(context) }, key, bytes.slice(BOX_KEY_BYTES + IV_BYTES));
    return new Uint8Array(plain);
  } catch {
    return null; // wrong recipient, wrong context or altered bytes: the box does not open
  }
}

async function boxKey(
  privateKey: CryptoKey,
  publicKey: CryptoKey,
  ephemeralRaw: Uint8Array<ArrayBuffer>,
  recipientRaw: Uint8Array<ArrayBuffer>,
  context: string,
  usage: 'encrypt' | 'decrypt',
): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, BOX_KEY_BYTES * 8);
  const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const salt = new Uint8Array(ephemeralRaw.byteLength + recipientRaw.byteLength);
  salt.set(ephemeralRaw);
  salt.set(recipientRaw, ephemeralRaw.byteLength);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8.encode(BOX_INFO + context) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}
