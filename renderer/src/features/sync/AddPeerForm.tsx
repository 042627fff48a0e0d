/**
 * "Add a peer by address": a peer's signaling address (ws://host:port, shown in its peers panel).
 * Checked here as it is typed (the host checks again); not a <form>, so it can sit inside one.
 */
import { useId, useState } from 'react';
import { checkSignalingUrl } from '../../../../shared/bridge/sync-urls';
import { useApp } from '../../ui/app-context';

export function AddPeerForm({ compact = false }: { compact?: boolean }) {
  const app = useApp();
  // The address being typed and the last outcome: view state.
  const [address, setAddress] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const verdict = checkSignalingUrl(address);

  const add = () => {
    if (!verdict.ok) return;
    app.sync.addPeer(verdict.url).then(
      () => {
        setAddress('');
        setMessage(`Added ${verdict.url}`);
      },
      app.toasts.error,
    );
  };

  return (
    <div className={compact ? 'add-peer compact' : 'add-peer'}>
      {!compact && (
        <label className="field-label" htmlFor={id}>
          Add a peer by address
        </label>
      )}
      <div className="add-peer-row">
        <input
          id={id}
          className="text-field mono"
          value={address}
          placeholder="ws://192.168.1.20:47600"
          aria-label="Peer address"
          spellCheck={false}
          onChange={(e) => {
            setAddress(e.target.value);
            setMessage(null);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault(); // not the enclosing dialog's submit
            add();
          }}
          data-testid="add-peer-address"
        />
        <button type="button" className="button" disabled={!verdict.ok} onClick={add} data-testid="add-peer-submit">
          Add
        </button>
      </div>
      {address.trim() !== '' && !verdict.ok && <p className="field-hint">{verdict.reason}</p>}
      {message !== null && <p className="field-hint">{message}</p>}
    </div>
  );
}
