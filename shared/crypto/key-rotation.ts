/**
 * Key rotation records, and the box keys they are sealed to.
 *
 * - A box key record `{ workspaceId, memberId, boxKey, sig }` publishes a member's X25519 key
 *   (sealed-box.ts), signed by the member's Ed25519 key, so nobody can slip a key of theirs in
 *   under another member's name (the rotating steward checks the signature before sealing).
 * - A rotation record `{ workspaceId, epoch, by, at, sealed: { memberId: box }, sig }` carries a new
 *   workspace key, sealed to each remaining member; signed by the steward `by`. It travels in the
 *   workspace doc over the old key's rooms; a member it has no box for (the removed one) learns
 *   that a rotation happened, and nothing else.
 */
import * as encoding from 'lib0/encoding';
import { encodeBase64Url, isPublicKeyHex, verifySignature, type Signer } from './signatures';
import { BOX_KEY_BYTES, openBox, seal, type BoxKeyPair } from './sealed-box';
import { decodeBase64Url, WORKSPACE_KEY_BYTES } from './room-keys';

const BOX_KEY_DOMAIN = 'commonplace/box-key/v1';
const ROTATION_DOMAIN = 'commonplace/key-rotation/v1';
const ID_PATTERN = /^[0-9a-f]{32}$/;
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;
const BOX_PATTERN = /^[A-Za-z0-9_-]{1,400}$/;
/** More recipients than this in one rotation is refused. */
export const MAX_RECIPIENTS = 10_000;

export interface BoxKeyRecord {
  readonly workspaceId: string;
  readonly memberId: string;
  readonly boxKey: string;
  readonly sig: string;
}

export interface RotationRecord {
  readonly workspaceId: string;
  /** 1 for the first rotation; each rotation is the previous epoch + 1. */
  readonly epoch: number;
  readonly by: string;
  readonly at: number;
  readonly sealed: Readonly<Record<string, string>>;
  readonly sig: string;
}

function boxKeyMessage(r: Omit<BoxKeyRecord, 'sig'>): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  for (const part of [BOX_KEY_DOMAIN, r.workspaceId, r.memberId, r.boxKey]) encoding.writeVarString(e, part);
  return encoding.toUint8Array(e) as Uint8Array<ArrayBuffer>;
}

function rotationMessage(r: Omit<RotationRecord, 'sig'>): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  for (const part of [ROTATION_DOMAIN, r.workspaceId, r.by]) encoding.writeVarString(e, part);
  encoding.writeVarUint(e, r.epoch);
  encoding.writeFloat64(e, r.at);
  const recipients = Object.keys(r.sealed).sort();
  encoding.writeVarUint(e, recipients.length);
  for (const id of recipients) {
    encoding.writeVarString(e, id);
    encoding.writeVarString(e, r.sealed[id] ?? '');
  }
  return encoding.toUint8Array(e) as Uint8Array<ArrayBuffer>;
}

export async function signBoxKey(signer: Signer, workspaceId: string, boxKey: string): Promise<BoxKeyRecord> {
  const fields = { workspaceId, memberId: signer.id, boxKey };
  return { ...fields, sig: encodeBase64Url(await signer.sign(boxKeyMessage(fields))) };
}

export function parseBoxKey(value: unknown): BoxKeyRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (typeof r.workspaceId !== 'string' || !ID_PATTERN.test(r.workspaceId) || !isPublicKeyHex(r.memberId)) return null;
  if (typeof r.boxKey !== 'string' || decodeBase64Url(r.boxKey)?.byteLength !== BOX_KEY_BYTES) return null;
  if (typeof r.sig !== 'string' || !SIGNATURE_PATTERN.test(r.sig)) return null;
  return { workspaceId: r.workspaceId, memberId: r.memberId, boxKey: r.boxKey, sig: r.sig };
}

export const verifyBoxKey = (r: BoxKeyRecord): Promise<boolean> => verifySignature(r.memberId, boxKeyMessage(r), r.sig);

export function parseRotation(value: unknown): RotationRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (typeof r.workspaceId !== 'string' || !ID_PATTERN.test(r.workspaceId) || !isPublicKeyHex(r.by)) return null;
  if (typeof r.epoch !== 'number' || !Number.isSafeInteger(r.epoch) || r.epoch < 1) return null;
  if (typeof r.at !== 'number' || !Number.isFinite(r.at) || typeof r.sig !== 'string' || !SIGNATURE_PATTERN.test(r.sig)) return null;
  if (typeof r.sealed !== 'object' || r.sealed === null || Array.isArray(r.sealed)) return null;
  const sealed: Record<string, string> = {};
  const entries = Object.entries(r.sealed as Record<string, unknown>);
  if (entries.length > MAX_RECIPIENTS) return null;
  for (const [id, box] of entries) {
    if (!isPublicKeyHex(id) || typeof box !== 'string' || !BOX_PATTERN.test(box)) return null;
    sealed[id] = box;
  }
  return { workspaceId: r.workspaceId, epoch: r.epoch, by: r.by, at: r.at, sealed, sig: r.sig };
}

export const verifyRotation = (r: RotationRecord): Promise<boolean> => verifySignature(r.by, rotationMessage(r), r.sig);

const boxContext = (workspaceId: string, epoch: number, memberId: string) => `${workspaceId}/${epoch}/${memberId}`;

/**
 * A new rotation: `newKey` (base64url) sealed to each recipient's verified box key.
 * Recipients are member id → box key (base64url).
 */
export async function createRotation(
  signer: Signer,
  input: { workspaceId: string; epoch: number; newKey: string; recipients: ReadonlyMap<string, string>; at: number },
): Promise<RotationRecord> {
  const secret = decodeBase64Url(input.newKey);
  if (secret?.byteLength !== WORKSPACE_KEY_BYTES) throw new Error('a workspace key is 32 bytes, base64url');
  const sealed: Record<string, string> = {};
  for (const [memberId, boxKey] of input.recipients) {
    sealed[memberId] = await seal(boxKey, secret, boxContext(input.workspaceId, input.epoch, memberId));
  }
  const fields = { workspaceId: input.workspaceId, epoch: input.epoch, by: signer.id, at: input.at, sealed };
  return { ...fields, sig: encodeBase64Url(await signer.sign(rotationMessage(fields))) };
}

/** The new workspace key from a rotation, if it was sealed to `memberId`; null otherwise. */
export async function openRotation(rotation: RotationRecord, memberId: string, own: BoxKeyPair): Promise<string | null> {
  const box = rotation.sealed[memberId];
  if (box === undefined) return null;
  const secret = await openBox(own, box, boxContext(rotation.workspaceId, rotation.epoch, memberId));
  return secret?.byteLength === WORKSPACE_KEY_BYTES ? encodeBase64Url(secret) : null;
}
