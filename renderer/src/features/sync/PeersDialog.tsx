/**
 * "Peers and sync": the peers of this workspace by name (connected, or when we last synced), pages
 * that do not converge, our own address to give to others, discovery's state with "add a peer by
 * address", and the per-workspace settings.
 */
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/bridge/sync';
import type { PageId } from '../../../../shared/ids';
import { useApp } from '../../ui/app-context';
import { Dialog } from '../../ui/Dialog';
import { Warning } from '../../ui/icons';
import { formatRelative } from '../../ui/time';
import { useCell } from '../../ui/use-cell';
import { AddPeerForm } from './AddPeerForm';
import { SyncSettingsForm } from './SyncSettingsForm';

/** Relative times ("3 minutes ago") are redrawn this often. */
const CLOCK_MS = 30_000;

export function PeersDialog() {
  const app = useApp();
  const status = useCell(app.sync.status);
  const close = () => app.sync.closeDialog();
  return (
    <Dialog
      title="Peers and sync"
      testId="peers-dialog"
      onSubmit={close}
      onCancel={close}
      actions={
        <button type="submit" className="button primary">
          Close
        </button>
      }
    >
      {status === null ? <p className="dialog-hint">Reading the sync state…</p> : <PeersBody status={status} />}
    </Dialog>
  );
}

function PeersBody({ status }: { status: SyncStatus }) {
  const app = useApp();
  const open = useCell(app.workspace);
  // The time the relative labels are computed against: a clock, not document state.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_MS);
    return () => clearInterval(timer);
  }, []);
  const titleOf = (pageId: PageId) => open?.session.getTree().byId.get(pageId)?.page.title || 'a page';
  return (
    <div className="peers-body">
      {!status.running && <p className="dialog-hint">Sync is not running for this workspace on this host.</p>}
      <ul className="peer-list" data-testid="peer-list">
        {status.peers.length === 0 && <li className="peer-empty">No peer has been seen yet.</li>}
        {status.peers.map((peer) => (
          <li key={peer.memberId} className="peer" data-testid="peer">
            <span className="presence-dot" style={{ background: peer.color }} aria-hidden="true" />
            <span className="peer-name">{peer.name}</span>
            <span className={peer.connected ? 'peer-state connected' : 'peer-state'}>
              {peer.connected ? (peer.compared ? 'connected' : 'connected · comparing…') : peer.lastSyncedAt !== null ? `last synced ${formatRelative(peer.lastSyncedAt, now)}` : 'never synced'}
            </span>
          </li>
        ))}
      </ul>
      {status.stalled.length > 0 && (
        <div className="sync-warning" role="alert">
          <Warning />
          <span>
            Not converging for a while, although the peer is connected:{' '}
            {status.stalled.map((s) => `“${titleOf(s.pageId)}” with ${status.peers.find((p) => p.memberId === s.memberId)?.name ?? 'a peer'}`).join('; ')}. Try
            reopening the page; if it persists, export both copies before editing further.
          </span>
        </div>
      )}
      {status.pendingCount > 0 && <p className="dialog-hint">{status.pendingCount} page(s) with changes waiting to sync.</p>}
      {status.discovery.state !== 'on' && (
        <div className="sync-notice" data-testid="discovery-notice">
          <strong>{status.discovery.state === 'off' ? 'LAN discovery is off.' : 'Discovery unavailable.'}</strong>{' '}
          {status.discovery.state === 'unavailable' && status.discovery.reason !== null && `${status.discovery.reason}. `}
          Peers on this network are not found by themselves: add one by address, or give them yours.
        </div>
      )}
      <AddPeerForm />
      {status.addresses.length > 0 && (
        <p className="dialog-hint">
          Your address, for others to add: <code data-testid="own-address">{status.addresses[0]}</code>
          {status.addresses.length > 1 && <span> (also {status.addresses.slice(1).join(', ')})</span>}
        </p>
      )}
      {status.knownPeers.length > 0 && <p className="dialog-hint">Signaling through: {status.knownPeers.join(', ')}</p>}
      <SyncSettingsForm />
    </div>
  );
}
