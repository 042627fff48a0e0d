/** The left column: workspace switcher, pages, trash, and the theme control. */
import { useSyncExternalStore } from 'react';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { Plus, SidebarIcon, TrashIcon } from '../../ui/icons';
import { ThemeToggle } from '../../ui/ThemeToggle';
import { useCell } from '../../ui/use-cell';
import { FilterToggle, PagesList } from '../filters/PagesList';
import { PageFilterBar } from '../filters/PageFilterBar';
import { SidebarSearch } from '../search/SidebarSearch';
import { NewFromTemplateButton } from '../templates/NewFromTemplateButton';
import { QuestionsLink } from '../questions/QuestionsLink';
import { ActivityLink } from '../activity/ActivityLink';
import { StartHereSection } from '../start-here/StartHereSection';
import { SidebarSync } from '../sync/SidebarSync';
import { MembersLink } from '../members/MembersLink';
import { gatedButton } from '../members/role-actions';
import { useRoleAbility } from '../members/use-abilities';
import { WorkspaceSwitcher } from '../workspaces/WorkspaceSwitcher';

export function Sidebar() {
  const app = useApp();
  const open = useCell(app.workspace);
  const { me } = useCell(app.state);
  return (
    <aside className="sidebar" aria-label="Sidebar" data-testid="sidebar">
      <div className="sidebar-top">
        <WorkspaceSwitcher />
        <button type="button" className="icon-button" aria-label="Hide sidebar" title="Hide sidebar (Ctrl+\)" onClick={() => app.toggleSidebar()}>
          <SidebarIcon />
        </button>
      </div>
      {open !== null && <WorkspacePages open={open} />}
      <div className="sidebar-bottom">
        {me !== null && (
          <span className="me" title="You">
            <span className="me-dot" style={{ background: me.color }} aria-hidden="true" />
            <span className="me-name">{me.name}</span>
          </span>
        )}
        <ThemeToggle />
      </div>
    </aside>
  );
}

function WorkspacePages({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const route = useCell(app.router.route);
  const trashCount = useSyncExternalStore(open.session.subscribe, () => open.session.getTree().trash.length);
  const change = useRoleAbility(open, 'changePages');
  return (
    <>
      <SidebarSearch />
      <StartHereSection open={open} />
      <div className="sidebar-section">
        <span className="sidebar-heading">Pages</span>
        <span className="sidebar-section-actions">
          <FilterToggle open={open} />
          <NewFromTemplateButton ability={change} />
          <button
            type="button"
            className="icon-button small"
            aria-label="New page"
            data-testid="new-page"
            {...gatedButton(change, 'New page (Ctrl+N)')}
            onClick={() => app.newPage()}
          >
            <Plus />
          </button>
        </span>
      </div>
      <PageFilterBar open={open} />
      <div className="sidebar-scroll">
        <PagesList open={open} />
      </div>
      <QuestionsLink open={open} />
      <MembersLink open={open} />
      <ActivityLink open={open} />
      <button
        type="button"
        className={route.view.kind === 'trash' ? 'sidebar-link active' : 'sidebar-link'}
        data-testid="open-trash"
        onClick={() => app.openTrash()}
      >
        <TrashIcon />
        <span>Trash</span>
        {trashCount > 0 && <span className="sidebar-count">{trashCount}</span>}
      </button>
      <SidebarSync />
    </>
  );
}
