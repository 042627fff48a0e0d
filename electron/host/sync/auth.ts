/**
 * WorkspaceAuth: who is who in one open workspace, for this host.
 *
 * - Roles: the workspace doc's grants log (shared/model/roles.ts), plus grants this host knows but
 *   may not write into the doc (a reader's or commenter's own invite claim; grants learned in
 *   handshakes), replayed from the workspace's trust anchor (its creator). `roleOf` is synchronous
 *   (the policy asks on every update); the table is recomputed when the log changes.
 * - The handshake party (auth-handshake.ts): signs as this installation's member key, presents our
 *   credentials, and admits a peer only if its role — computed over our log and the grants it
 *   brought — makes it a member. What it brought that counts is kept (a host that may write the
 *   workspace doc writes it there, so the log spreads; others keep it beside the workspace).
 * - Steward actions: `setRole` signs a grant and adds it to the log; invites (`createInvite`) and
 *   their claims (`claimInvite`).
 *
 * Key rotation (the other half of removing a member) is in auth-keys.ts.
 */
import * as Y from 'yjs';
import { signGrant, type Grant, type GrantRole } from '../../../shared/crypto/grants';
import { parseBoxKey, signBoxKey, verifyBoxKey, type BoxKeyRecord } from '../../../shared/crypto/key-rotation';
import type { BoxKeyPair } from '../../../shared/crypto/sealed-box';
import { generateSigner, signerFromSeed, type Signer } from '../../../shared/crypto/signatures';
import { decodeBase64Url } from '../../../shared/crypto/room-keys';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { getMembersMap, isMemberColor, isMemberName, writeMember, type Role } from '../../../shared/model/members';
import { addGrants, anchorOf, getGrantsMap, readGrants, RoleTable, RoleVerifier, type RoleEntry } from '../../../shared/model/roles';
import { mayWrite, WORKSPACE_BOX_KEYS } from '../../../shared/model/roles-policy';
import { LOCAL } from '../origins';
import type { Credentials, HandshakeParty } from './auth-handshake';
import { KeyRing, type KeyHolder } from './auth-keys';

const log = createLogger('sync-auth');

/** This installation's keys. */
export interface AuthIdentity {
  readonly signer: Signer;
  readonly box: BoxKeyPair;
  profile(): { name: string; color: string };
}

/** Where grants this host may not write into the doc are kept (beside workspace.json). */
export interface GrantStore {
  load(): Promise<Grant[]>;
  save(grants: readonly Grant[]): Promise<void>;
}

export interface AuthOptions {
  readonly workspaceId: string;
  readonly doc: Y.Doc;
  readonly identity: AuthIdentity;
  /** The trust anchor the invite named (the creator); null: trust the doc's meta on first use. */
  readonly anchor: string | null;
  /** Remembers an anchor adopted on first use. */
  readonly onAnchor?: (anchor: string) => void;
  readonly store?: GrantStore;
  /** Where the workspace key lives; its KeyRing rotates and adopts keys. */
  readonly keyHolder: KeyHolder;
}

export class WorkspaceAuth implements HandshakeParty {
  private table: RoleTable;
  private readonly verifier = new RoleVerifier();
  /** Grants we know that the doc's log may lack (kept in the GrantStore). */
  private readonly extra = new Map<string, Grant>();
  /** Box keys learned in handshakes, checked (a host that may not write the doc keeps them here). */
  private readonly learnedBoxKeys = new Map<string, BoxKeyRecord>();
  private readonly listeners = new Set<() => void>();
  private anchor: string | null;
  private myBoxKey: BoxKeyRecord | null = null;
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private disposed = false;
  /** The workspace key and its rotations. */
  keys!: KeyRing;

  private constructor(private readonly options: AuthOptions) {
    this.anchor = options.anchor;
    this.table = new RoleTable(options.anchor ?? '', new Map(), []);
  }

  static async open(options: AuthOptions): Promise<WorkspaceAuth> {
    const auth = new WorkspaceAuth(options);
    for (const grant of (await options.store?.load()) ?? []) auth.extra.set(grant.sig, grant);
    auth.myBoxKey = await signBoxKey(options.identity.signer, options.workspaceId, options.identity.box.publicKey);
    getGrantsMap(options.doc).observe(auth.onLogChange);
    options.doc.getMap('meta').observe(auth.onLogChange);
    await auth.refresh();
    auth.keys = new KeyRing(options.doc, options.workspaceId, auth, options.identity.box, options.keyHolder);
    return auth;
  }

  get me(): MemberId {
    return this.options.identity.signer.id as MemberId;
  }

  get anchorId(): string | null {
    return this.anchor;
  }

  roleOf(memberId: string): Role | null {
    return this.table.roleOf(memberId);
  }

  get myRole(): Role | null {
    return this.table.roleOf(this.me);
  }

