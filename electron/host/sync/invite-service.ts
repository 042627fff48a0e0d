/**
 * Making invites and joining by them (issue 3, point 6; shared/crypto/invites.ts has the format).
 *
 * create: the link (always) and a short code (when this host runs a signaling server to serve it),
 *         and this member's own entry in the workspace's `members` if it has none yet.
 * join:   a link, or a code looked up from the hosts we can reach (code-lookup.ts) → the workspace
 *         is stored (workspace.json with the key; the invite's signaling addresses in the
 *         workspace's sync settings, written first so sync starts with them) and opened, which
 *         starts its sync: catch-up then pulls the workspace doc and every page. The joiner adds
 *         itself to `members` with the role the invite grants.
 *
 * Roles (issue 5, host/sync/auth.ts): with `roles` given, an invite carries an invite key and the
 * steward's signed grant of the role to it, and the workspace's trust anchor; the joiner's host
 * claims the role with the invite key once the workspace is stored, so peers let it in. The
 * `members` entry written here is the member's profile (name, colour) as others see it.
 */
import { mkdir } from 'node:fs/promises';
import type { WorkspaceInfo } from '../../../shared/bridge/contract';
import type { InviteCreated } from '../../../shared/bridge/sync';
import { GRANT_VERSION, type Grant } from '../../../shared/crypto/grants';
import { classifyInviteInput, encodeInviteLink, encodeInvitePayload, formatCode, newInviteCode, type Invite } from '../../../shared/crypto/invites';
import { decodeBase64Url, signerFromSeed } from '../../../shared/crypto/signatures';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { getMeta } from '../../../shared/model';
import { fillMember, roleAtLeast, writeMember, type Role } from '../../../shared/model/members';
import { LOCAL } from '../origins';
import { saveIdentity, type Identity } from '../workspace/identity';
import type { WorkspaceService } from '../workspace/workspace-service';
import { lookupInviteCode, type FetchLike } from './code-lookup';
import type { InviteCodes } from './invite-codes';
import { loadWorkspaceSyncSettings, saveWorkspaceSyncSettings } from './sync-settings';

const log = createLogger('invites');

/** What an invite grants unless asked otherwise. */
export const DEFAULT_INVITE_ROLE: Role = 'contributor';

/** What invites need of the workspace's roles (MemberService / WorkspaceAuth). */
export interface InviteRoles {
  /** A new invite key with `role` and the grant the steward signed for it; the creator, if known. */
  createInvite(workspaceId: WorkspaceId, role: Role): Promise<{ seed: string; grant: Grant; anchor: MemberId | null }>;
  /** Claims the invite's role for this member with the invite key. */
  claimInvite(workspaceId: WorkspaceId, seed: string, grant: Grant): Promise<void>;
}

export interface InviteContext {
  readonly identity: Identity;
  readonly dataDir: string;
  readonly workspaces: WorkspaceService;
  /** Null when this host runs no signaling server: then there are links but no codes. */
  readonly codes: InviteCodes | null;
  /** Signaling addresses to put in an invite: ours first, then peers worth knowing. */
  addressesForInvite(workspaceId: WorkspaceId): Promise<string[]>;
  /** Signaling servers to ask for a code. */
  lookupHosts(): Promise<string[]>;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  /** Signed role grants; without them an invite carries the role as a plain claim. */
  readonly roles?: InviteRoles;
}

export class InviteService {
  constructor(private readonly context: InviteContext) {}

