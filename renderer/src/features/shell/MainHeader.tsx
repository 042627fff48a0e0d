/** The bar above the page: sidebar toggle when hidden, breadcrumbs, save status. */
import { useApp } from '../../ui/app-context';
import { SidebarIcon } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { CommentsToggle } from '../comments/CommentsToggle';
import { Breadcrumbs } from '../pages/Breadcrumbs';
import { SaveStatus } from '../pages/SaveStatus';
import { SyncBadge } from '../sync/SyncBadge';

export function MainHeader() {
  const app = useApp();
  const sidebarOpen = useCell(app.sidebarOpen);
  const open = useCell(app.workspace);
  const { view } = useCell(app.router.route);
  const { hostConnected } = useCell(app.state);
  return (
    <header className="main-header">
      {!sidebarOpen && (
        <button type="button" className="icon-button" aria-label="Show sidebar" title="Show sidebar (Ctrl+\)" onClick={() => app.toggleSidebar()}>
          <SidebarIcon />
        </button>
      )}
      {open !== null && view.kind === 'page' && <Breadcrumbs open={open} pageId={view.pageId} />}
      {open !== null && view.kind === 'trash' && <span className="crumb-current">Trash</span>}
      {open !== null && view.kind === 'search' && <span className="crumb-current">Search</span>}
      {open !== null && view.kind === 'questions' && <span className="crumb-current">Open questions</span>}
      {open !== null && view.kind === 'activity' && <span className="crumb-current">Activity</span>}
      {open !== null && view.kind === 'member' && <span className="crumb-current">Member profile</span>}
      <span className="main-header-spacer" />
      {!hostConnected && <span className="header-note">Reconnecting…</span>}
      {view.kind === 'page' && <CommentsToggle />}
      <SyncBadge />
      <SaveStatus />
    </header>
  );
}
