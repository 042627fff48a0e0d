/**
 * The `activity` area of the bridge: what changed in a workspace and who did it (computed by the
 * host from its local docs: host/activity/), each member's contribution profile, and this
 * installation's own reading state (last seen, whether Start here was shown), which is local and
 * never synced. Argument schemas (validated in the host) and result shapes.
 */
import * as z from 'zod';
import { isWorkspaceId, type MemberId, type WorkspaceId } from '../ids';
import type { ActivityItem } from '../model/activity';
import { MAX_FEED_LIMIT } from '../model/activity-feed';
import type { ContributionCounts, WeekCount } from '../model/contributions';
import { MAX_TIMELINE_WEEKS } from '../model/contributions';
import type { Role } from '../model/members';

const workspaceId = z.custom<WorkspaceId>(isWorkspaceId, 'expected a workspace id (32 hex chars)');
const memberId = z.custom<MemberId>((v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v), 'expected a member id (64 hex chars)');
/** A time in ms since the epoch, within what Date can represent. */
const time = z.number().finite().min(0).max(8.64e15);

export const activityFeedArgs = z.object({ workspaceId, since: time.optional(), limit: z.number().int().min(1).max(MAX_FEED_LIMIT).optional() }).strict();
export const activityProfileArgs = z.object({ workspaceId, memberId, weeks: z.number().int().min(1).max(MAX_TIMELINE_WEEKS).optional() }).strict();
export const activityMarkSeenArgs = z.object({ workspaceId, at: time }).strict();
export const activityWorkspaceArgs = z.object({ workspaceId }).strict();

/** How a member looks, as this host knows them. */
export interface Person {
  readonly name: string;
  readonly color: string;
}

export interface ActivityFeed {
  readonly workspaceId: WorkspaceId;
  /** Newest first. */
  readonly items: readonly ActivityItem[];
  /** Names and colors of everyone the items mention. */
  readonly people: Readonly<Record<string, Person>>;
  /**
   * When this installation last looked — and never before this member joined (what happened
   * earlier is history, not news); 0 when neither is known. Items after it by others are unread.
   */
  readonly lastSeenAt: number;
  /** Unread items in the whole feed (not only those returned). */
  readonly unread: number;
  /** This installation's member. */
  readonly me: MemberId;
}

export interface ProfileMember extends Person {
  readonly id: MemberId;
  /** Null: not in the role table (no grant reached us, or not a member). */
  readonly role: Role | 'removed' | null;
  /** 0 when unknown. */
  readonly joinedAt: number;
  readonly invitedBy: { readonly id: MemberId; readonly name: string } | null;
  readonly isMe: boolean;
}

export interface ActivityProfile {
  readonly member: ProfileMember;
  readonly counts: ContributionCounts;
  /** Contributions per week (Monday 00:00 UTC), oldest first, up to this week. */
  readonly timeline: readonly WeekCount[];
  /** The member's latest contributions, newest first. */
  readonly recent: readonly ActivityItem[];
  readonly people: Readonly<Record<string, Person>>;
}

/** This installation's own state of a workspace (kept beside it, never synced). */
export interface ActivityLocalState {
  readonly lastSeenAt: number;
  /** When Start here was first shown here; null: not yet. */
  readonly startHereShownAt: number | null;
}

/** Something in a workspace's activity changed (throttled): ask `activity.feed` again. */
export interface ActivityChange {
  readonly workspaceId: WorkspaceId;
}
