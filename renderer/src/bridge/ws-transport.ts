/**
 * Browser mode's side of `BridgeTransport`: the whole contract over one WebSocket to `serve`
 * (frames in shared/bridge/ws-protocol.ts), authenticated by the session cookie the page load set.
 *
 * When the socket drops (the host restarted, the laptop slept) it reconnects with backoff. Calls
 * not yet sent wait for the connection; calls in flight fail as `unavailable`; every open doc
 * channel fires `onClose`, so its session opens a new channel and resyncs (a new host process has
 * no memory of the old streams). Channels opened while disconnected open once connected.
 */
import type { BridgeTransport } from '../../../shared/bridge/client';
import type { DocChannel } from '../../../shared/bridge/doc-protocol';
import { checkExternalUrl } from '../../../shared/bridge/external-url';
import { parseArgs, type CallOutcome } from '../../../shared/bridge/validate';
import {
  MAX_FRAME_BYTES,
  MAX_STREAM_ID,
  WS_PATH,
  decodeDocFrame,
  decodeServerFrame,
  encodeFrame,
  type ClientFrame,
} from '../../../shared/bridge/ws-protocol';
import { CommonplaceError, assertNever, type SerializedError } from '../../../shared/errors';
import type { AttachmentId, DocId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { WsChannel, type ChannelLink } from './ws-channel';

const log = createLogger('ws-transport');

/** First reconnect delay; doubles per failed attempt up to the maximum. */
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 5_000;
const WS_OPEN = 1;

/** The part of the browser's WebSocket this transport uses (the `ws` package's fits too). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WsTransportOptions {
  /** Default: `ws(s)://<this page's host>/bridge`. */
  readonly url?: string;
  readonly createSocket?: (url: string) => SocketLike;
  /** Opens a checked link; default a new tab with no opener and no referrer. */
  readonly openWindow?: (url: string) => void;
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
}

export type WsTransport = BridgeTransport & {
  /** True while the socket is open. */
  readonly connected: boolean;
  /** Stops reconnecting and closes the socket (tests, page unload). */
  dispose(): void;
};

