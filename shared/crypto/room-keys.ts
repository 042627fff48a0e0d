/**
 * Room names and room passwords for peer sync, derived from the workspace key.
 *
 * A signaling server sees room names in plaintext and relays whatever peers publish in them, so
 * a name must reveal nothing: it is HKDF-SHA-256 of the workspace key with the doc id in the
 * `info`, never the id itself. The password (a second, independent HKDF output) is what y-webrtc
 * turns into the AES-GCM key that encrypts every signaling message; whoever lacks the workspace
 * key can neither find the room nor read or forge its signaling. Never `password: null`.
 *
 * Pure WebCrypto (`crypto.subtle`), so it runs in the host and the renderer alike.
 */
import { CommonplaceError } from '../errors';
import type { DocId } from '../ids';

/** Bytes of a workspace key (256 bits), as stored base64url in workspace.json. */
export const WORKSPACE_KEY_BYTES = 32;
/** Bytes of each derived secret (before base64url). */
const DERIVED_BYTES = 32;
/** Domain separation: a constant salt, and one label per kind of secret. Bump `v1` to rotate the scheme. */
const HKDF_SALT = 'commonplace/v1/peer-sync';
const LABEL_ROOM_NAME = 'commonplace/v1/room-name/';
const LABEL_ROOM_PASSWORD = 'commonplace/v1/room-password/';

export interface RoomSecrets {
  /** The signaling topic: 43 base64url chars, unlinkable to the workspace or doc without the key. */
  readonly name: string;
  /** The y-webrtc room password: 43 base64url chars. */
  readonly password: string;
}

/** Derives the room name and password of one doc (the workspace doc, or a page doc) of a workspace. */
export async function deriveRoomSecrets(workspaceKey: string, docId: DocId): Promise<RoomSecrets> {
  const key = await importWorkspaceKey(workspaceKey);
  const [name, password] = await Promise.all([
    derive(key, LABEL_ROOM_NAME + docId),
    derive(key, LABEL_ROOM_PASSWORD + docId),
  ]);
  return { name, password };
}

async function importWorkspaceKey(workspaceKey: string): Promise<CryptoKey> {
  const raw = decodeBase64Url(workspaceKey);
  if (raw?.byteLength !== WORKSPACE_KEY_BYTES) {
    throw new CommonplaceError('invalid-argument', `a workspace key must be ${WORKSPACE_KEY_BYTES} bytes, base64url`);
  }
  return crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveBits']);
}

async function derive(key: CryptoKey, label: string): Promise<string> {
  const utf8 = new TextEncoder();
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(HKDF_SALT), info: utf8.encode(label) },
    key,
    DERIVED_BYTES * 8,
  );
  return encodeBase64Url(new Uint8Array(bits));
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** base64url (no padding) → bytes; null if the text is not base64url. */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
