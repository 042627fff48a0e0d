import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Bridge } from '../../../shared/bridge/client';
import { MESSAGE_SYNC, encodeProblem, encodeSaved, readMessageType, type DocChannel } from '../../../shared/bridge/doc-protocol';
import type { WorkspaceId } from '../../../shared/ids';
import { BridgeSyncProvider, RECONNECT_BASE_MS } from './bridge-sync-provider';
import { originKind } from './origins';

const WORKSPACE = 'a'.repeat(32) as WorkspaceId;

/** A host replica speaking the doc stream like electron/host/docs/doc-stream.ts, minus awareness. */
class FakeHost {
  readonly doc = new Y.Doc();
  readonly streams: FakeStream[] = [];
  /** Every update message the renderer sent (after the initial sync). */
  received = 0;

  bridge(): Bridge {
    const listeners = new Set<(connected: boolean) => void>();
    return {
      openDoc: () => {
        const stream = new FakeStream(this);
        this.streams.push(stream);
        return stream.renderer;
      },
      onConnectionChange: (cb: (connected: boolean) => void) => {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
    } as unknown as Bridge;
  }

  /** Reports everything it has as saved, on every open stream. */
  flush(): void {
    for (const stream of this.streams) stream.toRenderer(encodeSaved(Y.encodeStateVector(this.doc)));
  }
}

class FakeStream {
  private readonly onMessage = new Set<(m: Uint8Array) => void>();
  private readonly onClose = new Set<() => void>();
  closed = false;
  readonly renderer: DocChannel;

  constructor(private readonly host: FakeHost) {
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this || this.closed) return;
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_SYNC);
      syncProtocol.writeUpdate(enc, update);
      this.toRenderer(encoding.toUint8Array(enc));
    };
    host.doc.on('update', onUpdate);
    this.renderer = {
      send: (message) => queueMicrotask(() => this.fromRenderer(message)),
      onMessage: (cb) => (this.onMessage.add(cb), () => this.onMessage.delete(cb)),
      onClose: (cb) => (this.onClose.add(cb), () => this.onClose.delete(cb)),
      close: () => {
        this.closed = true;
        host.doc.off('update', onUpdate);
      },
    };
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, host.doc);
    this.toRenderer(encoding.toUint8Array(enc));
  }

  toRenderer(message: Uint8Array): void {
    queueMicrotask(() => {
      if (!this.closed) for (const cb of this.onMessage) cb(message);
    });
  }

  /** The host goes away. */
  drop(): void {
    this.closed = true;
    for (const cb of this.onClose) cb();
  }

  private fromRenderer(message: Uint8Array): void {
    if (this.closed) return;
    const decoder = decoding.createDecoder(message);
    if (readMessageType(decoder) !== MESSAGE_SYNC) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, reply, this.host.doc, this);
    if (kind === syncProtocol.messageYjsUpdate) this.host.received++;
    if (encoding.length(reply) > 1) this.toRenderer(encoding.toUint8Array(reply));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const text = (doc: Y.Doc) => doc.getText('t').toString();

const providers: BridgeSyncProvider[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
  vi.useRealTimers();
});

function setup(host = new FakeHost()) {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null); // no interval-driven awareness traffic in these tests
  const provider: BridgeSyncProvider = new BridgeSyncProvider({
    bridge: host.bridge(),
    workspaceId: WORKSPACE,
    doc,
    awareness,
    classify: (origin) => originKind(origin, { bridge: provider, cache: null }),
  });
  providers.push(provider);
  return { host, doc, provider };
}

describe('BridgeSyncProvider', () => {
  it('syncs both ways and applies the host’s changes with itself as the origin', async () => {
    const host = new FakeHost();
    host.doc.getText('t').insert(0, 'from host');
    const { doc, provider } = setup(host);
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    await provider.whenSynced;
    expect(text(doc)).toBe('from host');
    expect(origins.every((origin) => origin === provider)).toBe(true);

    doc.getText('t').insert(0, 'local, ');
    await settle();
    expect(text(host.doc)).toBe('local, from host');
    expect(provider.status.get()).toMatchObject({ connected: true, synced: true });
  });

  it('never echoes a change that came from the host back to it', async () => {
    const { host, provider } = setup();
    await provider.whenSynced;
    const before = host.received;
    host.doc.getText('t').insert(0, 'host edit');
    await settle();
    expect(host.received).toBe(before);
  });

  it('is saved only once the host reports every local change flushed', async () => {
    const { host, doc, provider } = setup();
    await provider.whenSynced;
    host.flush();
    await settle();
    expect(provider.status.get().saved).toBe(true);

    doc.getText('t').insert(0, 'unsaved');
    expect(provider.status.get().saved).toBe(false);
    await settle();
    expect(provider.status.get().saved).toBe(false); // arrived, not yet flushed
    host.flush();
    await settle();
    expect(provider.status.get().saved).toBe(true);
  });

  it('shows a problem the host reports, once', async () => {
    const { host, provider } = setup();
    await provider.whenSynced;
    const problem = encodeProblem({ code: 'corrupt-record', message: 'a record was set aside' });
    host.streams[0]?.toRenderer(problem);
    host.streams[0]?.toRenderer(problem);
    await settle();
    expect(provider.status.get().problems).toEqual([{ code: 'corrupt-record', message: 'a record was set aside' }]);
    provider.dismissProblems();
    expect(provider.status.get().problems).toEqual([]);
  });

  it('reopens a closed stream with backoff and sends what was written meanwhile', async () => {
    const { host, doc, provider } = setup();
    await provider.whenSynced;
    vi.useFakeTimers();
    host.streams[0]?.drop();
    expect(provider.status.get().connected).toBe(false);
    doc.getText('t').insert(0, 'written offline');
    expect(host.streams).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(RECONNECT_BASE_MS);
    expect(host.streams).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(text(host.doc)).toBe('written offline');
    expect(provider.status.get()).toMatchObject({ connected: true, synced: true });
  });

  it('destroy stops sending, closes the stream and leaves no timer', async () => {
    const { host, doc, provider } = setup();
    await provider.whenSynced;
    vi.useFakeTimers();
    host.streams[0]?.drop(); // a reconnect is now scheduled
    provider.destroy();
    expect(vi.getTimerCount()).toBe(0);
    doc.getText('t').insert(0, 'after destroy');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(host.streams).toHaveLength(1);
    expect(text(host.doc)).toBe('');
  });
});
