/** The Share / Join / Peers dialogs, mounted once (App); which one shows is app.sync.dialog. */
import { assertNever } from '../../../../shared/errors';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { JoinDialog } from './JoinDialog';
import { PeersDialog } from './PeersDialog';
import { ShareDialog } from './ShareDialog';
import './sync.css';

export function SyncDialogs() {
  const app = useApp();
  const dialog = useCell(app.sync.dialog);
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'share':
      return <ShareDialog />;
    case 'join':
      return <JoinDialog key={dialog.initial} initial={dialog.initial} />;
    case 'peers':
      return <PeersDialog />;
    default:
      return assertNever(dialog);
  }
}
