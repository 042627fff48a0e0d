import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../../shared/bridge/client';
import type { DocChannel } from '../../../shared/bridge/doc-protocol';
import type { PageId, WorkspaceId } from '../../../shared/ids';
import { DocSession, EMPTY_CACHE_GRACE_MS } from './doc-session';

const me = { id: 'f'.repeat(64), name: 'Ada', color: '#336699' };

/** A bridge whose host never answers (or answers with noise that is not a sync). */
function silentBridge(talk = false): Bridge {
  return {
    openDoc: (): DocChannel => {
      const listeners = new Set<(m: Uint8Array) => void>();
      // A "saved" message with an empty state vector: the host is there, but has not synced yet.
      if (talk) queueMicrotask(() => listeners.forEach((cb) => cb(new Uint8Array([3, 1, 0]))));
      return {
        send: () => undefined,
        onMessage: (cb) => (listeners.add(cb), () => listeners.delete(cb)),
        onClose: () => () => undefined,
        close: () => undefined,
      };
    },
    onConnectionChange: () => () => undefined,
  } as unknown as Bridge;
}

const sessions: DocSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
  vi.useRealTimers();
});

function open(bridge: Bridge) {
  const session = new DocSession({
    bridge,
    workspaceId: 'a'.repeat(32) as WorkspaceId,
    docId: 'b'.repeat(32) as PageId,
    kind: 'page',
    me,
    cache: false,
  });
  sessions.push(session);
  return session;
}

describe('DocSession', () => {
  it('keeps deleted content (gc off) in page docs and publishes who is here', () => {
    const session = open(silentBridge());
    expect(session.doc.gc).toBe(false);
    expect(session.doc.guid).toBe('b'.repeat(32));
    expect(session.awareness.getLocalState()).toEqual({ user: me });
  });

  it('shows us under a changed profile, in the same awareness (remote carets and presence follow)', () => {
    const session = open(silentBridge());
    const clientId = session.awareness.clientID;
    const seen: unknown[] = [];
    session.awareness.on('change', () => seen.push(session.awareness.getLocalState()?.user));
    session.setProfile({ ...me, name: 'Ada L.', color: '#aa3355' });
    expect(session.awareness.getLocalState()).toEqual({ user: { id: me.id, name: 'Ada L.', color: '#aa3355' } });
    expect(seen).toEqual([{ id: me.id, name: 'Ada L.', color: '#aa3355' }]); // a change: the provider sends it
    expect(session.awareness.clientID).toBe(clientId);
  });

  it('takes no profile once destroyed', () => {
    const session = open(silentBridge());
    session.destroy();
    expect(() => session.setProfile({ ...me, name: 'Late' })).not.toThrow();
    expect(session.awareness.getLocalState()).toBeNull();
  });

  it('opens an empty doc only when the host stays unreachable past the grace period', async () => {
    vi.useFakeTimers();
    const session = open(silentBridge());
    await vi.advanceTimersByTimeAsync(EMPTY_CACHE_GRACE_MS - 1);
    expect(session.ready.get()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.ready.get()).toBe(true);
  });

  it('waits for the sync of a host that answered, however long it takes', async () => {
    vi.useFakeTimers();
    const session = open(silentBridge(true));
    await vi.advanceTimersByTimeAsync(EMPTY_CACHE_GRACE_MS * 3);
    expect(session.status.get().connected).toBe(true);
    expect(session.ready.get()).toBe(false);
  });

  it('destroy leaves no timer behind', () => {
    vi.useFakeTimers();
    const session = open(silentBridge());
    session.destroy();
    expect(vi.getTimerCount()).toBe(0);
  });
});