  async create(workspaceId: WorkspaceId, role: Role = DEFAULT_INVITE_ROLE): Promise<InviteCreated> {
    const { identity, workspaces, codes } = this.context;
    const workspace = await workspaces.get(workspaceId);
    const doc = workspace.root.doc;
    // First: only a steward may make a signed invite, and only what it may write goes into the doc.
    const signed = await this.context.roles?.createInvite(workspaceId, role);
    // Workspaces made before members were kept: the creator is their first steward. (Our profile
    // is usually there already, published as the workspace opened: host/sync/auth.ts.)
    const own: Role = getMeta(doc)?.createdBy === identity.id ? 'steward' : DEFAULT_INVITE_ROLE;
    fillMember(doc, identity.id, { name: identity.name, color: identity.color, role: own, joinedAt: this.now(), grantedBy: null }, LOCAL);
    const invite: Invite = {
      workspaceId,
      key: workspace.record.key,
      name: workspace.name,
      inviter: { id: identity.id, name: identity.name },
      role,
      signaling: await this.context.addressesForInvite(workspaceId),
      ...(signed ? { grant: { seed: signed.seed, at: signed.grant.at, sig: signed.grant.sig } } : {}),
      ...(signed?.anchor ? { anchor: signed.anchor } : {}),
    };
    const link = encodeInviteLink(invite);
    if (!codes) return { link, code: null, expiresAt: 0, role };
    const code = newInviteCode();
    const expiresAt = await codes.add(code, encodeInvitePayload(invite));
    log.debug(`invite made for workspace ${workspaceId} (${role})`); // never the link or the code
    return { link, code: formatCode(code), expiresAt, role };
  }

  async join(input: string, name?: string): Promise<WorkspaceInfo> {
    const { identity, workspaces, dataDir } = this.context;
    const invite = await this.resolve(input);
    if (name !== undefined && name !== identity.name) {
      identity.name = name;
      await saveIdentity(dataDir, identity);
    }
    const dir = workspaces.dirOf(invite.workspaceId);
    await mkdir(dir, { recursive: true });
    const settings = await loadWorkspaceSyncSettings(dir);
    const signaling = [...new Set([...settings.signaling, ...invite.signaling])].slice(0, 8);
    await saveWorkspaceSyncSettings(dir, { ...settings, signaling });
    const { workspaceId, name: workspaceName, key, anchor } = invite;
    const info = await workspaces.adopt({ id: workspaceId, name: workspaceName, key, ...(anchor ? { creatorId: anchor } : {}) }, this.now());
    const workspace = await workspaces.get(workspaceId);
    if (workspace.record.key !== key) {
      throw new CommonplaceError('conflict', `workspace ${workspaceId} is already here with another key`);
    }
    if (invite.grant && this.context.roles) await this.context.roles.claimInvite(workspaceId, invite.grant.seed, await inviteGrantOf(invite));
    // Our profile, and the claim of the invite (role, when, from whom) kept for display. Below
    // contributor a member may write only its profile (shared/model/roles-policy.ts): peers would
    // refuse the claim, and with it everything we write after it while this host runs.
    const doc = workspace.root.doc;
    writeMember(doc, identity.id, { name: identity.name, color: identity.color }, LOCAL);
    if (roleAtLeast(invite.role, 'contributor')) fillMember(doc, identity.id, { role: invite.role, joinedAt: this.now(), grantedBy: invite.inviter.id }, LOCAL);
    await workspace.root.persisted.whenSaved();
    log.debug(`joined workspace ${invite.workspaceId} as ${invite.role}`);
    return info;
  }

  private async resolve(input: string): Promise<Invite> {
    const parsed = classifyInviteInput(input);
    switch (parsed.kind) {
      case 'link':
        return parsed.invite;
      case 'code':
        return lookupInviteCode(parsed.code, await this.context.lookupHosts(), this.context.fetch);
      case 'invalid':
        throw new CommonplaceError('invalid-argument', parsed.reason);
    }
  }

  private now(): number {
    return (this.context.now ?? Date.now)();
  }
}

/** The steward's grant of the invite's role to its invite key, rebuilt from what the link carries. */
async function inviteGrantOf(invite: Invite): Promise<Grant> {
  const seed = invite.grant ? decodeBase64Url(invite.grant.seed) : null;
  if (!invite.grant || !seed) throw new CommonplaceError('invalid-argument', 'the invite has no role grant');
  const key = await signerFromSeed(seed);
  return {
    v: GRANT_VERSION,
    workspaceId: invite.workspaceId,
    memberId: key.id,
    role: invite.role,
    invite: true,
    grantedBy: invite.inviter.id,
    at: invite.grant.at,
    sig: invite.grant.sig,
  };
}
