/**
 * The Electron side of `BridgeTransport`: calls go through the functions the preload exposes as
 * `window.commonplace` (the only global this module reads), and each open doc gets its own
 * MessagePort, handed over by the preload as a window message (VS Code's pattern). A port
 * message is accepted only from this window, with the expected shape, for a stream we asked for.
 */
import type { BridgeTransport } from '../../../shared/bridge/client';
import type { DocChannel } from '../../../shared/bridge/doc-protocol';
import {
  PRELOAD_GLOBAL,
  attachmentUrl,
  isDocPortMessage,
  type PreloadApi,
} from '../../../shared/bridge/preload-api';
import type { CallOutcome } from '../../../shared/bridge/validate';
import { CommonplaceError } from '../../../shared/errors';
import type { DocId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';

const log = createLogger('electron-transport');

/** The window facts this transport uses; the real `window` in the app, a fake in tests. */
export interface TransportWindow {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** The preload's API, if this page runs in the Electron shell. */
export function readPreloadApi(): PreloadApi | undefined {
  return (globalThis as { [PRELOAD_GLOBAL]?: PreloadApi })[PRELOAD_GLOBAL];
}

export function createElectronTransport(
  api: PreloadApi | undefined = readPreloadApi(),
  win: TransportWindow & object = window,
): BridgeTransport & { dispose(): void } {
  if (!api) throw new CommonplaceError('unavailable', 'not running in the Commonplace desktop app');
  const waiting = new Map<string, PortChannel>();

  const onWindowMessage = (event: MessageEvent) => {
    if (event.source !== win || !isDocPortMessage(event.data)) return;
    const channel = waiting.get(event.data.streamId);
    const port = event.ports[0];
    if (!channel || !port || event.ports.length !== 1) return;
    waiting.delete(event.data.streamId);
    channel.attach(port);
  };
  win.addEventListener('message', onWindowMessage);

  return {
    mode: 'desktop',
    invoke(area, method, args) {
      const call = (api.methods as unknown as Record<string, Record<string, (a: unknown) => Promise<CallOutcome>>>)[area]?.[method];
      if (!call) return Promise.resolve(failure('invalid-argument', `unknown bridge method ${area}.${method}`));
      return call(args).catch((error: unknown) => failure('unavailable', describe(error)));
    },
    subscribe(area, event, cb) {
      const on = (api.events as unknown as Record<string, Record<string, (cb: (p: unknown) => void) => () => void>>)[area]?.[event];
      if (!on) throw new CommonplaceError('invalid-argument', `unknown bridge event ${area}.${event}`);
      return on(cb);
    },
    openDoc(workspaceId: WorkspaceId, docId: DocId): DocChannel {
      const streamId = crypto.randomUUID();
      // The entry stays until the port arrives or the open fails, even if the channel is closed
      // first: a late port must still be received, so that it can be closed and end the host's stream.
      const channel = new PortChannel();
      waiting.set(streamId, channel);
      api
        .openDoc({ workspaceId, docId, streamId })
        .catch((error: unknown) => failure('unavailable', describe(error)))
        .then((outcome) => {
          if (outcome.ok) return;
          log.warn(`could not open doc ${docId}: ${outcome.error.message}`);
          waiting.delete(streamId);
          channel.fail();
        });
      return channel;
    },
    attachmentUrl,
    onConnectionChange() {
      return () => undefined; // the host lives in this app's main process: it never goes away
    },
    dispose() {
      win.removeEventListener('message', onWindowMessage);
      for (const channel of waiting.values()) channel.fail();
      waiting.clear();
    },
  };
}

const failure = (code: 'invalid-argument' | 'unavailable', message: string): CallOutcome => ({
  ok: false,
  error: { code, message },
});
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * One doc's stream: sends are queued until the port arrives; `close()` closes the port (at once,
 * or as soon as it arrives), which closes the host's end.
 */
export class PortChannel implements DocChannel {
  private port: MessagePort | undefined;
  private readonly queue: Uint8Array[] = [];
  private readonly messageListeners = new Set<(message: Uint8Array) => void>();
  private readonly closeListeners = new Set<() => void>();
  private closed = false;

  attach(port: MessagePort): void {
    if (this.closed) {
      port.close();
      return;
    }
    this.port = port;
    port.onmessage = ({ data }: MessageEvent) => {
      if (!ArrayBuffer.isView(data)) return;
      const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      for (const cb of this.messageListeners) cb(message);
    };
    // Chromium fires `close` on a MessagePort whose other end went away.
    port.addEventListener('close', () => this.fail());
    for (const message of this.queue.splice(0)) port.postMessage(message);
  }

  /** The stream ended from the other side (or never opened). */
  fail(): void {
    if (this.closed) return;
    this.close();
    for (const cb of [...this.closeListeners]) cb();
  }

  send(message: Uint8Array): void {
    if (this.closed) return;
    if (this.port) this.port.postMessage(message);
    else this.queue.push(message);
  }

  onMessage(cb: (message: Uint8Array) => void): () => void {
    this.messageListeners.add(cb);
    return () => this.messageListeners.delete(cb);
  }

  onClose(cb: () => void): () => void {
    this.closeListeners.add(cb);
    return () => this.closeListeners.delete(cb);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.port?.close();
    this.port = undefined;
    this.messageListeners.clear();
  }
}
