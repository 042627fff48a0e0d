import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent, MessagePortMain } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { channelName, eventChannelName, methodsOf, type BridgeHandlers, type WorkspaceInfo } from '../../shared/bridge/contract';
import { DOC_OPEN_CHANNEL, DOC_PORT_CHANNEL, DOC_PORT_MESSAGE } from '../../shared/bridge/preload-api';
import type { CallOutcome } from '../../shared/bridge/validate';
import { CommonplaceError } from '../../shared/errors';
import type { WorkspaceId } from '../../shared/ids';
import { MAX_OPEN_DOC_STREAMS, type ChannelMain, type PortMain } from './doc-streams';
import type { EventReceiver } from './events';
import type { IpcHandleTarget } from './guard';
import { wireIpc, type IpcHost } from './index';

const APP_URL = 'app://commonplace/index.html';
const workspaceId = '0123456789abcdef0123456789abcdef' as WorkspaceId;
const pageId = 'fedcba9876543210fedcba9876543210';
const streamId = '6f1c0a7e-2b9d-4c1e-9a51-3f7d2e8b1c40';
const info: WorkspaceInfo = { id: workspaceId, name: 'Lab', createdAt: 1 };

type Listener = (event: IpcMainInvokeEvent, args: unknown) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, args: unknown, event: IpcMainInvokeEvent = fakeEvent()): Promise<CallOutcome> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return (await listener(event, args)) as CallOutcome;
  }
}

class FakePort extends EventEmitter {
  readonly posted: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
}

function fakeEvent({ url = APP_URL, mainFrame = true, destroyed = false } = {}) {
  const frame = url === '' ? null : { url, parent: mainFrame ? null : {} };
  return {
    senderFrame: frame,
    sender: { postMessage: vi.fn(), isDestroyed: () => destroyed },
  } as unknown as IpcMainInvokeEvent & { sender: { postMessage: ReturnType<typeof vi.fn> } };
}

function fakeHost() {
  let onChange: ((list: WorkspaceInfo[]) => void) | undefined;
  const stream = { receive: vi.fn(), close: vi.fn(async () => undefined) };
  const handlers = {
    app: { info: vi.fn(), openExternal: vi.fn(), setProfile: vi.fn() },
    workspaces: {
      list: vi.fn(async () => [info]),
      create: vi.fn(async ({ name }: { name: string }) => ({ ...info, name })),
      rename: vi.fn(),
      delete: vi.fn(),
    },
    pages: { duplicate: vi.fn(), createFromTemplate: vi.fn() },
    attachments: { put: vi.fn(), get: vi.fn() },
    links: { backlinks: vi.fn(), unlinkedMentions: vi.fn(), linkMention: vi.fn() },
  };
  const host = {
    handlers: handlers as unknown as BridgeHandlers,
    onDidChangeWorkspaces: vi.fn((cb: (list: WorkspaceInfo[]) => void) => {
      onChange = cb;
      return () => (onChange = undefined);
    }),
    onDidChangeProfile: vi.fn(() => () => undefined),
    onDidChangeLinks: vi.fn(() => () => undefined),
    onDidTransferProgress: vi.fn(() => () => undefined),
    onDidChangeSync: vi.fn(() => () => undefined),
    onDidReceiveInvite: vi.fn(() => () => undefined),
    onDidChangeActivity: vi.fn(() => () => undefined),
    openDocStream: vi.fn(async (_w: WorkspaceId, _d: string, send: (m: Uint8Array) => void) => {
      send(new Uint8Array([0, 0, 1])); // the host speaks first (sync step 1)
      return stream;
    }),
  } satisfies IpcHost;
  return { host, handlers, stream, emitChange: (list: WorkspaceInfo[]) => onChange?.(list) };
}

let ipcMain: FakeIpcMain;
let fake: ReturnType<typeof fakeHost>;
let receivers: EventReceiver[];
let ports: Array<{ port1: FakePort; port2: FakePort }>;
let wiring: { dispose(): Promise<void> };
let printed: MockInstance<typeof console.error>;

beforeEach(() => {
  ipcMain = new FakeIpcMain();
  fake = fakeHost();
  receivers = [];
  ports = [];
  printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  wiring = wireIpc({
    ipcMain: ipcMain as unknown as IpcHandleTarget,
    host: fake.host,
    createChannel: () => {
      const pair = { port1: new FakePort(), port2: new FakePort() };
      ports.push(pair);
      return pair as unknown as ChannelMain & { port1: PortMain; port2: MessagePortMain };
    },
    eventReceivers: () => receivers,
  });
});

afterEach(async () => {
  await wiring.dispose();
  printed.mockRestore();
});

