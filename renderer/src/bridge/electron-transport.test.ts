import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreloadApi } from '../../../shared/bridge/preload-api';
import { DOC_PORT_MESSAGE } from '../../../shared/bridge/preload-api';
import type { CallOutcome } from '../../../shared/bridge/validate';
import type { AttachmentId, DocId, WorkspaceId } from '../../../shared/ids';
import { createElectronTransport, type TransportWindow } from './electron-transport';

const workspaceId = '0123456789abcdef0123456789abcdef' as WorkspaceId;
const docId = 'fedcba9876543210fedcba9876543210' as DocId;

class FakeWindow implements TransportWindow {
  readonly listeners = new Set<(event: MessageEvent) => void>();
  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.delete(listener);
  }
  deliver(event: { source: unknown; data: unknown; ports: unknown[] }): void {
    for (const listener of this.listeners) listener(event as unknown as MessageEvent);
  }
}

function fakeApi() {
  let resolveOpen: (outcome: CallOutcome) => void = () => undefined;
  const api = {
    methods: { workspaces: { list: vi.fn(async (): Promise<CallOutcome> => ({ ok: true, value: [] })) } },
    events: { workspaces: { onDidChange: vi.fn(() => () => undefined) } },
    openDoc: vi.fn(() => new Promise<CallOutcome>((resolve) => (resolveOpen = resolve))),
  };
  return { api, preload: api as unknown as PreloadApi, resolveOpen: (o: CallOutcome) => resolveOpen(o) };
}

const nextMessage = (port: MessagePort) =>
  new Promise<unknown>((resolve) => port.addEventListener('message', (e) => resolve((e as MessageEvent).data), { once: true }));

let win: FakeWindow;
let fake: ReturnType<typeof fakeApi>;
let transport: ReturnType<typeof createElectronTransport>;
const hostEnds: MessagePort[] = [];

beforeEach(() => {
  win = new FakeWindow();
  fake = fakeApi();
  transport = createElectronTransport(fake.preload, win);
});

afterEach(() => {
  transport.dispose();
  for (const port of hostEnds.splice(0)) port.close();
});

/** Opens a doc and returns the stream id the transport chose. */
function open() {
  const channel = transport.openDoc(workspaceId, docId);
  const request = fake.api.openDoc.mock.calls.at(-1) as unknown as [{ workspaceId: string; docId: string; streamId: string }];
  return { channel, streamId: request[0].streamId, request: request[0] };
}

function givePort(streamId: string, overrides: Partial<{ source: unknown; data: unknown; ports: unknown[] }> = {}) {
  const { port1, port2 } = new MessageChannel();
  hostEnds.push(port1);
  win.deliver({ source: win, data: { type: DOC_PORT_MESSAGE, streamId }, ports: [port2], ...overrides });
  return port1;
}

describe('calls and events', () => {
  it('calls the preload’s function for the method and returns its outcome', async () => {
    await expect(transport.invoke('workspaces', 'list', undefined)).resolves.toEqual({ ok: true, value: [] });
    expect(fake.api.methods.workspaces.list).toHaveBeenCalledWith(undefined);
  });

  it('turns a rejected IPC call into an `unavailable` outcome', async () => {
    fake.api.methods.workspaces.list.mockRejectedValueOnce(new Error('main process gone'));
    await expect(transport.invoke('workspaces', 'list', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'main process gone' },
    });
  });

  it('refuses a method the preload does not have', async () => {
    await expect(transport.invoke('workspaces', 'nope', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('subscribes through the preload', () => {
    const cb = vi.fn();
    transport.subscribe('workspaces', 'onDidChange', cb);
    expect(fake.api.events.workspaces.onDidChange).toHaveBeenCalledWith(cb);
  });

  it('builds cp-attachment URLs', () => {
    const id = `sha256-${'ab'.repeat(32)}` as AttachmentId;
    expect(transport.attachmentUrl(workspaceId, id)).toBe(`cp-attachment://${workspaceId}/${id}`);
  });

  it('needs the preload', () => {
    expect(() => createElectronTransport(undefined, win)).toThrow(/desktop app/);
  });
});

describe('doc streams', () => {
  it('asks the preload with a fresh random stream id', () => {
    const first = open();
    const second = open();
    expect(first.request).toMatchObject({ workspaceId, docId });
    expect(first.streamId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.streamId).not.toBe(first.streamId);
  });

  it('queues sends until the port arrives, then talks both ways', async () => {
    const { channel, streamId } = open();
    channel.send(new Uint8Array([0, 0]));
    const host = givePort(streamId);
    expect(await nextMessage(host)).toEqual(new Uint8Array([0, 0]));

    const received = new Promise<Uint8Array>((resolve) => channel.onMessage(resolve));
    host.postMessage(new Uint8Array([0, 1, 5]));
    expect(await received).toEqual(new Uint8Array([0, 1, 5]));
  });

  it.each([
    ['from another window', { source: {} }],
    ['from no window', { source: null }],
    ['with another type', { data: { type: 'other', streamId: 'x' } }],
    ['without a port', { ports: [] }],
  ])('ignores a port message %s', async (_name, overrides) => {
    const { channel, streamId } = open();
    const host = givePort(streamId, overrides);
    channel.send(new Uint8Array([9]));
    const got = vi.fn();
    host.onmessage = got;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(got).not.toHaveBeenCalled();
  });

  it('ignores a port for a stream it did not ask for', async () => {
    const { channel } = open();
    const host = givePort('00000000-0000-0000-0000-000000000000');
    channel.send(new Uint8Array([9]));
    const got = vi.fn();
    host.onmessage = got;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(got).not.toHaveBeenCalled();
  });

  it('reports a refused open as a close', async () => {
    const { channel } = open();
    const closed = vi.fn();
    channel.onClose(closed);
    fake.resolveOpen({ ok: false, error: { code: 'not-found', message: 'no page' } });
    await vi.waitFor(() => expect(closed).toHaveBeenCalledTimes(1));
  });

  it('closing the channel closes the port, which the host sees', async () => {
    const { channel, streamId } = open();
    const host = givePort(streamId);
    const hostSawClose = new Promise<void>((resolve) => host.addEventListener('close', () => resolve()));
    channel.close();
    await hostSawClose;
    channel.send(new Uint8Array([1])); // a send after close is dropped, not thrown
  });

  it('reports the host closing its end', async () => {
    const { channel, streamId } = open();
    const host = givePort(streamId);
    const closed = new Promise<void>((resolve) => channel.onClose(resolve));
    host.close();
    await closed;
  });

  it('closes a port that arrives after the channel was closed, so the host stream ends', async () => {
    const { channel, streamId } = open();
    channel.close();
    const host = givePort(streamId);
    await new Promise<void>((resolve) => host.addEventListener('close', () => resolve()));
  });
});
