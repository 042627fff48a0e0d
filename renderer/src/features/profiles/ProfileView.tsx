/**
 * `#/<ws>/member/<id>`: a member's profile — who they are here (colour, name, role, joined, who
 * invited them), what they contributed (counts, a per-week chart) and their latest contributions.
 */
import { useSyncExternalStore } from 'react';
import type { ActivityProfile } from '../../../../shared/bridge/activity';
import type { MemberId } from '../../../../shared/ids';
import type { ContributionCounts } from '../../../../shared/model/contributions';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { ActivityRow } from '../activity/ActivityRow';
import { profileOf } from './profile-session';
import { WeeklyChart } from './WeeklyChart';
import '../activity/activity.css';
import './profiles.css';

const STATS: ReadonlyArray<[keyof ContributionCounts, string]> = [
  ['pagesCreated', 'Pages created'],
  ['pagesEdited', 'Pages edited'],
  ['comments', 'Comments'],
  ['questionsAsked', 'Questions asked'],
  ['answersGiven', 'Answers given'],
  ['answersAccepted', 'Answers accepted'],
];

const ROLE_LABEL: Readonly<Record<string, string>> = {
  reader: 'Reader',
  commenter: 'Commenter',
  contributor: 'Contributor',
  steward: 'Steward',
  removed: 'Former member',
};

export function ProfileView({ open, memberId }: { open: OpenWorkspace; memberId: MemberId }) {
  const app = useApp();
  const session = profileOf(app.bridge, open.session, memberId, app.toasts.error);
  const profile = useSyncExternalStore(session.watch, session.profile.get);
  const tree = useSyncExternalStore(open.session.subscribe, () => open.session.getTree());
  const workspaceId = open.session.workspaceId;
  const toMember = (id: MemberId) => app.router.navigate({ workspaceId, view: { kind: 'member', memberId: id } });
  if (profile === null) return <div className="page-loading" aria-busy="true" />;
  const now = Date.now();
  return (
    <div className="profile-view" data-testid="profile-view">
      <ProfileHeader profile={profile} onOpenMember={toMember} />
      <section className="profile-section" aria-label="Contributions">
        <ul className="profile-stats">
          {STATS.map(([key, label]) => (
            <li key={key} className="profile-stat" data-testid={`profile-count-${key}`}>
              <span className="profile-stat-value">{profile.counts[key]}</span>
              <span className="profile-stat-label">{label}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="profile-section">
        <h2 className="profile-section-title">Contributions per week</h2>
        <WeeklyChart weeks={profile.timeline} />
      </section>
      <section className="profile-section">
        <h2 className="profile-section-title">Recent contributions</h2>
        {profile.recent.length === 0 ? (
          <p className="profile-none">Nothing yet.</p>
        ) : (
          <ul className="activity-list" data-testid="profile-recent">
            {profile.recent.map((item) => (
              <ActivityRow
                key={item.id}
                item={item}
                people={profile.people}
                tree={tree}
                unread={false}
                now={now}
                onOpenPage={(pageId) => app.openPage(pageId)}
                onOpenMember={toMember}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ProfileHeader({ profile, onOpenMember }: { profile: ActivityProfile; onOpenMember: (id: MemberId) => void }) {
  const { member } = profile;
  const joined = member.joinedAt > 0 ? new Date(member.joinedAt).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' }) : null;
  return (
    <header className="profile-head">
      <span className="profile-avatar" style={{ background: member.color }} aria-hidden="true">
        {member.name.slice(0, 1).toUpperCase()}
      </span>
      <div className="profile-titles">
        <h1 className="view-title profile-name" data-testid="profile-name">
          {member.name}
          {member.isMe && <span className="profile-you">you</span>}
        </h1>
        <p className="profile-meta">
          <span className={`profile-role ${member.role ?? 'unknown'}`} data-testid="profile-role">
            {member.role === null ? 'Role not known yet' : ROLE_LABEL[member.role]}
          </span>
          {joined !== null && <span data-testid="profile-joined">{member.invitedBy === null ? `Started this workspace on ${joined}` : `Joined ${joined}`}</span>}
          {member.invitedBy !== null && (
            <span data-testid="profile-invited-by">
              Invited by{' '}
              <button type="button" className="activity-member" onClick={() => onOpenMember(member.invitedBy!.id)}>
                {member.invitedBy.name}
              </button>
            </span>
          )}
        </p>
      </div>
    </header>
  );
}
