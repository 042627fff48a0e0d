import { describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SyncChange, SyncStatus } from '../../../shared/bridge/sync';
import type { WorkspaceId } from '../../../shared/ids';
import type { AppController } from './app-controller';
import { StateCell } from './state-cell';
import { SyncSession } from './sync-session';

const WS = '0'.repeat(32) as WorkspaceId;
const P1 = '1'.repeat(32);

function fakeApp(options: { pendingInvite?: string | null } = {}) {
  const changeListeners: Array<(c: SyncChange) => void> = [];
  const inviteListeners: Array<(i: { link: string }) => void> = [];
  const awareness = new Awareness(new Y.Doc());
  let resolveStatus: ((s: SyncStatus) => void) | null = null;
  const status = vi.fn(() => new Promise<SyncStatus>((resolve) => (resolveStatus = resolve)));
  const bridge = {
    sync: {
      onDidChange: (cb: (c: SyncChange) => void) => (changeListeners.push(cb), () => undefined),
      onDidReceiveInvite: (cb: (i: { link: string }) => void) => (inviteListeners.push(cb), () => undefined),
      takeInvite: vi.fn(async () => options.pendingInvite ?? null),
      status,
    },
  };
  const app = {
    bridge,
    workspace: new StateCell<unknown>({ session: { workspaceId: WS, session: { awareness } } }),
    page: new StateCell<unknown>({ pageId: P1 }),
    state: new StateCell({ me: { id: 'a'.repeat(64), name: 'Me', color: '#111111' }, workspaces: [] }),
  };
  const session = new SyncSession(app as unknown as AppController);
  return { app, session, awareness, status, changeListeners, inviteListeners, answer: (s: Partial<SyncStatus>) => resolveStatus?.({ workspaceId: WS, ...s } as SyncStatus) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('SyncSession', () => {
  it('opens the Join dialog with an invite the OS handed over, at start or later', async () => {
    const { session, inviteListeners } = fakeApp({ pendingInvite: 'commonplace://join/abc' });
    session.start();
    await flush();
    expect(session.dialog.get()).toEqual({ kind: 'join', initial: 'commonplace://join/abc' });
    session.closeDialog();
    inviteListeners[0]?.({ link: 'commonplace://join/def' });
    expect(session.dialog.get()).toEqual({ kind: 'join', initial: 'commonplace://join/def' });
  });

  it('publishes the page in view in the workspace awareness', () => {
    const { session, awareness, app } = fakeApp();
    session.start();
    expect(awareness.getLocalState()?.page).toBe(P1);
    app.page.set(null);
    expect(awareness.getLocalState()?.page).toBeNull();
  });

  it('refreshes the status for its own workspace only, coalescing bursts', async () => {
    const { session, status, changeListeners, answer } = fakeApp();
    session.start();
    expect(status).toHaveBeenCalledTimes(1);
    for (let n = 0; n < 5; n++) changeListeners[0]?.({ workspaceId: WS });
    changeListeners[0]?.({ workspaceId: '9'.repeat(32) as WorkspaceId });
    answer({ running: true });
    await flush();
    answer({ running: true });
    await flush();
    expect(status).toHaveBeenCalledTimes(2); // the first, and one more for the burst
    expect(session.status.get()?.running).toBe(true);
  });
});
