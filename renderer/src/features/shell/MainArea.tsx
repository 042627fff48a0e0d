/** The right of the sidebar: the header, then the routed view. */
import { useState } from 'react';
import { assertNever } from '../../../../shared/errors';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { EmptyState } from '../../ui/EmptyState';
import { Folder, PageIcon, Plus } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { PageView } from '../pages/PageView';
import { OpenQuestionsView } from '../questions/OpenQuestionsView';
import { ActivityView } from '../activity/ActivityView';
import { ProfileView } from '../profiles/ProfileView';
import { TemplatePicker } from '../templates/TemplatePickerDialog';
import { TemplateIcon } from '../properties/kind-icons';
import { SearchView } from '../search/SearchView';
import { TransferDialog } from '../transfer/TransferDialog';
import { TrashView } from '../trash/TrashView';
import { WorkspaceDialogs, type WorkspaceDialog } from '../workspaces/WorkspaceDialogs';
import { useRoleAbility } from '../members/use-abilities';
import { gatedButton } from '../members/role-actions';
import { MainHeader } from './MainHeader';

export function MainArea() {
  const app = useApp();
  const open = useCell(app.workspace);
  const { workspaces } = useCell(app.state);
  return (
    <main className="main" data-testid="main">
      <MainHeader />
      <div className="main-scroll">
        {workspaces.length === 0 ? <NoWorkspaces /> : open !== null && <RoutedView open={open} />}
      </div>
      <TemplatePicker />
      <TransferDialog />
    </main>
  );
}

function RoutedView({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const { view } = useCell(app.router.route);
  const change = useRoleAbility(open, 'changePages');
  const refused = gatedButton(change);
  switch (view.kind) {
    case 'page':
      return <PageView key={view.pageId} open={open} pageId={view.pageId} />;
    case 'questions':
      return <OpenQuestionsView open={open} />;
    case 'activity':
      return <ActivityView open={open} />;
    case 'member':
      return <ProfileView key={view.memberId} open={open} memberId={view.memberId} />;
    case 'trash':
      return <TrashView open={open} />;
    case 'search':
      return <SearchView open={open} />;
    case 'home':
      return (
        <EmptyState
          icon={<PageIcon />}
          title="No page open"
          testId="no-page"
          action={
            <>
              <button type="button" className="button primary" data-testid="empty-new-page" {...refused} onClick={() => app.newPage()}>
                <Plus /> New page
              </button>
              <button type="button" className="button" data-testid="empty-new-from-template" {...refused} onClick={() => app.templates.open(null)}>
                <TemplateIcon /> From a template…
              </button>
            </>
          }
        >
          Pick a page in the sidebar, or start a new one. Press <kbd>Ctrl</kbd>+<kbd>N</kbd> any time.
        </EmptyState>
      );
    default:
      return assertNever(view, 'view');
  }
}

function NoWorkspaces() {
  // Whether the create dialog shows: view state.
  const [dialog, setDialog] = useState<WorkspaceDialog | null>(null);
  return (
    <>
      <EmptyState
        icon={<Folder />}
        title="No workspaces yet"
        testId="no-workspaces"
        action={
          <button type="button" className="button primary" data-testid="create-first-workspace" onClick={() => setDialog({ kind: 'create' })}>
            <Plus /> Create a workspace
          </button>
        }
      >
        A workspace is your community’s shared knowledge base: guides, questions, notes and reports.
      </EmptyState>
      <WorkspaceDialogs dialog={dialog} onClose={() => setDialog(null)} />
    </>
  );
}
