/**
 * The bridge: the one typed contract between the renderer and the host.
 *
 * Methods are grouped by area; each takes one argument object (validated by its schema in the
 * host) and returns a Promise. Events are declared beside them and surface on the client as
 * `area.onDidX(cb) → unsubscribe`. Channel names are derived from this object, so a method that
 * is declared but not wired is a compile error in every transport (see `BridgeHandlers`).
 *
 * Document content never travels as RPC: each open doc gets its own message stream (a
 * `DocChannel`) carrying the y-protocols messages of `doc-protocol.ts`.
 */
import * as z from 'zod';
import type { AttachmentId, PageId, WorkspaceId } from '../ids';
import { isAttachmentId, isPageId, isWorkspaceId } from '../ids';
import type { Backlink, LinksChange, UnlinkedMention } from './links';
import type { QuestionSummary } from '../model/questions';
import { searchFacetsArgs, searchQueryArgs, searchTitlesArgs, type SearchFacets, type SearchResults, type TitleHit } from './search';
import { exportPageArgs, importFilesArgs, operationArgs, type ImportFilesResult } from './transfer';
import type { ExportReport, ImportReport, PageFile, TransferProgress } from '../transfer/report';
import {
  addPeerArgs,
  createInviteArgs,
  joinArgs,
  setSettingsArgs,
  settingsArgs,
  statusArgs,
  type InviteCreated,
  type InviteReceived,
  type SyncChange,
  type SyncStatus,
  type WorkspaceSyncSettings,
} from './sync';
import { membersListArgs, removeMemberArgs, setRoleArgs, type MembersView, type RemovalResult } from './members';
import {
  activityFeedArgs,
  activityMarkSeenArgs,
  activityProfileArgs,
  activityWorkspaceArgs,
  type ActivityChange,
  type ActivityFeed,
  type ActivityLocalState,
  type ActivityProfile,
} from './activity';

export interface WorkspaceInfo {
  readonly id: WorkspaceId;
  readonly name: string;
  readonly createdAt: number;
}