  entry(memberId: string): RoleEntry | undefined {
    return this.table.get(memberId);
  }

  roles(): RoleTable {
    return this.table;
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  sign(message: Uint8Array): Promise<Uint8Array> {
    return this.options.identity.signer.sign(message);
  }

  credentials(): Credentials {
    return { grants: this.knownGrants(), boxKey: this.myBoxKey, profile: this.options.identity.profile() };
  }

  async admit(memberId: string, credentials: Credentials): Promise<boolean> {
    if (this.disposed) return false;
    this.adoptAnchor(credentials.grants);
    if (!this.anchor) return false;
    const union = await this.verifier.table([...this.knownGrants(), ...credentials.grants], this.anchor, this.options.workspaceId);
    if (union.roleOf(memberId) === null) return false;
    const known = new Set(this.knownGrants().map((g) => g.sig));
    const fresh = union.effective.filter((g) => !known.has(g.sig));
    if (fresh.length > 0) await this.learn(fresh);
    const box = credentials.boxKey;
    if (box && box.memberId === memberId && box.workspaceId === this.options.workspaceId && (await verifyBoxKey(box))) this.learnBoxKey(box);
    this.learnProfile(memberId, credentials.profile);
    this.publishOwnProfile(); // a replica that was stale when we last met converges now
    return this.roleOf(memberId) !== null;
  }

  /** Signs a grant of `role` (or removal) to a member and adds it to the log. Stewards only. */
  async setRole(memberId: string, role: GrantRole): Promise<Grant> {
    if (this.myRole !== 'steward') throw new CommonplaceError('forbidden', 'only a steward may change roles');
    const grant = await signGrant(this.options.identity.signer, { workspaceId: this.options.workspaceId, memberId, role, invite: false, at: this.now() });
    await this.learn([grant]);
    return grant;
  }

  /** A new invite key with `role`: the grant goes into the log, the seed into the invite link. */
  async createInvite(role: Role): Promise<{ seed: string; grant: Grant }> {
    if (this.myRole !== 'steward') throw new CommonplaceError('forbidden', 'only a steward may invite with a signed role');
    const { signer, seed } = await generateSigner();
    const grant = await signGrant(this.options.identity.signer, { workspaceId: this.options.workspaceId, memberId: signer.id, role, invite: true, at: this.now() });
    await this.learn([grant]);
    return { seed, grant };
  }

  /** Joining with an invite: signs our claim with the invite key and keeps both grants. */
  async claimInvite(seed: string, inviteGrant: Grant): Promise<Grant> {
    const raw = decodeBase64Url(seed);
    if (!raw) throw new CommonplaceError('invalid-argument', 'the invite key is not base64url');
    const invite = await signerFromSeed(raw);
    if (invite.id !== inviteGrant.memberId || !inviteGrant.invite) throw new CommonplaceError('invalid-argument', 'the invite key does not match its grant');
    const role = inviteGrant.role;
    if (role === 'removed') throw new CommonplaceError('forbidden', 'the invite was revoked');
    const claim = await signGrant(invite, { workspaceId: this.options.workspaceId, memberId: this.me, role, invite: false, at: Math.max(this.now(), inviteGrant.at + 1) });
    await this.learn([inviteGrant, claim]);
    return claim;
  }

  /** A member's box key, if a signed one is known (key rotation seals to it). */
  async boxKeyOf(memberId: string): Promise<string | null> {
    const candidates: BoxKeyRecord[] = [];
    const learned = this.learnedBoxKeys.get(memberId);
    if (learned) candidates.push(learned);
    if (memberId === this.me && this.myBoxKey) candidates.push(this.myBoxKey);
    this.options.doc.getMap<unknown>(WORKSPACE_BOX_KEYS).forEach((value) => {
      const record = parseBoxKey(value);
      if (record?.memberId === memberId && record.workspaceId === this.options.workspaceId) candidates.push(record);
    });
    for (const record of candidates) if (await verifyBoxKey(record)) return record.boxKey;
    return null;
  }

  /**
   * Publishes our own profile (name, colour) in the workspace's `members` if it reads otherwise
   * there: other hosts show members as their entry says. Any member may write these two fields of
   * its own entry (shared/model/roles-policy.ts), so this needs only that we are a member. Runs at
   * open and whenever roles change (writeOwnRecords), at each handshake, and when the profile
   * changes (MemberService.publishProfile).
   */
  publishOwnProfile(): void {
    if (this.disposed || this.myRole === null) return;
    const { name, color } = this.options.identity.profile();
    // Peers would refuse it (and with it what we write after it in this session): never publish that.
    if (!isMemberName(name) || !isMemberColor(color)) {
      log.warn(`not publishing a profile peers would refuse: ${JSON.stringify({ name, color })}`);
      return;
    }
    const entry = getMembersMap(this.options.doc).get(this.me);
    if (entry instanceof Y.Map && entry.get('name') === name && entry.get('color') === color) return;
    writeMember(this.options.doc, this.me, { name, color }, LOCAL);
  }

  /** Recomputes the role table (after the log changed); resolves once a recompute that began after the call is done. */
  refresh(): Promise<void> {
    if (this.queued) return this.queued; // not started yet: it will see whatever changed before now
    const run = this.chain.then(() => {
      this.queued = null;
      return this.disposed ? undefined : this.recompute();
    });
    this.queued = run;
    this.chain = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.disposed = true;
    this.keys.dispose();
    getGrantsMap(this.options.doc).unobserve(this.onLogChange);
    this.options.doc.getMap('meta').unobserve(this.onLogChange);
    this.listeners.clear();
  }

  // ---- internals ----

  private readonly onLogChange = (): void => void this.refresh().catch((error: unknown) => log.error('could not recompute roles', error));

  private async recompute(): Promise<void> {
    this.adoptAnchor([]);
    if (!this.anchor) return;
    const before = this.table.signature();
    this.table = await this.verifier.table(this.knownGrants(), this.anchor, this.options.workspaceId);
    await this.writeOwnRecords();
    if (this.table.signature() !== before && !this.disposed) {
      log.debug(`roles changed: ${this.table.signature()}`);
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch (error) {
          log.error('a roles listener threw', error);
        }
      }
    }
  }

