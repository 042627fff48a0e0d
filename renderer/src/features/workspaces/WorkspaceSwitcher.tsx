/** The top of the sidebar: the open workspace, and a menu to switch, create, rename, delete. */
import { useState } from 'react';
import { useApp } from '../../ui/app-context';
import { ChevronUpDown } from '../../ui/icons';
import { Menu, type MenuEntry } from '../../ui/Menu';
import { useCell, useOptionalCell } from '../../ui/use-cell';
import { gated, roleAbility } from '../members/role-actions';
import { workspaceTransferEntries } from '../transfer/transfer-actions';
import { WorkspaceAvatar } from './WorkspaceAvatar';
import { WorkspaceDialogs, type WorkspaceDialog } from './WorkspaceDialogs';
import { workspaceDetails } from './workspace-labels';

export function WorkspaceSwitcher() {
  const app = useApp();
  const { workspaces } = useCell(app.state);
  const route = useCell(app.router.route);
  // What our role lets us do here, followed live (role-actions.ts); the host refuses the rest anyway.
  const abilities = useOptionalCell(useCell(app.workspace)?.members.abilities, null);
  const invite = roleAbility(abilities, 'invite');
  // Whether the menu is open (and where), and which dialog shows: view state.
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [dialog, setDialog] = useState<WorkspaceDialog | null>(null);
  const current = workspaces.find((w) => w.id === route.workspaceId) ?? null;
  const details = workspaceDetails(workspaces);

  const entries: MenuEntry[] = [
    ...workspaces.map(
      (workspace): MenuEntry => ({
        id: workspace.id,
        label: workspace.name,
        detail: details.get(workspace.id),
        checked: workspace.id === current?.id,
        onSelect: () => app.openWorkspace(workspace.id),
      }),
    ),
    'separator',
    { label: 'New workspace…', onSelect: () => setDialog({ kind: 'create' }) },
    { label: 'Join a workspace…', onSelect: () => app.sync.openJoin() },
  ];
  if (current !== null) {
    entries.push(
      'separator',
      { label: 'Invite to this workspace…', onSelect: () => app.sync.openShare(), disabled: !invite.allowed, title: invite.reason },
      { label: 'Peers and sync…', onSelect: () => app.sync.openPeers() },
      'separator',
      ...workspaceTransferEntries(app, abilities),
      'separator',
      gated({ label: 'Rename workspace…', onSelect: () => setDialog({ kind: 'rename', workspace: current }) }, roleAbility(abilities, 'renameWorkspace')),
      // Deleting removes this host's copy only: any member may.
      { label: 'Delete workspace…', danger: true, onSelect: () => setDialog({ kind: 'delete', workspace: current }) },
    );
  }

  return (
    <>
      <button
        type="button"
        className="workspace-switcher"
        data-testid="workspace-switcher"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          setMenuAt({ x: rect.left, y: rect.bottom + 4 });
        }}
      >
        <WorkspaceAvatar name={current?.name ?? '?'} />
        <span className="workspace-name">{current?.name ?? 'No workspace'}</span>
        <ChevronUpDown />
      </button>
      {menuAt !== null && <Menu {...menuAt} label="Workspaces" entries={entries} onClose={() => setMenuAt(null)} />}
      <WorkspaceDialogs dialog={dialog} onClose={() => setDialog(null)} />
    </>
  );
}
