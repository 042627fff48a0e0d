/**
 * Members of a workspace: `members` Y.Map, memberId (hex Ed25519 public key) → one Y.Map per
 * member with fields { name, color, role, joinedAt, grantedBy }.
 *
 * Only the schema and read accessors live here for now. Who may write a member entry, and how a
 * role grant is proven between peers, is designed in its own issue (ARCHITECTURE.md §6): until
 * then a role read from the doc is a claim, not an authorisation.
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
 * Writes fields of a member's entry, creating it if missing. A host writes only its own member's
 * entry (on joining, on creating an invite, on a profile change), so entries are never written
 * concurrently by two replicas; fields left out are kept.
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