  private knownGrants(): Grant[] {
    const all = new Map(this.extra);
    for (const grant of readGrants(this.options.doc)) all.set(grant.sig, grant);
    return [...all.values()];
  }

  private get mayWriteDoc(): boolean {
    return mayWrite(this.myRole, 'workspace');
  }

  /** Keeps grants: in the doc's log if we may write it, and in the store either way. */
  private async learn(grants: readonly Grant[]): Promise<void> {
    for (const grant of grants) this.extra.set(grant.sig, grant);
    await this.options.store?.save([...this.extra.values()]);
    await this.refresh(); // writes them into the log too, if we may (writeOwnRecords)
  }

  private learnBoxKey(record: BoxKeyRecord): void {
    this.learnedBoxKeys.set(record.memberId, record);
    const map = this.options.doc.getMap<unknown>(WORKSPACE_BOX_KEYS);
    if (this.mayWriteDoc && !map.has(record.sig)) this.options.doc.transact(() => map.set(record.sig, { ...record }), LOCAL);
  }

  private learnProfile(memberId: string, profile: { name: string; color: string }): void {
    if (!this.mayWriteDoc || !isMemberName(profile.name) || !isMemberColor(profile.color)) return;
    const entry = getMembersMap(this.options.doc).get(memberId);
    const same = entry instanceof Y.Map && entry.get('name') === profile.name && entry.get('color') === profile.color;
    if (!same) writeMember(this.options.doc, memberId as MemberId, { name: profile.name, color: profile.color }, LOCAL);
  }

  /**
   * The creator writes its genesis grant once; a member that may write the doc publishes its box
   * key; every member publishes its profile.
   */
  private async writeOwnRecords(): Promise<void> {
    const { doc, workspaceId, identity } = this.options;
    if (this.anchor === this.me && !readGrants(doc).some((g) => g.memberId === this.me && g.grantedBy === this.me)) {
      const genesis = await signGrant(identity.signer, { workspaceId, memberId: this.me, role: 'steward', invite: false, at: this.now() });
      addGrants(doc, [genesis], LOCAL);
    }
    if (this.mayWriteDoc) {
      for (const grant of this.extra.values()) if (!getGrantsMap(doc).has(grant.sig)) addGrants(doc, [grant], LOCAL);
      if (this.myBoxKey) this.learnBoxKey(this.myBoxKey);
    }
    this.publishOwnProfile();
  }

  /** Trust on first use, for a workspace joined without an anchor: the doc's creator, or the one genesis grant offered. */
  private adoptAnchor(offered: readonly Grant[]): void {
    if (this.anchor) return;
    let anchor: string | null = anchorOf(this.options.doc);
    if (!anchor) {
      const geneses = new Set(offered.filter((g) => g.memberId === g.grantedBy && g.role === 'steward' && !g.invite).map((g) => g.memberId));
      anchor = geneses.size === 1 ? ([...geneses][0] ?? null) : null;
    }
    if (!anchor) return;
    log.warn(`workspace ${this.options.workspaceId}: trusting ${anchor.slice(0, 8)}… as its creator on first use`);
    this.anchor = anchor;
    this.options.onAnchor?.(anchor);
  }

  private now(): number {
    // Grants replay in date order: never date one before the last grant we know.
    const last = this.knownGrants().reduce((max, g) => Math.max(max, g.at), 0);
    return Math.max(Date.now(), last + 1);
  }
}
