/**
 * The application frame: sidebar, main area, toasts. Loading and failure screens before the
 * host has answered.
 *
 *   App
 *   ├─ Sidebar ── WorkspaceSwitcher, PageTree (PageRow, RenameField, Menu), trash link, ThemeToggle
 *   ├─ MainArea ─ MainHeader (Breadcrumbs, SaveStatus)
 *   │             └─ PageView (banners, PageTitle, EditorSlot → PageEditor) | TrashView | HomeEmpty
 *   ├─ SearchOverlays ─ QuickSwitcher | CommandPalette (features/search)
 *   └─ Toasts
 */
import { useEffect } from 'react';
import { useApp } from '../../ui/app-context';
import { EmptyState } from '../../ui/EmptyState';
import { Warning } from '../../ui/icons';
import { Toasts } from '../../ui/Toasts';
import { useCell } from '../../ui/use-cell';
import { registerCoreCommands } from '../search/core-commands';
import { registerTemplateCommands } from '../templates/template-commands';
import { installStartHere } from '../start-here/first-open';
import { SearchOverlays } from '../search/SearchOverlays';
import { SyncDialogs } from '../sync/SyncDialogs';
import { MainArea } from './MainArea';
import { installShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';

export function App() {
  const app = useApp();
  const state = useCell(app.state);
  const sidebarOpen = useCell(app.sidebarOpen);
  useEffect(() => installShortcuts(app), [app]);
  useEffect(() => registerCoreCommands(app), [app]);
  useEffect(() => registerTemplateCommands(app), [app]);
  useEffect(() => installStartHere(app), [app]);

  if (state.phase === 'loading') return <div className="app-loading" aria-busy="true" data-testid="app-loading" />;
  if (state.phase === 'failed') {
    return (
      <div className="app-failed">
        <EmptyState icon={<Warning />} title="Commonplace could not start" testId="app-failed">
          {state.failure}
        </EmptyState>
      </div>
    );
  }
  return (
    <div className={sidebarOpen ? 'app' : 'app sidebar-collapsed'} data-testid="app">
      {sidebarOpen && <Sidebar />}
      <MainArea />
      <SearchOverlays />
      <SyncDialogs />
      <Toasts />
    </div>
  );
}
