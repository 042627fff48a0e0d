/** The sidebar's way to the members dialog, with how many members there are and our own role. */
import type { OpenWorkspace } from '../../session/app-controller';
import { useCell } from '../../ui/use-cell';
import { ROLE_LABELS } from './MemberRow';
import { MembersDialog } from './MembersDialog';
import './members.css';

export function MembersLink({ open }: { open: OpenWorkspace }) {
  const view = useCell(open.members.view);
  const dialogOpen = useCell(open.members.dialog);
  const count = view?.members.filter((m) => m.role !== 'removed').length ?? 0;
  return (
    <>
      <button type="button" className="sidebar-link" data-testid="open-members" onClick={() => open.members.dialog.set(true)}>
        <MembersIcon />
        <span>Members</span>
        {view?.myRole && (
          <span className={`member-role role-${view.myRole} sidebar-role`} data-testid="sidebar-my-role">
            {ROLE_LABELS[view.myRole]}
          </span>
        )}
        {count > 0 && <span className="sidebar-count">{count}</span>}
      </button>
      {dialogOpen && <MembersDialog open={open} />}
    </>
  );
}

function MembersIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden="true">
      <circle cx="6" cy="5.5" r="2.5" />
      <path d="M1.5 13.5c.6-2.4 2.3-3.6 4.5-3.6s3.9 1.2 4.5 3.6" />
      <circle cx="11.5" cy="6" r="2" />
      <path d="M11 9.9c1.7 0 3 .9 3.5 2.8" />
    </svg>
  );
}
