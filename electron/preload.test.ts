import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelName, eventChannelName, eventsOf, methodsOf } from '../shared/bridge/contract';
import { DOC_OPEN_CHANNEL, DOC_PORT_CHANNEL, DOC_PORT_MESSAGE, PRELOAD_GLOBAL, type PreloadApi } from '../shared/bridge/preload-api';

// The preload runs in Electron's sandbox; here its two Electron objects are fakes.
const electron = vi.hoisted(() => {
  type Listener = (event: { ports: unknown[] }, payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(async (_channel: string, _args: unknown): Promise<unknown> => ({ ok: true, value: 'v' })),
    emit(channel: string, event: { ports: unknown[] }, payload: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener(event, payload);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: never) => {
      const set = electron.listeners.get(channel) ?? new Set();
      set.add(listener);
      electron.listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: never) => electron.listeners.get(channel)?.delete(listener),
  },
}));

const postMessage = vi.fn();
let api: PreloadApi;

beforeAll(async () => {
  vi.stubGlobal('window', { postMessage });
  await import('./preload');
  api = electron.exposed.get(PRELOAD_GLOBAL) as PreloadApi;
});

afterAll(() => {
  vi.unstubAllGlobals();
});

const workspaceId = '0123456789abcdef0123456789abcdef';
const streamId = '6f1c0a7e-2b9d-4c1e-9a51-3f7d2e8b1c40';

describe('preload', () => {
  it('exposes exactly one global, with methods, events and openDoc, and no generic invoke', () => {
    expect([...electron.exposed.keys()]).toEqual([PRELOAD_GLOBAL]);
    expect(Object.keys(api).sort()).toEqual(['events', 'methods', 'openDoc']);
    expect(JSON.stringify(Object.keys(api.methods))).not.toContain('invoke');
  });

  it('has one function per contract method, each invoking its own channel', async () => {
    for (const { area, method } of methodsOf()) {
      const fn = (api.methods as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[area]?.[method];
      expect(fn, `${area}.${method}`).toBeTypeOf('function');
      electron.invoke.mockClear();
      await expect(fn!({ x: 1 })).resolves.toEqual({ ok: true, value: 'v' });
      expect(electron.invoke).toHaveBeenCalledWith(channelName(area, method), { x: 1 });
    }
  });

  it('delivers event payloads (never the IPC event) and unsubscribes', () => {
    for (const { area, event } of eventsOf) {
      const subscribe = (api.events as unknown as Record<string, Record<string, (cb: (p: unknown) => void) => () => void>>)[area]?.[event];
      const cb = vi.fn();
      const unsubscribe = subscribe!(cb);
      electron.emit(eventChannelName(area, event), { ports: [] }, ['payload']);
      expect(cb).toHaveBeenCalledWith(['payload']);
      unsubscribe();
      electron.emit(eventChannelName(area, event), { ports: [] }, ['again']);
      expect(cb).toHaveBeenCalledTimes(1);
    }
  });

  it('relays a doc port to the page only for a stream it asked for, once', async () => {
    const port = { fake: 'port' };
    electron.emit(DOC_PORT_CHANNEL, { ports: [port] }, { type: DOC_PORT_MESSAGE, streamId });
    expect(postMessage).not.toHaveBeenCalled(); // not asked for

    await api.openDoc({ workspaceId, docId: workspaceId, streamId } as never);
    expect(electron.invoke).toHaveBeenLastCalledWith(DOC_OPEN_CHANNEL, { workspaceId, docId: workspaceId, streamId });
    electron.emit(DOC_PORT_CHANNEL, { ports: [port, port] }, { type: DOC_PORT_MESSAGE, streamId });
    expect(postMessage).not.toHaveBeenCalled(); // two ports: malformed
    electron.emit(DOC_PORT_CHANNEL, { ports: [port] }, { type: DOC_PORT_MESSAGE, streamId });
    expect(postMessage).toHaveBeenCalledWith({ type: DOC_PORT_MESSAGE, streamId }, '*', [port]);
    electron.emit(DOC_PORT_CHANNEL, { ports: [port] }, { type: DOC_PORT_MESSAGE, streamId });
    expect(postMessage).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed open request without calling the main process', async () => {
    electron.invoke.mockClear();
    await expect(api.openDoc({ workspaceId, docId: 'x', streamId } as never)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(electron.invoke).not.toHaveBeenCalled();
  });
});
