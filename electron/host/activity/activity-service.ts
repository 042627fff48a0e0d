/**
 * ActivityService: the `activity` bridge area — the feed ("what changed since you last looked"),
 * member profiles with their contribution counts, and this installation's reading state — for
 * every open workspace, computed from the local docs (workspace-activity.ts).
 *
 * Wiring (host.ts): `new ActivityService(workspaces, identity, members)` before any workspace
 * opens (it attaches in `onDidOpen`); `handlers()` is the bridge area; `onDidChange` feeds the
 * `activity.onDidChange` event.
 */
import type { ActivityFeed, ActivityProfile, Person, ProfileMember } from '../../../shared/bridge/activity';
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import type { MemberInfo } from '../../../shared/bridge/members';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import type { ActivityItem } from '../../../shared/model/activity';
import type { Author } from '../../../shared/model/comments';
import { buildFeed, countUnread } from '../../../shared/model/activity-feed';
import { countContributions, weeklyTimeline } from '../../../shared/model/contributions';
import { FALLBACK_MEMBER_COLOR, readMember } from '../../../shared/model';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';
import { WorkspaceActivity, type WorkspaceActivityOptions } from './workspace-activity';

const log = createLogger('activity');
/** Latest contributions shown on a profile. */
export const PROFILE_RECENT = 10;
const ID_PREFIX = 6;
/** How member-service.ts names a member it knows no name for. */
const UNNAMED = 'Member ';

/** What names are read from. */
interface Known {
  readonly workspace: OpenWorkspace;
  readonly members: readonly MemberInfo[];
  readonly authors: ReadonlyMap<MemberId, Author>;
}

/** Who the members are (the role table, host/members/member-service.ts). */
export interface ActivityMembers {
  list(workspaceId: WorkspaceId): Promise<readonly MemberInfo[]>;
}

export interface ActivityMe {
  readonly id: MemberId;
  readonly name: string;
  readonly color: string;
}

