/** Notices above a page: it is in the trash; the host reported a problem with it. */
import { useState } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { OpenWorkspace } from '../../session/app-controller';
import type { DocSession } from '../../session/doc-session';
import { ConfirmDialog } from '../../ui/dialogs';
import { Close, TrashIcon, Warning } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { useRoleAbility } from '../members/use-abilities';
import { gatedButton } from '../members/role-actions';

export function TrashedBanner({ open, pageId, trashedHere }: { open: OpenWorkspace; pageId: PageId; trashedHere: boolean }) {
  // Whether the delete-forever confirmation is showing: view state.
  const [confirming, setConfirming] = useState(false);
  const change = useRoleAbility(open, 'changePages');
  const refused = gatedButton(change);
  return (
    <div className="banner trashed" role="status" data-testid="trashed-banner">
      <TrashIcon />
      <span>{trashedHere ? 'This page is in the trash.' : 'This page is inside a page in the trash.'}</span>
      {trashedHere && (
        <span className="banner-actions">
          <button type="button" className="button small" {...refused} onClick={() => open.session.restorePage(pageId)}>
            Restore
          </button>
          <button type="button" className="button small danger-outline" {...refused} onClick={() => setConfirming(true)}>
            Delete forever
          </button>
        </span>
      )}
      {confirming && (
        <ConfirmDialog
          title="Delete forever?"
          message="This page and the pages inside it will be removed for everyone. This cannot be undone."
          confirmLabel="Delete forever"
          onConfirm={() => {
            setConfirming(false);
            open.session.deletePageForever(pageId);
          }}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  );
}

export function ProblemBanner({ session }: { session: DocSession }) {
  const { problems } = useCell(session.status);
  if (problems.length === 0) return null;
  return (
    <div className="banner problem" role="alert" data-testid="problem-banner">
      <Warning />
      <span className="banner-text">
        {problems.map((problem, index) => (
          <span key={index} className="banner-line">
            {problem.message}
          </span>
        ))}
      </span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => session.dismissProblems()}>
        <Close />
      </button>
    </div>
  );
}