describe('contract methods', () => {
  it('handles every method of the contract on its channel, and the doc-stream channel', () => {
    const expected = methodsOf().map(({ area, method }) => channelName(area, method));
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...expected, DOC_OPEN_CHANNEL].sort());
  });

  it('dispatches an accepted call to the host with validated arguments', async () => {
    const outcome = await ipcMain.invoke(channelName('workspaces', 'create'), { name: '  Field notes  ' });
    expect(outcome).toEqual({ ok: true, value: { ...info, name: 'Field notes' } });
    expect(fake.handlers.workspaces.create).toHaveBeenCalledWith({ name: 'Field notes' });
  });

  it('answers invalid arguments with invalid-argument, never reaching the host', async () => {
    const outcome = await ipcMain.invoke(channelName('workspaces', 'rename'), { workspaceId: '../x', name: 'n' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(fake.handlers.workspaces.rename).not.toHaveBeenCalled();
  });

  it('carries a host error across as { code, message }', async () => {
    fake.handlers.workspaces.delete.mockRejectedValueOnce(new CommonplaceError('not-found', 'no workspace'));
    const outcome = await ipcMain.invoke(channelName('workspaces', 'delete'), { workspaceId });
    expect(outcome).toEqual({ ok: false, error: { code: 'not-found', message: 'no workspace' } });
  });

  it.each([
    ['another origin', { url: 'https://evil.example/' }],
    ['a lookalike host', { url: 'app://commonplace.evil.com/' }],
    ['a subframe of our page', { mainFrame: false }],
    ['a frame that is gone', { url: '' }],
  ])('refuses a call from %s, and logs it', async (_name, sender) => {
    const outcome = await ipcMain.invoke(channelName('workspaces', 'list'), undefined, fakeEvent(sender));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.handlers.workspaces.list).not.toHaveBeenCalled();
    expect(printed).toHaveBeenCalled();
  });

  it('refuses a sender whose frame throws when read (disposed)', async () => {
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    } as unknown as IpcMainInvokeEvent;
    const outcome = await ipcMain.invoke(channelName('workspaces', 'list'), undefined, event);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('events', () => {
  it('forwards host events to our pages only', () => {
    const ours = { send: vi.fn(), getURL: () => APP_URL, isDestroyed: () => false };
    const elsewhere = { send: vi.fn(), getURL: () => 'https://evil.example/', isDestroyed: () => false };
    const gone = { send: vi.fn(), getURL: () => APP_URL, isDestroyed: () => true };
    receivers.push(ours, elsewhere, gone);
    fake.emitChange([info]);
    expect(ours.send).toHaveBeenCalledWith(eventChannelName('workspaces', 'onDidChange'), [info]);
    expect(elsewhere.send).not.toHaveBeenCalled();
    expect(gone.send).not.toHaveBeenCalled();
  });

  it('unsubscribes from the host on dispose', async () => {
    await wiring.dispose();
    const ours = { send: vi.fn(), getURL: () => APP_URL, isDestroyed: () => false };
    receivers.push(ours);
    fake.emitChange([info]);
    expect(ours.send).not.toHaveBeenCalled();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('doc streams', () => {
  it('opens the host stream and transfers the other port to the sender', async () => {
    const event = fakeEvent();
    const outcome = await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId }, event);
    expect(outcome).toEqual({ ok: true, value: undefined });
    expect(fake.host.openDocStream).toHaveBeenCalledWith(workspaceId, pageId, expect.any(Function));
    const pair = ports[0]!;
    expect(pair.port1.started).toBe(true);
    expect(pair.port1.posted).toEqual([new Uint8Array([0, 0, 1])]);
    expect(event.sender.postMessage).toHaveBeenCalledWith(DOC_PORT_CHANNEL, { type: DOC_PORT_MESSAGE, streamId }, [pair.port2]);
  });

  it('feeds binary messages to the host stream and ignores anything else', async () => {
    await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId });
    const { port1 } = ports[0]!;
    port1.emit('message', { data: new Uint8Array([0, 2, 7]), ports: [] });
    port1.emit('message', { data: Buffer.from([1, 2]), ports: [] });
    port1.emit('message', { data: 'not bytes', ports: [] });
    expect(fake.stream.receive.mock.calls.map(([m]) => [...(m as Uint8Array)])).toEqual([[0, 2, 7], [1, 2]]);
  });

  it('closes the host stream when the renderer closes its port', async () => {
    await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId });
    ports[0]!.port1.emit('close');
    await vi.waitFor(() => expect(fake.stream.close).toHaveBeenCalledTimes(1));
    ports[0]!.port1.emit('close');
    await wiring.dispose();
    expect(fake.stream.close).toHaveBeenCalledTimes(1);
  });

  it('closes open streams on dispose', async () => {
    await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId });
    await wiring.dispose();
    expect(fake.stream.close).toHaveBeenCalledTimes(1);
    expect(ports[0]!.port1.closed).toBe(true);
  });

  it('reports a host refusal and closes both ports', async () => {
    fake.host.openDocStream.mockRejectedValueOnce(new CommonplaceError('not-found', 'no page'));
    const event = fakeEvent();
    const outcome = await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId }, event);
    expect(outcome).toEqual({ ok: false, error: { code: 'not-found', message: 'no page' } });
    expect(ports[0]!.port1.closed && ports[0]!.port2.closed).toBe(true);
    expect(event.sender.postMessage).not.toHaveBeenCalled();
  });

  it('closes the stream if the window went away while it opened', async () => {
    const outcome = await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId }, fakeEvent({ destroyed: true }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(fake.stream.close).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['no arguments', undefined],
    ['a bad doc id', { workspaceId, docId: 'x', streamId }],
    ['no stream id', { workspaceId, docId: pageId }],
  ])('refuses %s without touching the host', async (_name, args) => {
    const outcome = await ipcMain.invoke(DOC_OPEN_CHANNEL, args);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(fake.host.openDocStream).not.toHaveBeenCalled();
  });

  it('refuses to open more than MAX_OPEN_DOC_STREAMS at once', async () => {
    for (let i = 0; i < MAX_OPEN_DOC_STREAMS; i++) {
      await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId });
    }
    const outcome = await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'too-large' } });
    ports[0]!.port1.emit('close');
    await vi.waitFor(async () =>
      expect(await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId })).toMatchObject({ ok: true }),
    );
  });

  it('refuses a foreign sender', async () => {
    const outcome = await ipcMain.invoke(DOC_OPEN_CHANNEL, { workspaceId, docId: pageId, streamId }, fakeEvent({ url: 'file:///x' }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.host.openDocStream).not.toHaveBeenCalled();
    expect(ports).toHaveLength(0);
  });
});
