/**
 * Invites (ARCHITECTURE.md §6): what a member hands to someone so they can join a workspace.
 *
 * - The **invite** itself carries the workspace id and key (whoever holds the key can join), the
 *   workspace's name, who invited and the role granted, and the signaling addresses of the
 *   inviter's host — so a joiner on another LAN segment, or with discovery off, can still reach it.
 * - As a **link**: `commonplace://join/<base64url of compact JSON>`. It holds the key: treat it as
 *   a secret, never log it.
 * - As a **short code** to type on the same LAN: 10 symbols of Crockford's base32 (50 bits), shown
 *   `ABCDE-FGHJK`. The code is not the invite: the inviter's host keeps the invite for a while,
 *   encrypted under a key derived from the code, and the joiner's host fetches it from the hosts it
 *   can reach (host/sync/invite-codes.ts).
 *
 * Everything here is pure: parsing returns a verdict and never throws, because links arrive from
 * the OS (deep links), the clipboard and peers.
 *
 * Roles (shared/crypto/grants.ts): an invite made by a steward also carries an invite key's seed
 * and the steward's signed grant of the role to that key (only its time and signature: the rest
 * follows from the invite), and the workspace's trust anchor (its creator). The joiner's host claims
 * the role with the invite key. Without them, the role is only what the invite says.
 */
import type { MemberId, WorkspaceId } from '../ids';
import { isWorkspaceId } from '../ids';
import { isRole, type Role } from '../model/members';
import { checkSignalingUrl } from '../bridge/sync-urls';
import { decodeBase64Url, encodeBase64Url, WORKSPACE_KEY_BYTES } from './room-keys';

export const INVITE_VERSION = 1;
export const INVITE_LINK_PREFIX = 'commonplace://join/';
/** Names in an invite are cut to this many characters, so a link stays short. */
export const MAX_INVITE_NAME = 80;
/** Signaling addresses an invite carries at most. */
export const MAX_INVITE_SIGNALING = 4;
/** A link longer than this is refused (the deep-link limit, shared/bridge/contract.ts MAX_URL_LENGTH). */
export const MAX_INVITE_LINK_LENGTH = 2048;
/** Symbols of a short code. */
export const CODE_LENGTH = 10;
/** Crockford's base32: no I, L, O or U; typing O reads as 0, and I or L as 1. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MEMBER_ID = /^[0-9a-f]{64}$/;
const SEED_BYTES = 32;
const SIGNATURE_BYTES = 64;

export interface Invite {
  readonly workspaceId: WorkspaceId;
  /** The 256-bit workspace key, base64url. */
  readonly key: string;
  readonly name: string;
  readonly inviter: { readonly id: MemberId; readonly name: string };
  readonly role: Role;
  /** The inviter's signaling servers (ws:// or wss://), most likely to work first. */
  readonly signaling: readonly string[];
  /** The invite key (its seed) and the time and signature of the inviter's grant of `role` to it. */
  readonly grant?: InviteGrant;
  /** The workspace's trust anchor: its creator's member id. */
  readonly anchor?: MemberId;
}

export interface InviteGrant {
  /** 32 bytes, base64url. */
  readonly seed: string;
  readonly at: number;
  /** 64 bytes, base64url. */
  readonly sig: string;
}

export type InviteVerdict = { ok: true; invite: Invite } | { ok: false; reason: string };

/** What someone typed or pasted into "Join a workspace". */
export type InviteInput = { kind: 'link'; invite: Invite } | { kind: 'code'; code: string } | { kind: 'invalid'; reason: string };

const cut = (text: string, max: number): string => {
  const chars = [...text.trim()];
  return chars.length > max ? chars.slice(0, max).join('') : chars.join('');
};

/** The invite as compact JSON (short keys keep the link short). */
export function encodeInvitePayload(invite: Invite): string {
  return JSON.stringify({
    v: INVITE_VERSION,
    w: invite.workspaceId,
    k: invite.key,
    n: cut(invite.name, MAX_INVITE_NAME),
    i: [invite.inviter.id, cut(invite.inviter.name, MAX_INVITE_NAME)],
    r: invite.role,
    s: invite.signaling.slice(0, MAX_INVITE_SIGNALING),
    ...(invite.grant ? { x: invite.grant.seed, t: invite.grant.at, g: invite.grant.sig } : {}),
    ...(invite.anchor ? { a: invite.anchor } : {}),
  });
}

