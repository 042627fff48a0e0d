/**
 * Role grants: signed statements "member M has role R in workspace W, says S at time T".
 *
 * A grant is a plain record kept in the workspace doc's `grants` log (shared/model/roles.ts),
 * and carried in the member-key handshake (electron/host/sync/auth-handshake.ts). Its signature
 * is Ed25519 by `grantedBy` over a canonical encoding of every other field, under a domain tag,
 * so a grant cannot be replayed into another workspace, for another member, with another role
 * or date, or passed off as another kind of signed message.
 *
 * Whether a well-signed grant counts (was its signer a steward at that point?) is decided by
 * replaying the log in order (roles.ts); this module only checks shape and signature.
 *
 * Invites: `invite: true` grants the role to an invite key (`memberId` is the invite key's public
 * key) — the steward signs it when making an invite, and the invite link carries the invite key's
 * seed. Whoever joins with the link signs a claim with the invite key: a grant of that same role to
 * their own member id, `grantedBy` the invite. A steward revokes an invite with a `removed` grant.
 */
import * as encoding from 'lib0/encoding';
import { isPublicKeyHex, verifySignature, encodeBase64Url, type Signer } from './signatures';

/** A role on the ladder, or `removed`: no access at all. */
export const GRANT_ROLES = ['reader', 'commenter', 'contributor', 'steward', 'removed'] as const;
export type GrantRole = (typeof GRANT_ROLES)[number];
export const GRANT_VERSION = 1;
const GRANT_DOMAIN = 'commonplace/grant/v1';
const ID_PATTERN = /^[0-9a-f]{32}$/;
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

export interface GrantFields {
  readonly workspaceId: string;
  /** The grantee: a member id (hex Ed25519 public key), or an invite key's when `invite`. */
  readonly memberId: string;
  readonly role: GrantRole;
  readonly invite: boolean;
  /** The signer: a steward's member id, or the invite key's for a claim. */
  readonly grantedBy: string;
  /** Milliseconds since the epoch, by the signer's clock. */
  readonly at: number;
}

export interface Grant extends GrantFields {
  readonly v: typeof GRANT_VERSION;
  /** base64url Ed25519 signature by `grantedBy` of `grantMessage(fields)`. */
  readonly sig: string;
}

export const isGrantRole = (value: unknown): value is GrantRole =>
  typeof value === 'string' && (GRANT_ROLES as readonly string[]).includes(value);

/** The bytes a grant's signature covers. */
export function grantMessage(fields: GrantFields): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, GRANT_DOMAIN);
  encoding.writeVarString(e, fields.workspaceId);
  encoding.writeVarString(e, fields.memberId);
  encoding.writeVarString(e, fields.role);
  encoding.writeVarUint(e, fields.invite ? 1 : 0);
  encoding.writeVarString(e, fields.grantedBy);
  encoding.writeFloat64(e, fields.at);
  return encoding.toUint8Array(e) as Uint8Array<ArrayBuffer>;
}

export async function signGrant(signer: Signer, fields: Omit<GrantFields, 'grantedBy'>): Promise<Grant> {
  const all: GrantFields = { ...fields, grantedBy: signer.id };
  const sig = encodeBase64Url(await signer.sign(grantMessage(all)));
  return { v: GRANT_VERSION, ...all, sig };
}

/** A grant read from a doc or a peer, checked field by field; null if it is not one. */
export function parseGrant(value: unknown): Grant | null {
  if (typeof value !== 'object' || value === null) return null;
  const g = value as Record<string, unknown>;
  const wellFormed =
    g.v === GRANT_VERSION &&
    typeof g.workspaceId === 'string' &&
    ID_PATTERN.test(g.workspaceId) &&
    isPublicKeyHex(g.memberId) &&
    isGrantRole(g.role) &&
    typeof g.invite === 'boolean' &&
    isPublicKeyHex(g.grantedBy) &&
    typeof g.at === 'number' &&
    Number.isFinite(g.at) &&
    typeof g.sig === 'string' &&
    SIGNATURE_PATTERN.test(g.sig);
  if (!wellFormed) return null;
  const { workspaceId, memberId, role, invite, grantedBy, at, sig } = g as unknown as Grant;
  return { v: GRANT_VERSION, workspaceId, memberId, role, invite, grantedBy, at, sig };
}

/** Whether the grant is signed by its `grantedBy`. Says nothing of whether that signer may grant. */
export function verifyGrantSignature(grant: Grant): Promise<boolean> {
  return verifySignature(grant.grantedBy, grantMessage(grant), grant.sig);
}

/** The order grants are replayed in: by date, then signature (the same on every replica). */
export function compareGrants(a: Grant, b: Grant): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.sig < b.sig ? -1 : a.sig > b.sig ? 1 : 0;
}
