/**
 * "Saved" only when the host has reported every change of the open docs (the workspace doc,
 * which holds titles and the tree, and the open page) as flushed to disk.
 */
import type { SyncStatus } from '../../session/bridge-sync-provider';
import { useApp } from '../../ui/app-context';
import { Check, CloudOff } from '../../ui/icons';
import { useCell, useOptionalCell } from '../../ui/use-cell';
import { mayWriteThisPage } from '../members/page-writing';
import { usePageRecord } from './use-page-record';

const NO_PAGE: SyncStatus = { connected: true, synced: true, saved: true, problems: [] };

export function SaveStatus() {
  const app = useApp();
  const open = useCell(app.workspace);
  const page = useCell(app.page);
  const workspace = useOptionalCell(open?.session.session.status, NO_PAGE);
  const pageStatus = useOptionalCell(page?.session.status, NO_PAGE);
  const abilities = useOptionalCell(open?.members.abilities, null);
  const record = usePageRecord(open, page?.pageId ?? null);
  const me = useCell(app.state).me?.id ?? null;
  if (open === null) return null;
  // A page our role may not write (a reader's, or a commenter's but for its own questions): nothing
  // of ours to save there (the editor may still have written its empty paragraph into a page not
  // yet arrived, which the host refuses: not "Saving…" forever).
  const writes = abilities === null || (page === null ? abilities.editPages : mayWriteThisPage(abilities, record, me));
  if (!writes && pageStatus.connected && workspace.connected) {
    return (
      <span className="save-status saved" data-testid="save-status" data-state="read-only" role="status">
        Read only
      </span>
    );
  }

  const connected = workspace.connected && pageStatus.connected;
  const saved = workspace.saved && pageStatus.saved;
  const state = !connected ? 'offline' : saved ? 'saved' : 'saving';
  const label = { offline: 'Offline — changes kept locally', saved: 'Saved', saving: 'Saving…' }[state];
  return (
    <span className={`save-status ${state}`} data-testid="save-status" data-state={state} role="status">
      {state === 'offline' ? <CloudOff /> : state === 'saved' ? <Check /> : <span className="spinner" aria-hidden="true" />}
      {label}
    </span>
  );
}