/** Checks a decoded payload field by field; anything unexpected refuses the whole invite. */
export function decodeInvitePayload(json: string): InviteVerdict {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'the invite is not readable' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'the invite is not readable' };
  const { v, w, k, n, i, r, s, x, t, g, a } = value as Record<string, unknown>;
  if (v !== INVITE_VERSION) return { ok: false, reason: 'the invite was made by another version of Commonplace' };
  if (!isWorkspaceId(w)) return { ok: false, reason: 'the invite names no workspace' };
  if (typeof k !== 'string' || decodeBase64Url(k)?.byteLength !== WORKSPACE_KEY_BYTES) return { ok: false, reason: 'the invite holds no valid key' };
  if (typeof n !== 'string' || n.trim() === '' || [...n].length > MAX_INVITE_NAME) return { ok: false, reason: 'the invite has no valid workspace name' };
  if (!Array.isArray(i) || i.length !== 2 || typeof i[0] !== 'string' || !MEMBER_ID.test(i[0]) || typeof i[1] !== 'string' || [...i[1]].length > MAX_INVITE_NAME) {
    return { ok: false, reason: 'the invite does not say who invited' };
  }
  if (!isRole(r)) return { ok: false, reason: 'the invite grants no known role' };
  if (!Array.isArray(s) || s.length > MAX_INVITE_SIGNALING) return { ok: false, reason: 'the invite has a malformed address list' };
  const signaling: string[] = [];
  for (const address of s) {
    const verdict = checkSignalingUrl(address);
    if (!verdict.ok) return { ok: false, reason: `the invite has a bad address: ${verdict.reason}` };
    if (!signaling.includes(verdict.url)) signaling.push(verdict.url);
  }
  let grant: InviteGrant | undefined;
  if (x !== undefined || t !== undefined || g !== undefined) {
    const validSeed = typeof x === 'string' && decodeBase64Url(x)?.byteLength === SEED_BYTES;
    const validSig = typeof g === 'string' && decodeBase64Url(g)?.byteLength === SIGNATURE_BYTES;
    if (!validSeed || !validSig || typeof t !== 'number' || !Number.isFinite(t) || t < 0) return { ok: false, reason: 'the invite has a malformed role grant' };
    grant = { seed: x, at: t, sig: g };
  }
  if (a !== undefined && (typeof a !== 'string' || !MEMBER_ID.test(a))) return { ok: false, reason: 'the invite names a malformed creator' };
  return {
    ok: true,
    invite: {
      workspaceId: w,
      key: k,
      name: n.trim(),
      inviter: { id: i[0] as MemberId, name: i[1] },
      role: r,
      signaling,
      ...(grant ? { grant } : {}),
      ...(a !== undefined ? { anchor: a as MemberId } : {}),
    },
  };
}

/** `commonplace://join/<payload>`; addresses are dropped, last first, until it fits the limit. */
export function encodeInviteLink(invite: Invite): string {
  let signaling = invite.signaling.slice(0, MAX_INVITE_SIGNALING);
  for (;;) {
    const link = INVITE_LINK_PREFIX + encodeBase64Url(new TextEncoder().encode(encodeInvitePayload({ ...invite, signaling })));
    if (link.length <= MAX_INVITE_LINK_LENGTH || signaling.length === 0) return link;
    signaling = signaling.slice(0, -1);
  }
}

export function parseInviteLink(text: string): InviteVerdict {
  const trimmed = text.trim();
  if (trimmed.length > MAX_INVITE_LINK_LENGTH) return { ok: false, reason: 'the link is too long' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'not a link' };
  }
  // `commonplace://join/X` parses with host `join` and path `/X`; accept `commonplace:join/X` too.
  const path = url.host !== '' ? `${url.host}${url.pathname}` : url.pathname;
  if (url.protocol !== 'commonplace:' || !path.startsWith('join/') || url.search !== '' || url.hash !== '') {
    return { ok: false, reason: 'not a Commonplace invite link' };
  }
  const bytes = decodeBase64Url(path.slice('join/'.length));
  if (bytes === null || bytes.byteLength === 0) return { ok: false, reason: 'the invite is not readable' };
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'the invite is not readable' };
  }
  return decodeInvitePayload(json);
}

/** A short code as typed (any case, spaces or dashes, O for 0, I or L for 1) → its 10 symbols, or null. */
export function normalizeCode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== CODE_LENGTH) return null;
  for (const char of compact) if (!CODE_ALPHABET.includes(char)) return null;
  return compact;
}

/** `ABCDE-FGHJK`, for reading aloud and typing. */
export const formatCode = (code: string): string => `${code.slice(0, CODE_LENGTH / 2)}-${code.slice(CODE_LENGTH / 2)}`;

/** A fresh random code (uniform: 32 divides 256). */
export function newInviteCode(): string {
  const bytes = new Uint8Array(CODE_LENGTH);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** Tells a pasted link from a typed code. */
export function classifyInviteInput(text: string): InviteInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'invalid', reason: 'paste an invite link or type a code' };
  if (/^commonplace:/i.test(trimmed)) {
    const verdict = parseInviteLink(trimmed);
    return verdict.ok ? { kind: 'link', invite: verdict.invite } : { kind: 'invalid', reason: verdict.reason };
  }
  const code = normalizeCode(trimmed);
  return code !== null ? { kind: 'code', code } : { kind: 'invalid', reason: `a code has ${CODE_LENGTH} letters and digits, like ABCDE-12345` };
}
