/** Whichever search overlay is open: the quick switcher or the command palette. */
import { assertNever } from '../../../../shared/errors';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { CommandPalette } from './CommandPalette';
import { QuickSwitcher } from './QuickSwitcher';
import './search.css';

export function SearchOverlays() {
  const app = useApp();
  const overlay = useCell(app.search.overlay);
  const open = useCell(app.workspace);
  if (overlay === null || open === null) return null;
  switch (overlay) {
    case 'switcher':
      return <QuickSwitcher key={open.session.workspaceId} open={open} />;
    case 'palette':
      return <CommandPalette />;
    default:
      return assertNever(overlay, 'overlay');
  }
}
