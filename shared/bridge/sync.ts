/**
 * The `sync` area of the bridge: invites, joining, the state of peer sync, peers by address and
 * per-workspace sync settings. Argument schemas (validated in the host) and result shapes.
 */
import * as z from 'zod';
import { isWorkspaceId, type PageId, type WorkspaceId } from '../ids';
import { MAX_INVITE_LINK_LENGTH } from '../crypto/invites';
import { ROLES, type Role } from '../model/members';
import { checkIceUrl, checkSignalingUrl } from './sync-urls';

/** Extra signaling servers, and ICE servers, a workspace may list. */
export const MAX_WORKSPACE_SIGNALING = 8;
export const MAX_ICE_SERVERS = 8;
export const MAX_ICE_URLS = 4;
const MAX_CREDENTIAL = 200;
/** Pending pages listed in a status (the count is exact). */
export const MAX_STATUS_PENDING = 200;

const workspaceId = z.custom<WorkspaceId>(isWorkspaceId, 'expected a workspace id (32 hex chars)');

const signalingUrl = z.string().transform((text, ctx) => {
  const verdict = checkSignalingUrl(text);
  if (verdict.ok) return verdict.url;
  ctx.addIssue({ code: 'custom', message: `signaling address ${JSON.stringify(text.slice(0, 80))}: ${verdict.reason}` });
  return z.NEVER;
});

const iceUrl = z.string().transform((text, ctx) => {
  const verdict = checkIceUrl(text);
  if (verdict.ok) return verdict.url;
  ctx.addIssue({ code: 'custom', message: `ICE server ${JSON.stringify(text.slice(0, 80))}: ${verdict.reason}` });
  return z.NEVER;
});

export const iceServerSchema = z
  .object({
    urls: z.array(iceUrl).min(1).max(MAX_ICE_URLS),
    username: z.string().max(MAX_CREDENTIAL).optional(),
    credential: z.string().max(MAX_CREDENTIAL).optional(),
  })
  .strict();

export const workspaceSyncSettingsSchema = z
  .object({
    /** Signaling servers this workspace also uses (a group spread over sites). */
    signaling: z.array(signalingUrl).max(MAX_WORKSPACE_SIGNALING),
    /** STUN/TURN servers for this workspace; none by default. */
    iceServers: z.array(iceServerSchema).max(MAX_ICE_SERVERS),
  })
  .strict();

export type WorkspaceSyncSettings = z.output<typeof workspaceSyncSettingsSchema>;
export type IceServerSetting = z.output<typeof iceServerSchema>;

export const createInviteArgs = z.object({ workspaceId, role: z.enum(ROLES).optional() }).strict();
export const joinArgs = z
  .object({
    /** An invite link, or a short code. */
    invite: z.string().min(1).max(MAX_INVITE_LINK_LENGTH),
    /** The joiner's display name (saved as their profile name too). */
    name: z.string().trim().min(1).max(80).optional(),
  })
  .strict();
export const statusArgs = z.object({ workspaceId }).strict();
export const addPeerArgs = z.object({ address: signalingUrl }).strict();
export const settingsArgs = z.object({ workspaceId }).strict();
export const setSettingsArgs = z.object({ workspaceId, settings: workspaceSyncSettingsSchema }).strict();

export interface InviteCreated {
  /** `commonplace://join/…`: holds the workspace key. */
  readonly link: string;
  /** `ABCDE-FGHJK`, valid until `expiresAt` while this host runs; null when it runs no signaling server. */
  readonly code: string | null;
  readonly expiresAt: number;
  readonly role: Role;
}

export interface SyncPeerStatus {
  readonly memberId: string;
  readonly name: string;
  readonly color: string;
  readonly connected: boolean;
  /**
   * Connected, and its workspace doc and page digests have arrived: until then nothing is known to
   * be in sync with it (a host that has just joined lists none of the pages yet).
   */
  readonly compared: boolean;
  /** When we last held the same pages as this peer (null: never seen converged). */
  readonly lastSyncedAt: number | null;
}

export interface DiscoveryStatus {
  readonly state: 'on' | 'off' | 'unavailable';
  /** Why it is off or unavailable, for the UI. */
  readonly reason: string | null;
}

/** A page whose replicas differ while a peer is connected, and have not moved for a while. */
export interface StalledPage {
  readonly pageId: PageId;
  readonly memberId: string;
  readonly since: number;
}

export interface SyncStatus {
  readonly workspaceId: WorkspaceId;
  /** Whether peer sync runs for this workspace in this host. */
  readonly running: boolean;
  readonly peers: readonly SyncPeerStatus[];
  /** Pages that differ from a connected peer's (at most MAX_STATUS_PENDING). */
  readonly pending: readonly PageId[];
  readonly pendingCount: number;
  /** Catch-up: "Syncing done / total pages". */
  readonly progress: { readonly done: number; readonly total: number };
  readonly stalled: readonly StalledPage[];
  readonly discovery: DiscoveryStatus;
  /** Our own signaling addresses: what another member adds to reach us. */
  readonly addresses: readonly string[];
  /** The peers' signaling addresses we use (added by address, discovered, or from an invite). */
  readonly knownPeers: readonly string[];
}

export interface SyncChange {
  readonly workspaceId: WorkspaceId;
}

export interface InviteReceived {
  /** A `commonplace://join/…` link the OS handed the app. */
  readonly link: string;
}
