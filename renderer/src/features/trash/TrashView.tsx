/** Pages in the trash: open (read-only), restore, or delete forever after a confirmation. */
import { useState, useSyncExternalStore } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { PageRecord } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { ConfirmDialog } from '../../ui/dialogs';
import { EmptyState } from '../../ui/EmptyState';
import { PageIcon, Restore, TrashIcon } from '../../ui/icons';
import { formatRelative } from '../../ui/time';
import { useRoleAbility } from '../members/use-abilities';
import { gatedButton } from '../members/role-actions';

export function TrashView({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const tree = useSyncExternalStore(open.session.subscribe, open.session.getTree);
  // The page whose delete-forever confirmation is showing: view state.
  const [confirming, setConfirming] = useState<PageRecord | null>(null);
  const change = useRoleAbility(open, 'changePages');
  const refused = gatedButton(change);
  const now = Date.now();

  return (
    <section className="trash-view" data-testid="trash-view">
      <h1 className="view-title">Trash</h1>
      {tree.trash.length === 0 ? (
        <EmptyState icon={<TrashIcon />} title="Trash is empty" testId="trash-empty">
          Pages you move to the trash wait here until you restore them or delete them forever.
        </EmptyState>
      ) : (
        <ul className="trash-list">
          {tree.trash.map((page) => (
            <li key={page.id} className="trash-row" data-testid="trash-row" data-page-id={page.id}>
              <button type="button" className="trash-open" onClick={() => app.openPage(page.id)}>
                <PageIcon />
                <span className={page.title ? 'trash-title' : 'trash-title untitled'}>{page.title || UNTITLED}</span>
                <span className="trash-meta">
                  {countInside(open, page.id)}
                  Trashed {formatRelative(page.trashedAt ?? now, now)}
                </span>
              </button>
              <button type="button" className="button small" data-testid="trash-restore" {...refused} onClick={() => open.session.restorePage(page.id)}>
                <Restore /> Restore
              </button>
              <button type="button" className="button small danger-outline" data-testid="trash-delete" {...refused} onClick={() => setConfirming(page)}>
                Delete forever
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirming !== null && (
        <ConfirmDialog
          title="Delete forever?"
          message={
            <>
              <strong>{confirming.title || UNTITLED}</strong> and the pages inside it will be removed for everyone. This
              cannot be undone.
            </>
          }
          confirmLabel="Delete forever"
          onConfirm={() => {
            open.session.deletePageForever(confirming.id);
            setConfirming(null);
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}

function countInside(open: OpenWorkspace, pageId: PageId): string {
  let count = 0;
  const stack = [...(open.session.getTree().byId.get(pageId)?.children ?? [])];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    count++;
    stack.push(...node.children);
  }
  return count === 0 ? '' : `With ${count} ${count === 1 ? 'subpage' : 'subpages'} · `;
}
