/**
 * Per-workspace sync settings: extra signaling servers and ICE (STUN/TURN) servers, for a group
 * spread over sites. One address per line; ICE lines are `url [username credential]`. Kept on this
 * computer only (host/sync/sync-settings.ts says why).
 */
import { useEffect, useId, useState } from 'react';
import type { WorkspaceSyncSettings } from '../../../../shared/bridge/sync';
import { CommonplaceError } from '../../../../shared/errors';
import { useApp } from '../../ui/app-context';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

function iceFromText(text: string): WorkspaceSyncSettings['iceServers'] {
  return lines(text).map((line) => {
    const [url = '', username, credential] = line.split(/\s+/);
    return { urls: [url], ...(username !== undefined ? { username } : {}), ...(credential !== undefined ? { credential } : {}) };
  });
}

const iceToText = (ice: WorkspaceSyncSettings['iceServers']) =>
  ice.map((s) => [s.urls.join(','), s.username, s.credential].filter((x) => x !== undefined).join(' ')).join('\n');

export function SyncSettingsForm() {
  const app = useApp();
  // The text as typed, and the outcome of saving: view state until saved by the host.
  const [signaling, setSignaling] = useState('');
  const [ice, setIce] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const signalingId = useId();
  const iceId = useId();

  useEffect(() => {
    let live = true;
    app.sync.settings().then((settings) => {
      if (!live || settings === null) return;
      setSignaling(settings.signaling.join('\n'));
      setIce(iceToText(settings.iceServers));
    }, app.toasts.error);
    return () => {
      live = false;
    };
  }, [app]);

  const save = () => {
    setNote(null);
    app.sync.saveSettings({ signaling: lines(signaling), iceServers: iceFromText(ice) }).then(
      () => setNote('Saved. Sync of this workspace restarted with them.'),
      (error: unknown) => setNote(CommonplaceError.from(error).message),
    );
  };

  return (
    <details className="sync-settings">
      <summary>Across sites: extra servers for this workspace</summary>
      <label className="field-label" htmlFor={signalingId}>
        Signaling servers (ws:// or wss://, one per line)
      </label>
      <textarea id={signalingId} className="text-field mono" rows={2} value={signaling} onChange={(e) => setSignaling(e.target.value)} spellCheck={false} />
      <label className="field-label" htmlFor={iceId}>
        STUN / TURN servers (stun: or turn: address, then username and credential if needed)
      </label>
      <textarea id={iceId} className="text-field mono" rows={2} value={ice} onChange={(e) => setIce(e.target.value)} spellCheck={false} />
      <div className="sync-settings-actions">
        <button type="button" className="button" onClick={save}>
          Save
        </button>
        {note !== null && <span className="field-hint">{note}</span>}
      </div>
    </details>
  );
}