export interface MemberProfile {
  /** Hex Ed25519 public key of this installation. */
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

export interface AppInfo {
  readonly version: string;
  readonly mode: 'desktop' | 'browser';
  readonly platform: string;
  /** Where this host keeps its data, shown in settings so members can back it up. */
  readonly dataDir: string;
  readonly me: MemberProfile;
}

export interface AttachmentInfo {
  readonly id: AttachmentId;
  readonly mime: string;
  readonly size: number;
}

/** Limits a hostile or buggy renderer cannot exceed. */
export const MAX_NAME_LENGTH = 200;
export const MAX_URL_LENGTH = 2048;
export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
export const ALLOWED_ATTACHMENT_MIME = /^image\/(png|jpeg|gif|webp|avif|svg\+xml)$/;

const workspaceId = z.custom<WorkspaceId>(isWorkspaceId, 'expected a workspace id (32 hex chars)');
const pageId = z.custom<PageId>(isPageId, 'expected a page id (32 hex chars)');
const attachmentId = z.custom<AttachmentId>(isAttachmentId, 'expected an attachment id (sha256-…)');
const name = z.string().trim().min(1, 'a name cannot be empty').max(MAX_NAME_LENGTH);
const bytes = z.custom<Uint8Array>(
  (v) => v instanceof Uint8Array && v.byteLength <= MAX_ATTACHMENT_BYTES,
  `expected bytes (at most ${MAX_ATTACHMENT_BYTES} bytes)`,
);
const none = z.object({}).strict().optional();

/** A method: its argument schema, with the result type carried as a phantom. */
interface Method<A extends z.ZodType, R> {
  readonly args: A;
  readonly result?: R;
}
const method = <R>() => <A extends z.ZodType>(args: A): Method<A, R> => ({ args });

export const contract = {
  app: {
    info: method<AppInfo>()(none),
    /** Opens an http(s) or mailto link in the system browser; anything else is refused. */
    openExternal: method<void>()(z.object({ url: z.string().max(MAX_URL_LENGTH) }).strict()),
    setProfile: method<MemberProfile>()(
      z.object({ name: name.optional(), color: z.string().regex(/^#[0-9a-f]{6}$/i).optional() }).strict(),
    ),
  },
  workspaces: {
    list: method<WorkspaceInfo[]>()(none),
    create: method<WorkspaceInfo>()(z.object({ name }).strict()),
    rename: method<void>()(z.object({ workspaceId, name }).strict()),
    delete: method<void>()(z.object({ workspaceId }).strict()),
  },
  pages: {
    /** Copies a page's entry and its content into a new page placed after it. */
    duplicate: method<PageId>()(z.object({ workspaceId, pageId }).strict()),
    /**
     * Creates a page under `parentId` (null: top level, last) from a built-in template (its id)
     * or a page marked as a template, and writes its content exactly once, in the host.
     */
    createFromTemplate: method<PageId>()(
      z
        .object({
          workspaceId,
          parentId: pageId.nullable(),
          template: z.union([z.object({ builtin: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(), z.object({ pageId }).strict()]),
        })
        .strict(),
    ),
  },
  attachments: {
    /** Stores bytes content-addressed; the same bytes always give the same id. */
    put: method<AttachmentInfo>()(
      z.object({ workspaceId, bytes, mime: z.string().regex(ALLOWED_ATTACHMENT_MIME, 'unsupported image type') }).strict(),
    ),
    get: method<AttachmentInfo & { bytes: Uint8Array }>()(z.object({ workspaceId, id: attachmentId }).strict()),
  },
  /** The workspace's full-text index (shapes and limits in search.ts). */
  search: {
    /** Pages matching words of `text` (prefix and typo tolerant), with filters; snippets highlighted. */
    query: method<SearchResults>()(searchQueryArgs),
    /** The quick switcher: fuzzy title match, and pages whose body has the words. */
    titles: method<TitleHit[]>()(searchTitlesArgs),
    /** Kinds, tags and authors of the visible pages, with counts. */
    facets: method<SearchFacets>()(searchFacetsArgs),
  },
  /** Wiki links between pages (shapes in links.ts). */
  links: {
    /** Every link (or embed) to the page from a live page, with the paragraph around it. */
    backlinks: method<Backlink[]>()(z.object({ workspaceId, pageId }).strict()),
    /** The page's title as plain text in other live pages (word-bounded, any case). */
    unlinkedMentions: method<UnlinkedMention[]>()(z.object({ workspaceId, pageId }).strict()),
    /** Replaces one mention (as `unlinkedMentions` reported it) with a wiki link to the target. */
    linkMention: method<void>()(
      z
        .object({
          workspaceId,
          sourcePageId: pageId,
          targetPageId: pageId,
          occurrence: z.object({ block: z.number().int().min(0).max(1e7), start: z.number().int().min(0).max(1e8) }).strict(),
        })
        .strict(),
    ),
  },
  /** Questions, the sounding board (shapes in shared/model/questions.ts; answers live in comments docs). */
  questions: {
    /** Every question page not in the trash, newest first, with its answer count and accepted answer. */
    list: method<QuestionSummary[]>()(z.object({ workspaceId }).strict()),
    /**
     * Makes a practice guide from a question and its answers (the accepted one first), linked both
     * ways, written once in the host; resolves to the guide's id (the existing one if made before).
     */
    toGuide: method<PageId>()(z.object({ workspaceId, pageId }).strict()),
  },
  /** Markdown import and export (shapes and limits in transfer.ts and ../transfer/report.ts). */
  transfer: {
    /** Desktop: the member picks a folder in the shell's dialog, which is imported; null when cancelled. */
    importFolder: method<ImportReport | null>()(operationArgs),
    /** Browser: uploads a folder's files in batches; the batch with `done` imports them. */
    importFiles: method<ImportFilesResult>()(importFilesArgs),
    /** The workspace as a vault, in a new folder: where the member picks (desktop) or under `<data>/exports/`; null when cancelled. */
    exportWorkspace: method<ExportReport | null>()(operationArgs),
    /** One page as Markdown or standalone HTML, for the renderer to offer as a download. */
    exportPage: method<PageFile>()(exportPageArgs),
  },
  /** Peer sync: invites, joining, its state, peers by address, per-workspace settings (shapes in sync.ts). */
  sync: {
    /** A link and a short code (valid ten minutes while this host runs) that let someone join. */
    createInvite: method<InviteCreated>()(createInviteArgs),
    /** Joins by link or code: stores the workspace and starts syncing it; its pages arrive by sync. */
    join: method<WorkspaceInfo>()(joinArgs),
    status: method<SyncStatus>()(statusArgs),
    /** Also signal through this peer's server, in every workspace ("add a peer by address"). */
    addPeer: method<void>()(addPeerArgs),
    settings: method<WorkspaceSyncSettings>()(settingsArgs),
    setSettings: method<WorkspaceSyncSettings>()(setSettingsArgs),
    /** The invite link the OS opened the app with, once (null if none is waiting). */
    takeInvite: method<string | null>()(none),
  },
  /**
   * Members and roles, from the signed grants (shapes in members.ts); changes are stewards' only.
   * No event: the grants and profiles live in the workspace doc, whose replica the renderer
   * watches (renderer/src/features/members/members-session.ts asks `list` again when they change).
   */
  members: {
    list: method<MembersView>()(membersListArgs),
    /** Signs a grant of the role with our member key (we must be a steward). */
    setRole: method<void>()(setRoleArgs),
    /** Signs a removal and rotates the workspace key to everyone else (we must be a steward). */
    remove: method<RemovalResult>()(removeMemberArgs),
  },
  /**
   * What changed and who did it, computed by the host from its local docs (shapes in activity.ts);
   * plus this installation's own reading state, kept locally and never synced.
   */
  activity: {
    /** Newest first, edits coalesced into sessions; with who is who and how many are unread. */
    feed: method<ActivityFeed>()(activityFeedArgs),
    /** A member's profile: role, joined, invited by, contribution counts, per-week timeline, recent. */
    profile: method<ActivityProfile>()(activityProfileArgs),
    /** Moves "last seen" forward to `at` (never back). */
    markSeen: method<ActivityLocalState>()(activityMarkSeenArgs),
    localState: method<ActivityLocalState>()(activityWorkspaceArgs),
    /** Records that Start here was shown here (once per installation and workspace). */
    markStartHereShown: method<ActivityLocalState>()(activityWorkspaceArgs),
  },
} as const;

/** Events the host pushes, by area; the client exposes them as `area.onDidX(cb)`. */
export interface BridgeEvents {
  /** Our own profile changed (`app.setProfile`, or the name given on joining): every open window shows the new one. */
  app: { onDidChangeProfile: MemberProfile };
  workspaces: { onDidChange: WorkspaceInfo[] };
  links: { onDidChange: LinksChange };
  transfer: { onDidProgress: TransferProgress };
  /** Something in a workspace's sync state changed (throttled): ask `sync.status`. */
  sync: { onDidChange: SyncChange; onDidReceiveInvite: InviteReceived };
  /** Something in a workspace's activity changed (throttled): ask `activity.feed`. */
  activity: { onDidChange: ActivityChange };
}

export type Contract = typeof contract;
export type Area = keyof Contract;
export type MethodName<A extends Area> = keyof Contract[A] & string;

type ArgsOf<M> = M extends Method<infer A, unknown> ? z.input<A> : never;
type ParsedArgsOf<M> = M extends Method<infer A, unknown> ? z.output<A> : never;
type ResultOf<M> = M extends Method<z.ZodType, infer R> ? R : never;

export type Unsubscribe = () => void;

/** What the renderer calls. */
export type BridgeApi = {
  [A in Area]: {
    [M in keyof Contract[A]]: undefined extends ArgsOf<Contract[A][M]>
      ? (args?: ArgsOf<Contract[A][M]>) => Promise<ResultOf<Contract[A][M]>>
      : (args: ArgsOf<Contract[A][M]>) => Promise<ResultOf<Contract[A][M]>>;
  } & (A extends keyof BridgeEvents
    ? { [E in keyof BridgeEvents[A]]: (cb: (payload: BridgeEvents[A][E]) => void) => Unsubscribe }
    : unknown);
};

/** What a host implements: the same methods, receiving arguments already validated. */
export type BridgeHandlers = {
  [A in Area]: {
    [M in keyof Contract[A]]: (args: ParsedArgsOf<Contract[A][M]>) => Promise<ResultOf<Contract[A][M]>>;
  };
};

/** The prefix of every channel; the Electron sender check refuses anything else. */
export const CHANNEL_PREFIX = 'commonplace:';
export const channelName = (area: string, method: string): string => `${CHANNEL_PREFIX}${area}.${method}`;
export const eventChannelName = (area: string, event: string): string => `${CHANNEL_PREFIX}event:${area}.${event}`;

/** Every (area, method) pair, for transports that wire them all in a loop. */
export function methodsOf(): Array<{ area: Area; method: string }> {
  return (Object.keys(contract) as Area[]).flatMap((area) =>
    Object.keys(contract[area]).map((method) => ({ area, method })),
  );
}

export const eventsOf: Array<{ area: keyof BridgeEvents; event: string }> = [
  { area: 'app', event: 'onDidChangeProfile' },
  { area: 'workspaces', event: 'onDidChange' },
  { area: 'links', event: 'onDidChange' },
  { area: 'transfer', event: 'onDidProgress' },
  { area: 'sync', event: 'onDidChange' },
  { area: 'sync', event: 'onDidReceiveInvite' },
  { area: 'activity', event: 'onDidChange' },
];
