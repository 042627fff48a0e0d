/**
 * Members of a workspace: `members` Y.Map, memberId (hex Ed25519 public key) → one Y.Map per
 * member with fields { name, color, role, joinedAt, grantedBy }.
 *
 * The entry is a member's published profile: what every host shows as their name and colour.
 * Roles are not read from here (they come from the signed grants, roles.ts): `role`, `joinedAt`
 * and `grantedBy` are a joiner's claim, kept for display. Who may write what is in
 * roles-policy.ts: contributors and stewards the whole map; any member the profile fields (name,
 * colour) of its own entry.
 */
import * as Y from 'yjs';
import type { MemberId } from '../ids';
import { WORKSPACE_MEMBERS, asNullableString, asNumber, asString, compareStrings } from './schema';

/** The role ladder, least to most privileged (legitimate peripheral participation). */
export const ROLES = ['reader', 'commenter', 'contributor', 'steward'] as const;
export type Role = (typeof ROLES)[number];

/** A stored role that is missing or unknown reads as the least privileged one. */
export const FALLBACK_ROLE: Role = 'reader';

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** True when `role` is `atLeast` or higher on the ladder. */
export const roleAtLeast = (role: Role, atLeast: Role): boolean =>
  ROLES.indexOf(role) >= ROLES.indexOf(atLeast);

/** The stored fields of one member's Y.Map. */
export interface MemberFields {
  name: string;
  color: string;
  role: Role;
  joinedAt: number;
  /** Who granted the role; null for the workspace's creator. */
  grantedBy: MemberId | null;
}

/** A read-only plain snapshot of one member. */
export interface MemberRecord {
  readonly id: MemberId;
  readonly name: string;
  readonly color: string;
  readonly role: Role;
  readonly joinedAt: number;
  readonly grantedBy: MemberId | null;
}

/** The color a member reads as when the stored one is missing. */
export const FALLBACK_MEMBER_COLOR = '#808080';

/** The longest profile name (the bridge's limit for names). */
export const MAX_MEMBER_NAME_LENGTH = 200;
const MEMBER_COLOR = /^#[0-9a-f]{6}$/i;

/** A profile name a member may publish: a string, not blank, not too long. */
export const isMemberName = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= MAX_MEMBER_NAME_LENGTH;

/** A profile colour a member may publish: `#rrggbb`. */
export const isMemberColor = (value: unknown): value is string => typeof value === 'string' && MEMBER_COLOR.test(value);

export const getMembersMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(WORKSPACE_MEMBERS);

/** A snapshot of one member, or null if unknown (or the entry is not a Y.Map). */
export function readMember(doc: Y.Doc, id: MemberId): MemberRecord | null {
  const entry = getMembersMap(doc).get(id);
  return entry instanceof Y.Map ? toMemberRecord(id, entry as Y.Map<unknown>) : null;
}

/** Snapshots of every member, sorted by id. */
export function listMembers(doc: Y.Doc): MemberRecord[] {
  const out: MemberRecord[] = [];
  getMembersMap(doc).forEach((entry, key) => {
    if (entry instanceof Y.Map) out.push(toMemberRecord(key as MemberId, entry as Y.Map<unknown>));
  });
  return out.sort((a, b) => compareStrings(a.id, b.id));
}

function toMemberRecord(id: MemberId, map: Y.Map<unknown>): MemberRecord {
  const role = map.get('role');
  return {
    id,
    name: asString(map.get('name'), ''),
    color: asString(map.get('color'), FALLBACK_MEMBER_COLOR),
    role: isRole(role) ? role : FALLBACK_ROLE,
    joinedAt: asNumber(map.get('joinedAt'), 0),
    grantedBy: asNullableString(map.get('grantedBy')) as MemberId | null,
  };
}

/**
 * Writes fields of a member's entry, creating it if missing; fields left out are kept, and a field
 * already holding the value is not written again. A host writes its own member's entry (on
 * joining, on creating an invite, whenever its profile differs: host/sync/auth.ts), and a host that
 * may write the workspace doc also writes the profile a peer presented in the handshake.
 */
export function writeMember(doc: Y.Doc, id: MemberId, fields: Partial<MemberFields>, origin: unknown): void {
  doc.transact(() => {
    const members = getMembersMap(doc);
    let entry = members.get(id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      members.set(id, entry);
    }
    const map = entry as Y.Map<unknown>;
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined && map.get(key) !== value) map.set(key, value);
    }
  }, origin);
}

/** Writes the fields the member's entry lacks (never changing one it has), creating it if missing. */
export function fillMember(doc: Y.Doc, id: MemberId, fields: Partial<MemberFields>, origin: unknown): void {
  const entry = getMembersMap(doc).get(id);
  const has = (key: string): boolean => entry instanceof Y.Map && (entry as Y.Map<unknown>).has(key);
  const missing = Object.fromEntries(Object.entries(fields).filter(([key]) => !has(key))) as Partial<MemberFields>;
  if (entry instanceof Y.Map && Object.keys(missing).length === 0) return;
  writeMember(doc, id, missing, origin);
}
