/**
 * The sandboxed preload: builds `window.commonplace` from the contract and nothing else. One
 * function per contract method (never a generic `invoke(channel)`), one per event, and doc-stream
 * opening. Everything returned is plain data (`CallOutcome`): classes do not cross contextBridge.
 * Bundled into one CommonJS file (build/build.mjs): a sandboxed preload cannot require our modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelName, eventChannelName, eventsOf, methodsOf } from '../shared/bridge/contract';
import {
  DOC_OPEN_CHANNEL,
  DOC_PORT_CHANNEL,
  DOC_PORT_MESSAGE,
  PRELOAD_GLOBAL,
  isDocPortMessage,
  parseDocOpenRequest,
  type DocPortMessage,
  type PreloadApi,
} from '../shared/bridge/preload-api';
import type { CallOutcome } from '../shared/bridge/validate';

const methods: Record<string, Record<string, (args: unknown) => Promise<CallOutcome>>> = {};
for (const { area, method } of methodsOf()) {
  const channel = channelName(area, method);
  (methods[area] ??= {})[method] = (args) => ipcRenderer.invoke(channel, args) as Promise<CallOutcome>;
}

const events: Record<string, Record<string, (cb: (payload: unknown) => void) => () => void>> = {};
for (const { area, event } of eventsOf) {
  const channel = eventChannelName(area, event);
  (events[area] ??= {})[event] = (cb) => {
    // The page gets the payload only, never Electron's event object (it exposes `sender`).
    const listener = (_event: IpcRendererEvent, payload: unknown) => cb(payload);
    ipcRenderer.on(channel, listener);
    return () => void ipcRenderer.removeListener(channel, listener);
  };
}

// Doc ports are relayed only for streams this page asked for (VS Code's nonce check).
const awaitingPort = new Set<string>();
ipcRenderer.on(DOC_PORT_CHANNEL, (event, data: unknown) => {
  if (event.ports.length !== 1 || !isDocPortMessage(data) || !awaitingPort.delete(data.streamId)) return;
  const message: DocPortMessage = { type: DOC_PORT_MESSAGE, streamId: data.streamId };
  // The target is this very window, so '*' exposes nothing (Electron's documented pattern for
  // ports into an isolated page); the page checks `event.source === window` and the shape.
  window.postMessage(message, '*', event.ports);
});

async function openDoc(raw: unknown): Promise<CallOutcome> {
  const request = parseDocOpenRequest(raw);
  if (!request) return { ok: false, error: { code: 'invalid-argument', message: 'expected { workspaceId, docId, streamId }' } };
  awaitingPort.add(request.streamId);
  let outcome: CallOutcome | undefined;
  try {
    outcome = (await ipcRenderer.invoke(DOC_OPEN_CHANNEL, request)) as CallOutcome;
    return outcome;
  } finally {
    if (!outcome?.ok) awaitingPort.delete(request.streamId);
  }
}

// The loops above cover every method and event of the contract; the cast names the shape.
const api = { methods, events, openDoc } as unknown as PreloadApi;
contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
