/** The sidebar's way to the Activity view, with how many things others did since you last looked. */
import { useSyncExternalStore } from 'react';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { ActivityIcon } from './activity-icons';
import { activityOf } from './activity-session';
import './activity.css';

export function ActivityLink({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const route = useCell(app.router.route);
  const session = activityOf(app.bridge, open.session, app.toasts.error);
  const feed = useSyncExternalStore(session.watch, session.feed.get);
  const unread = feed?.unread ?? 0;
  return (
    <button
      type="button"
      className={route.view.kind === 'activity' ? 'sidebar-link active' : 'sidebar-link'}
      data-testid="open-activity"
      onClick={() => app.router.navigate({ workspaceId: open.session.workspaceId, view: { kind: 'activity' } })}
    >
      <ActivityIcon />
      <span>Activity</span>
      {unread > 0 && (
        <span className="sidebar-badge" data-testid="activity-unread" aria-label={`${unread} new`}>
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </button>
  );
}
