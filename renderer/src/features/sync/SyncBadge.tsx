/**
 * The header's word on sync for the page in view: "Syncing 120 / 1,000 pages", "Synced with 2
 * peers", "Changes waiting", a warning when a connected peer's copy does not converge, or "No
 * peers connected". A click opens the peers panel.
 */
import { useApp } from '../../ui/app-context';
import { Cloud, CloudOff, Warning } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { describePageSync, pageSyncView } from '../../session/sync-view';
import './sync.css';

export function SyncBadge() {
  const app = useApp();
  const status = useCell(app.sync.status);
  const page = useCell(app.page);
  const view = pageSyncView(status, page?.pageId ?? null);
  if (view.kind === 'off') return null;
  const icon = view.kind === 'stalled' ? <Warning /> : view.kind === 'alone' ? <CloudOff /> : <Cloud />;
  return (
    <button
      type="button"
      className={`sync-badge ${view.kind}`}
      onClick={() => app.sync.openPeers()}
      data-testid="sync-badge"
      data-state={view.kind}
      title="Peers and sync"
    >
      {icon}
      <span>{describePageSync(view)}</span>
      {view.kind === 'catching-up' && <progress className="sync-progress" max={view.total} value={view.done} />}
    </button>
  );
}
