/** The sidebar's "Start here" for newcomers: the pinned onboarding page and good first contributions. */
import { useSyncExternalStore } from 'react';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { GoodFirstIcon, StartHereIcon } from '../activity/activity-icons';
import { startHereOf } from './start-here-session';
import './start-here.css';

/** Good first contributions listed before "and n more". */
const SHOWN = 6;

export function StartHereSection({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const { me } = useCell(app.state);
  const route = useCell(app.router.route);
  const session = startHereOf(app.bridge, open.session, me ?? { id: '', name: '', color: '' }, app.toasts.error);
  const view = useSyncExternalStore(session.subscribe, session.getView);
  const tree = open.session.getTree();
  if (!view.newcomer || (view.pinned === null && view.goodFirst.length === 0)) return null;
  const current = route.view.kind === 'page' ? route.view.pageId : null;
  const title = (id: string) => tree.byId.get(id as never)?.page.title || UNTITLED;
  const rest = view.goodFirst.length - SHOWN;
  return (
    <nav className="start-here" aria-label="Start here" data-testid="start-here">
      <div className="sidebar-section">
        <span className="sidebar-heading">Start here</span>
      </div>
      {view.pinned !== null && (
        <button
          type="button"
          className={current === view.pinned ? 'sidebar-link start-here-pinned active' : 'sidebar-link start-here-pinned'}
          data-testid="start-here-pinned"
          onClick={() => app.openPage(view.pinned!)}
        >
          <StartHereIcon />
          <span className="start-here-title">{title(view.pinned)}</span>
        </button>
      )}
      {view.goodFirst.length > 0 && <div className="start-here-subheading">Good first contributions</div>}
      {view.goodFirst.slice(0, SHOWN).map((pageId) => (
        <button
          key={pageId}
          type="button"
          className={current === pageId ? 'sidebar-link active' : 'sidebar-link'}
          data-testid="start-here-good-first"
          onClick={() => app.openPage(pageId)}
        >
          <GoodFirstIcon />
          <span className="start-here-title">{title(pageId)}</span>
        </button>
      ))}
      {rest > 0 && <div className="start-here-more">and {rest} more</div>}
    </nav>
  );
}
