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
import { buildFeed, countUnread } from '../../../shared/model/activity-feed';
import { countContributions, weeklyTimeline } from '../../../shared/model/contributions';
import { FALLBACK_MEMBER_COLOR, readMember } from '../../../shared/model';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';
import { WorkspaceActivity, type WorkspaceActivityOptions } from './workspace-activity';

const log = createLogger('activity');
/** Latest contributions shown on a profile. */
export const PROFILE_RECENT = 10;
const ID_PREFIX = 6;

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
    const all = await activity.items(joined(members));
    const { lastSeenAt } = await activity.local.get();
    const items = buildFeed(all, options);
    return { workspaceId, items, people: this.people(activity.workspace, members, items), lastSeenAt, unread: countUnread(all, lastSeenAt, this.me.id), me: this.me.id };
  }

  async profile(workspaceId: WorkspaceId, memberId: MemberId, weeks?: number): Promise<ActivityProfile> {
    const activity = await this.of(workspaceId);
    const members = await this.memberList(workspaceId);
    const all = await activity.items(joined(members));
    const recent = buildFeed(
      all.filter((item) => item.memberId === memberId),
      { limit: PROFILE_RECENT },
    );
    const people = this.people(activity.workspace, members, recent);
    const person = this.person(activity.workspace, members, memberId);
    people[memberId] = person;
    const info = members.find((m) => m.id === memberId);
    const member: ProfileMember = {
      id: memberId,
      ...person,
      role: info?.role ?? null,
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

  private people(workspace: OpenWorkspace, members: readonly MemberInfo[], items: readonly ActivityItem[]): Record<string, Person> {
    const out: Record<string, Person> = {};
    for (const item of items) {
      for (const id of [item.memberId, item.answerBy]) {
        if (id !== undefined && !(id in out)) out[id] = this.person(workspace, members, id);
      }
    }
    return out;
  }

  /** Name and color: ours, the role table's, the workspace's members map, or a short id. */
  private person(workspace: OpenWorkspace, members: readonly MemberInfo[], id: MemberId): Person {
    if (id === this.me.id) return { name: this.me.name, color: this.me.color };
    const info = members.find((m) => m.id === id);
    if (info && info.name !== '') return { name: info.name, color: info.color };
    const record = readMember(workspace.root.doc, id);
    if (record && record.name !== '') return { name: record.name, color: record.color };
    return { name: `Member ${id.slice(0, ID_PREFIX)}`, color: FALLBACK_MEMBER_COLOR };
  }
}

function joined(members: readonly MemberInfo[]): Array<{ id: MemberId; joinedAt: number; invitedBy: MemberId | null }> {
  return members.map((m) => ({ id: m.id, joinedAt: m.joinedAt, invitedBy: m.invitedBy?.id ?? null }));
}
