/**
 * Who holds which role: the workspace doc's `grants` log, replayed.
 *
 * Workspace doc:
 *   grants   Y.Map   signature → Grant (a plain object, shared/crypto/grants.ts); add-only: an
 *                    entry is never changed or removed (honest hosts refuse updates that do).
 *
 * The log is replayed in (at, sig) order from one trust anchor, the workspace's creator, who is a
 * steward from the start (the creator also writes a self-signed genesis grant, once, for the
 * record). A grant counts when, at its point in the replay, its signer is
 *   - a member whose role is steward: any grant (a role, a removal, an invite, a revocation); or
 *   - an invite key whose role is not `removed`: only a claim, i.e. a grant of exactly the
 *     invite's role to a member id the replay has not seen yet (so a removed member cannot come
 *     back through an old invite).
 * A member's effective role is that of the last grant that counted for them. Every replica with
 * the same log computes the same roles; the union of two logs is a log.
 *
 * Signatures are checked before the replay (async WebCrypto; `RoleVerifier` remembers results),
 * so the replay itself is a pure, synchronous function.
 */
import * as Y from 'yjs';
import { compareGrants, parseGrant, verifyGrantSignature, type Grant, type GrantRole } from '../crypto/grants';
import type { MemberId } from '../ids';
import { roleAtLeast, type Role } from './members';

export const WORKSPACE_GRANTS = 'grants';
/** More grants than this in one handshake or log is refused (a community changes roles rarely). */
export const MAX_GRANTS = 10_000;

export const getGrantsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(WORKSPACE_GRANTS);

/** Every well-formed grant of the doc's log (signatures not checked). */
export function readGrants(doc: Y.Doc): Grant[] {
  const out: Grant[] = [];
  getGrantsMap(doc).forEach((value, key) => {
    const grant = parseGrant(value);
    if (grant && grant.sig === key) out.push(grant);
  });
  return out;
}

/** Adds the grants the log lacks, in one transaction; returns how many were added. */
export function addGrants(doc: Y.Doc, grants: Iterable<Grant>, origin: unknown): number {
  const map = getGrantsMap(doc);
  const missing = [...new Map([...grants].map((g) => [g.sig, g])).values()].filter((g) => !map.has(g.sig));
  if (missing.length === 0) return 0;
  doc.transact(() => {
    for (const grant of missing) map.set(grant.sig, { ...grant });
  }, origin);
  return missing.length;
}

/** What the replay knows of one id (a member, or an invite key). */
export interface RoleEntry {
  readonly id: string;
  readonly role: GrantRole;
  readonly invite: boolean;
  /** When the id first got a role (a member's "joined"). */
  readonly since: number;
  /** The steward behind the first grant (through the invite, for a claim); null for the anchor. */
  readonly invitedBy: string | null;
  /** Who signed the grant now in force, and when. */
  readonly grantedBy: string | null;
  readonly at: number;
}

export class RoleTable {
  constructor(
    readonly anchor: string,
    private readonly entries: ReadonlyMap<string, RoleEntry>,
    /** The grants that counted, in replay order. */
    readonly effective: readonly Grant[],
  ) {}

  get(id: string): RoleEntry | undefined {
    return this.entries.get(id);
  }

  /** The member's role; null if it is not a member (unknown, removed, or an invite key). */
  roleOf(id: string): Role | null {
    const entry = this.entries.get(id);
    if (!entry || entry.invite || entry.role === 'removed') return null;
    return entry.role;
  }

  /** Members and removed members (not invites), in the order they joined. */
  members(): RoleEntry[] {
    return [...this.entries.values()].filter((e) => !e.invite).sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1));
  }

  invites(): RoleEntry[] {
    return [...this.entries.values()].filter((e) => e.invite);
  }

  /** A stable fingerprint of every role, to tell whether anything changed. */
  signature(): string {
    return [...this.entries.values()].map((e) => `${e.id}:${e.role}:${e.invite ? 1 : 0}`).sort().join(',');
  }
}

/**
 * Replays `grants` (any order, duplicates allowed) for `workspaceId` from `anchor`.
 * `isSigned` says whether a grant's signature checked out.
 */
export function replayGrants(
  grants: Iterable<Grant>,
  anchor: string,
  workspaceId: string,
  isSigned: (grant: Grant) => boolean,
): RoleTable {
  const unique = new Map<string, Grant>();
  for (const grant of grants) if (grant.workspaceId === workspaceId) unique.set(grant.sig, grant);
  const ordered = [...unique.values()].sort(compareGrants);
  const entries = new Map<string, RoleEntry>();
  entries.set(anchor, { id: anchor, role: 'steward', invite: false, since: 0, invitedBy: null, grantedBy: null, at: 0 });
  const effective: Grant[] = [];
  for (const grant of ordered) {
    const signer = entries.get(grant.grantedBy);
    if (!signer || !counts(grant, signer, entries) || !isSigned(grant)) continue;
    const before = entries.get(grant.memberId);
    const invitedBy = before ? before.invitedBy : signer.invite ? signer.invitedBy : grant.grantedBy;
    entries.set(grant.memberId, {
      id: grant.memberId,
      role: grant.role,
      invite: before ? before.invite : grant.invite,
      since: before && before.since !== 0 ? before.since : grant.at,
      invitedBy: grant.memberId === anchor ? null : invitedBy,
      grantedBy: grant.grantedBy,
      at: grant.at,
    });
    effective.push(grant);
  }
  return new RoleTable(anchor, entries, effective);
}

function counts(grant: Grant, signer: RoleEntry, entries: ReadonlyMap<string, RoleEntry>): boolean {
  const target = entries.get(grant.memberId);
  // An id is a member or an invite for good: a grant may not turn one into the other.
  if (target && target.invite !== grant.invite) return false;
  if (!signer.invite) return signer.role === 'steward';
  // An invite key signs claims only: its own role, for a member id nobody has granted anything yet.
  return signer.role !== 'removed' && !grant.invite && grant.role === signer.role && target === undefined;
}

/** Checks grant signatures once each, remembering the results (a log is replayed on every change). */
export class RoleVerifier {
  private readonly known = new Map<string, boolean>();

  async verify(grants: Iterable<Grant>): Promise<void> {
    const pending = [...grants].filter((g) => !this.known.has(g.sig));
    const results = await Promise.all(pending.map((g) => verifyGrantSignature(g)));
    pending.forEach((g, i) => this.known.set(g.sig, results[i] === true));
  }

  isSigned = (grant: Grant): boolean => this.known.get(grant.sig) === true;

  async table(grants: readonly Grant[], anchor: string, workspaceId: string): Promise<RoleTable> {
    await this.verify(grants);
    return replayGrants(grants, anchor, workspaceId, this.isSigned);
  }
}

/**
 * The creator named by a workspace doc's meta. Only a fallback trust anchor (trust on first use,
 * for a workspace joined without one): meta is writable by stewards, so the anchor a host keeps is
 * the one its invite named, stored with the workspace's record.
 */
export function anchorOf(doc: Y.Doc): MemberId | null {
  const createdBy = doc.getMap<unknown>('meta').get('createdBy');
  return typeof createdBy === 'string' && createdBy !== '' ? (createdBy as MemberId) : null;
}

export { roleAtLeast };