export class ActivityService {
  private readonly attached = new Map<WorkspaceId, WorkspaceActivity>();
  private readonly listeners = new Set<(workspaceId: WorkspaceId) => void>();
  private readonly unhook: () => void;
  private readonly now: () => number;

  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly me: ActivityMe,
    private readonly members: ActivityMembers,
    private readonly options: WorkspaceActivityOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.unhook = workspaces.onDidOpen((workspace) => this.attach(workspace));
  }

  onDidChange(cb: (workspaceId: WorkspaceId) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  handlers(): BridgeHandlers['activity'] {
    return {
      feed: ({ workspaceId, since, limit }) => this.feed(workspaceId, { since, limit }),
      profile: ({ workspaceId, memberId, weeks }) => this.profile(workspaceId, memberId, weeks),
      markSeen: async ({ workspaceId, at }) => (await this.of(workspaceId)).local.markSeen(at),
      localState: async ({ workspaceId }) => (await this.of(workspaceId)).local.get(),
      markStartHereShown: async ({ workspaceId }) => (await this.of(workspaceId)).local.markStartHereShown(this.now()),
    };
  }

  async feed(workspaceId: WorkspaceId, options: { since?: number; limit?: number } = {}): Promise<ActivityFeed> {
    const activity = await this.of(workspaceId);
    const members = await this.memberList(workspaceId);
    const { items: all, authors } = await activity.snapshot(joined(members));
    // Never looked: what happened before we joined is history, not news.
    const joinedAt = members.find((m) => m.isMe)?.joinedAt ?? 0;
    const lastSeenAt = Math.max((await activity.local.get()).lastSeenAt, joinedAt);
    const items = buildFeed(all, options);
    const people = this.people({ workspace: activity.workspace, members, authors }, items);
    return { workspaceId, items, people, lastSeenAt, unread: countUnread(all, lastSeenAt, this.me.id), me: this.me.id };
  }

  async profile(workspaceId: WorkspaceId, memberId: MemberId, weeks?: number): Promise<ActivityProfile> {
    const activity = await this.of(workspaceId);
    const members = await this.memberList(workspaceId);
    const { items: all, authors } = await activity.snapshot(joined(members));
    const known: Known = { workspace: activity.workspace, members, authors };
    const recent = buildFeed(
      all.filter((item) => item.memberId === memberId),
      { limit: PROFILE_RECENT },
    );
    const people = this.people(known, recent);
    const person = this.person(known, memberId);
    people[memberId] = person;
    const info = members.find((m) => m.id === memberId);
    const member: ProfileMember = {
      id: memberId,
      ...person,
      role: info === undefined || info.role === 'none' ? null : info.role, // 'none': known by profile, no grant
      joinedAt: info?.joinedAt ?? readMember(activity.workspace.root.doc, memberId)?.joinedAt ?? 0,
      invitedBy: info?.invitedBy ?? null,
      isMe: memberId === this.me.id,
    };
    return { member, counts: countContributions(all, memberId), timeline: weeklyTimeline(all, memberId, this.now(), weeks), recent, people };
  }

  /** Writes this member's pending edit records of a workspace now (they are also written on a timer). */
  async flush(workspaceId: WorkspaceId): Promise<void> {
    (await this.of(workspaceId)).recorder.flush();
  }

  close(): void {
    this.unhook();
  }

  private async of(workspaceId: WorkspaceId): Promise<WorkspaceActivity> {
    await this.workspaces.get(workspaceId); // its open hook attaches it
    const activity = this.attached.get(workspaceId);
    if (!activity) throw new CommonplaceError('unavailable', `the activity of ${workspaceId} is not attached`);
    return activity;
  }

  private attach(workspace: OpenWorkspace): void {
    if (this.attached.has(workspace.id)) return;
    const activity = new WorkspaceActivity(workspace, this.me.id, () => this.emit(workspace.id), this.options);
    this.attached.set(workspace.id, activity);
    workspace.onWillClose(() => void this.attached.delete(workspace.id));
  }

  private emit(workspaceId: WorkspaceId): void {
    for (const cb of [...this.listeners]) {
      try {
        cb(workspaceId);
      } catch (error) {
        log.error('an activity listener threw', error);
      }
    }
  }

  /** The role table's members; none if it cannot be read (the feed still shows the docs' activity). */
  private async memberList(workspaceId: WorkspaceId): Promise<readonly MemberInfo[]> {
    try {
      return await this.members.list(workspaceId);
    } catch (error) {
      log.debug(`no members for ${workspaceId}`, error);
      return [];
    }
  }

  private people(known: Known, items: readonly ActivityItem[]): Record<string, Person> {
    const out: Record<string, Person> = {};
    for (const item of items) {
      for (const id of [item.memberId, item.answerBy]) {
        if (id !== undefined && !(id in out)) out[id] = this.person(known, id);
      }
    }
    return out;
  }

  /**
   * Name and color, in order of trust: ours; the role table's (names learned in handshakes); the
   * workspace's members map; how they signed their latest comment; a short id.
   */
  private person({ workspace, members, authors }: Known, id: MemberId): Person {
    if (id === this.me.id) return { name: this.me.name, color: this.me.color };
    const info = members.find((m) => m.id === id);
    if (info && !info.name.startsWith(UNNAMED)) return { name: info.name, color: info.color };
    const record = readMember(workspace.root.doc, id);
    if (record && record.name !== '') return { name: record.name, color: record.color };
    const author = authors.get(id);
    if (author) return { name: author.name, color: author.color };
    return { name: `${UNNAMED}${id.slice(0, ID_PREFIX)}`, color: info?.color ?? FALLBACK_MEMBER_COLOR };
  }
}

function joined(members: readonly MemberInfo[]): Array<{ id: MemberId; joinedAt: number; invitedBy: MemberId | null }> {
  return members.map((m) => ({ id: m.id, joinedAt: m.joinedAt, invitedBy: m.invitedBy?.id ?? null }));
}
