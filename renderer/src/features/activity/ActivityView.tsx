/**
 * `#/<ws>/activity`: what changed since you last looked — grouped by day, newest first, with
 * markers on what others did since your last visit; names open profiles, titles open pages.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { EmptyState } from '../../ui/EmptyState';
import { Check } from '../../ui/icons';
import { formatRelative } from '../../ui/time';
import { useCell } from '../../ui/use-cell';
import { ActivityIcon } from './activity-icons';
import { activityOf } from './activity-session';
import { groupByDay } from './activity-text';
import { ActivityRow } from './ActivityRow';
import './activity.css';

export function ActivityView({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const session = activityOf(app.bridge, open.session, app.toasts.error);
  const feed = useSyncExternalStore(session.watch, session.feed.get);
  const markersAfter = useCell(session.markersAfter);
  const tree = useSyncExternalStore(open.session.subscribe, () => open.session.getTree());
  useEffect(() => session.viewOpened(), [session]);

  const now = Date.now();
  const isNew = (at: number, memberId: string) => markersAfter !== null && feed !== null && at > markersAfter && memberId !== feed.me;
  const newCount = feed?.items.filter((item) => isNew(item.at, item.memberId)).length ?? 0;
  const workspaceId = open.session.workspaceId;

  return (
    <div className="activity-view" data-testid="activity-view">
      <header className="activity-view-head">
        <div className="activity-view-titles">
          <h1 className="view-title">Activity</h1>
          <p className="activity-subtitle" data-testid="activity-subtitle">
            {newCount > 0
              ? `${newCount} new since you last looked`
              : markersAfter
                ? `Nothing new since you last looked, ${formatRelative(markersAfter, now)}`
                : 'What changed in this workspace, and who did it'}
          </p>
        </div>
        <button type="button" className="button" data-testid="activity-mark-read" disabled={newCount === 0} onClick={() => session.markAllRead()}>
          <Check /> Mark all as read
        </button>
      </header>
      {feed === null ? (
        <div className="page-loading" aria-busy="true" />
      ) : feed.items.length === 0 ? (
        <EmptyState icon={<ActivityIcon />} title="Nothing has happened yet" testId="activity-empty">
          New pages, edits, questions, answers, comments and new members show up here, from everyone.
        </EmptyState>
      ) : (
        groupByDay(feed.items, now).map((group) => (
          <section key={group.key} className="activity-day" aria-label={group.label}>
            <h2 className="activity-day-label">{group.label}</h2>
            <ul className="activity-list">
              {group.items.map((item) => (
                <ActivityRow
                  key={item.id}
                  item={item}
                  people={feed.people}
                  tree={tree}
                  unread={isNew(item.at, item.memberId)}
                  now={now}
                  onOpenPage={(pageId) => app.openPage(pageId)}
                  onOpenMember={(memberId) => app.router.navigate({ workspaceId, view: { kind: 'member', memberId } })}
                />
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}