function defaultUrl(): string {
  const { protocol, host } = globalThis.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${WS_PATH}`;
}

const failure = (code: SerializedError['code'], message: string): CallOutcome => ({ ok: false, error: { code, message } });

export function createWsTransport(options: WsTransportOptions = {}): WsTransport {
  const url = options.url ?? defaultUrl();
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike);
  const openWindow = options.openWindow ?? ((u: string) => void window.open(u, '_blank', 'noopener,noreferrer'));
  const baseMs = options.reconnectBaseMs ?? RECONNECT_BASE_MS;
  const maxMs = options.reconnectMaxMs ?? RECONNECT_MAX_MS;

  let socket: SocketLike | null = null;
  let connected = false;
  let disposed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextCallId = 1;
  let nextStreamId = 1;
  /** Calls waiting for their result; `sent` ones fail when the socket drops. */
  const calls = new Map<number, { frame: string; sent: boolean; resolve: (o: CallOutcome) => void }>();
  const channels = new Map<number, WsChannel>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();

  const sendNow = (data: string | Uint8Array) => {
    if (socket && connected && socket.readyState === WS_OPEN) socket.send(data);
  };

  const link: ChannelLink = {
    canSend: () => connected,
    send: sendNow,
    forget: (stream) => channels.delete(stream),
  };

  function connect(): void {
    if (disposed) return;
    let ws: SocketLike;
    try {
      ws = createSocket(url);
    } catch (error) {
      log.warn('could not open the bridge socket', error);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      if (socket !== ws) return;
      connected = true;
      attempt = 0;
      for (const call of calls.values()) {
        if (call.sent) continue;
        call.sent = true;
        ws.send(call.frame);
      }
      for (const channel of channels.values()) channel.connected();
      for (const cb of [...connectionListeners]) cb(true);
    };
    ws.onmessage = ({ data }) => {
      if (socket !== ws) return;
      if (typeof data === 'string') receiveText(data);
      else if (data instanceof ArrayBuffer) receiveBinary(new Uint8Array(data));
      else if (ArrayBuffer.isView(data)) receiveBinary(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    };
    ws.onerror = () => log.debug('bridge socket error'); // a close event follows
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const wasConnected = connected;
      connected = false;
      for (const [id, call] of calls) {
        if (!call.sent) continue;
        calls.delete(id);
        call.resolve(failure('unavailable', 'the connection to the host was lost'));
      }
      for (const channel of [...channels.values()]) channel.socketLost();
      if (wasConnected) for (const cb of [...connectionListeners]) cb(false);
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (disposed || retryTimer !== null) return;
    const delay = Math.min(maxMs, baseMs * 2 ** attempt);
    attempt++;
    log.debug(`reconnecting in ${delay} ms`);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function receiveText(text: string): void {
    const verdict = decodeServerFrame(text);
    if (!verdict.ok) return log.warn('ignored a malformed frame from the host:', verdict.error.message);
    const frame = verdict.value;
    switch (frame.t) {
      case 'result': {
        const call = calls.get(frame.id);
        calls.delete(frame.id);
        call?.resolve(frame.outcome);
        return;
      }
      case 'event':
        for (const cb of [...(eventListeners.get(`${frame.area}.${frame.event}`) ?? [])]) cb(frame.payload);
        return;
      case 'stream-error':
        log.warn(`doc stream ${frame.stream}: ${frame.error.code}: ${frame.error.message}`);
        channels.get(frame.stream)?.disconnected();
        return;
      case 'error':
        log.warn(`the host refused a frame: ${frame.error.message}`);
        return;
      default:
        assertNever(frame, 'frame');
    }
  }

  function receiveBinary(bytes: Uint8Array): void {
    const verdict = decodeDocFrame(bytes);
    if (!verdict.ok) return log.warn('ignored a malformed doc frame from the host');
    channels.get(verdict.value.stream)?.deliver(verdict.value.message);
  }

  /** Links open here: the host may run on another machine, and cannot open a tab for us. */
  function openExternal(args: unknown): CallOutcome {
    try {
      const { url: raw } = parseArgs('app', 'openExternal', args) as { url: string };
      const verdict = checkExternalUrl(raw);
      if (!verdict.ok) return failure('forbidden', `refused to open ${JSON.stringify(raw)}: ${verdict.reason}`);
      openWindow(verdict.url);
      return { ok: true, value: undefined };
    } catch (error) {
      return { ok: false, error: CommonplaceError.from(error).toJSON() };
    }
  }

  connect();

  return {
    mode: 'browser',
    get connected() {
      return connected;
    },
    invoke(area, method, args) {
      if (area === 'app' && method === 'openExternal') return Promise.resolve(openExternal(args));
      const id = nextCallId++;
      let frame: string;
      try {
        frame = encodeFrame({ t: 'call', id, area, method, args } satisfies ClientFrame);
      } catch (error) {
        return Promise.resolve(failure('invalid-argument', `arguments cannot be sent: ${String(error)}`));
      }
      if (frame.length > MAX_FRAME_BYTES) return Promise.resolve(failure('too-large', `a call over ${MAX_FRAME_BYTES} bytes`));
      if (disposed) return Promise.resolve(failure('unavailable', 'the bridge is closed'));
      return new Promise((resolve) => {
        const sent = connected;
        calls.set(id, { frame, sent, resolve });
        if (sent) sendNow(frame);
      });
    },
    subscribe(area, event, cb) {
      const key = `${area}.${event}`;
      let set = eventListeners.get(key);
      if (!set) eventListeners.set(key, (set = new Set()));
      set.add(cb);
      return () => void set.delete(cb);
    },
    openDoc(workspaceId: WorkspaceId, docId: DocId): DocChannel {
      const stream = nextStreamId;
      nextStreamId = nextStreamId + 1 >= MAX_STREAM_ID ? 1 : nextStreamId + 1;
      const channel = new WsChannel(stream, workspaceId, docId, link);
      channels.set(stream, channel);
      if (connected) channel.connected();
      return channel;
    },
    attachmentUrl(workspaceId: WorkspaceId, id: AttachmentId): string {
      return `/attachments/${encodeURIComponent(workspaceId)}/${encodeURIComponent(id)}`;
    },
    onConnectionChange(cb) {
      connectionListeners.add(cb);
      return () => void connectionListeners.delete(cb);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      connected = false;
      ws?.close();
      for (const call of calls.values()) call.resolve(failure('unavailable', 'the bridge is closed'));
      calls.clear();
      for (const channel of [...channels.values()]) channel.disconnected();
      connectionListeners.clear();
      eventListeners.clear();
    },
  };
}
