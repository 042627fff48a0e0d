import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decodeClientFrame,
  decodeDocFrame,
  encodeDocFrame,
  encodeFrame,
  type ClientFrame,
  type ServerFrame,
} from '../../../shared/bridge/ws-protocol';
import type { AttachmentId, DocId, WorkspaceId } from '../../../shared/ids';
import { RECONNECT_BASE_MS, createWsTransport, type SocketLike, type WsTransport } from './ws-transport';

const WS = 'a'.repeat(32) as WorkspaceId;
const PAGE = 'b'.repeat(32) as DocId;

class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: Array<string | Uint8Array> = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}

  send(data: string | Uint8Array) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }
  close() {
    this.drop();
  }
  // The server's side:
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({});
  }
  push(frame: ServerFrame) {
    this.onmessage?.({ data: encodeFrame(frame) });
  }
  pushDoc(stream: number, message: Uint8Array) {
    const bytes = encodeDocFrame(stream, message);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
  frames(): ClientFrame[] {
    return this.sent.flatMap((d) => {
      if (typeof d !== 'string') return [];
      const v = decodeClientFrame(d);
      return v.ok ? [v.value] : [];
    });
  }
  docFrames() {
    return this.sent.flatMap((d) => {
      if (typeof d === 'string') return [];
      const v = decodeDocFrame(d);
      return v.ok ? [v.value] : [];
    });
  }
}

let sockets: FakeSocket[];
let opened: string[];
let transport: WsTransport;
const latest = () => sockets[sockets.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  opened = [];
  transport = createWsTransport({
    url: 'ws://127.0.0.1:1/bridge',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    openWindow: (url) => opened.push(url),
  });
});

afterEach(() => {
  transport.dispose();
  vi.useRealTimers();
});

describe('ws transport calls', () => {
  it('connects at once, in arraybuffer mode, to the given URL', () => {
    expect(sockets).toHaveLength(1);
    expect(latest().url).toBe('ws://127.0.0.1:1/bridge');
    expect(latest().binaryType).toBe('arraybuffer');
    expect(transport.mode).toBe('browser');
  });

  it('queues calls until connected, then resolves each by id', async () => {
    const first = transport.invoke('workspaces', 'list', undefined);
    const second = transport.invoke('attachments', 'put', { bytes: new Uint8Array([1, 2]) });
    expect(latest().sent).toEqual([]);
    latest().open();
    const [a, b] = latest().frames();
    expect(a).toMatchObject({ t: 'call', area: 'workspaces', method: 'list' });
    expect(b).toMatchObject({ t: 'call', area: 'attachments', method: 'put', args: { bytes: new Uint8Array([1, 2]) } });
    if (a?.t !== 'call' || b?.t !== 'call') throw new Error('expected calls');
    latest().push({ t: 'result', id: b.id, outcome: { ok: false, error: { code: 'not-found', message: 'x' } } });
    latest().push({ t: 'result', id: a.id, outcome: { ok: true, value: [] } });
    expect(await first).toEqual({ ok: true, value: [] });
    expect(await second).toEqual({ ok: false, error: { code: 'not-found', message: 'x' } });
  });

  it('fails calls in flight when the socket drops, and sends later ones after reconnecting', async () => {
    latest().open();
    const inFlight = transport.invoke('workspaces', 'list', undefined);
    latest().drop();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const later = transport.invoke('workspaces', 'list', undefined);
    vi.advanceTimersByTime(RECONNECT_BASE_MS);
    expect(sockets).toHaveLength(2);
    latest().open();
    const [call] = latest().frames();
    if (call?.t !== 'call') throw new Error('expected a call');
    latest().push({ t: 'result', id: call.id, outcome: { ok: true, value: 1 } });
    expect(await later).toEqual({ ok: true, value: 1 });
  });

  it('ignores malformed frames from the host', () => {
    latest().open();
    latest().onmessage?.({ data: '{"t":"nonsense"}' });
    latest().onmessage?.({ data: new ArrayBuffer(0) });
    expect(transport.connected).toBe(true);
  });
});

describe('ws transport reconnecting', () => {
  it('backs off while the host is away and reports connection changes', () => {
    const changes: boolean[] = [];
    transport.onConnectionChange((c) => changes.push(c));
    latest().open();
    latest().drop();
    vi.advanceTimersByTime(RECONNECT_BASE_MS);
    latest().drop(); // refused: host still down
    vi.advanceTimersByTime(RECONNECT_BASE_MS * 2 - 1);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    latest().open();
    expect(changes).toEqual([true, false, true]);
  });

  it('stops for good on dispose', () => {
    latest().open();
    transport.dispose();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('ws transport events', () => {
  it('delivers events to their subscribers until unsubscribed', () => {
    const seen: unknown[] = [];
    const off = transport.subscribe('workspaces', 'onDidChange', (p) => seen.push(p));
    latest().open();
    latest().push({ t: 'event', area: 'workspaces', event: 'onDidChange', payload: [1] });
    off();
    latest().push({ t: 'event', area: 'workspaces', event: 'onDidChange', payload: [2] });
    expect(seen).toEqual([[1]]);
  });
});

describe('ws transport doc channels', () => {
  it('opens once connected, sending what was queued after the open frame', () => {
    const channel = transport.openDoc(WS, PAGE);
    channel.send(new Uint8Array([0, 0]));
    latest().open();
    const [open] = latest().frames();
    expect(open).toMatchObject({ t: 'open', workspaceId: WS, docId: PAGE });
    if (open?.t !== 'open') throw new Error('expected open');
    expect(latest().sent[0]).toBeTypeOf('string'); // the open frame goes first
    expect(latest().docFrames()).toEqual([{ stream: open.stream, message: new Uint8Array([0, 0]) }]);
  });

  it('routes messages by stream id, and closes with a close frame', () => {
    latest().open();
    const a = transport.openDoc(WS, WS);
    const b = transport.openDoc(WS, PAGE);
    const got: string[] = [];
    a.onMessage((m) => got.push(`a${m[0]}`));
    b.onMessage((m) => got.push(`b${m[0]}`));
    const [openA, openB] = latest().frames();
    if (openA?.t !== 'open' || openB?.t !== 'open') throw new Error('expected opens');
    latest().pushDoc(openB.stream, new Uint8Array([7]));
    latest().pushDoc(openA.stream, new Uint8Array([8]));
    expect(got).toEqual(['b7', 'a8']);
    b.close();
    expect(latest().frames().at(-1)).toEqual({ t: 'close', stream: openB.stream });
    latest().pushDoc(openB.stream, new Uint8Array([9]));
    expect(got).toEqual(['b7', 'a8']);
  });

  it('fires onClose on every open channel when the socket drops, so sessions resync on a new one', () => {
    latest().open();
    const channel = transport.openDoc(WS, PAGE);
    const closed = vi.fn();
    channel.onClose(closed);
    latest().drop();
    expect(closed).toHaveBeenCalledOnce();
    channel.send(new Uint8Array([1])); // ignored, not thrown

    const next = transport.openDoc(WS, PAGE); // what a session does on close
    vi.advanceTimersByTime(RECONNECT_BASE_MS);
    latest().open();
    expect(latest().frames()).toEqual([{ t: 'open', stream: expect.any(Number), workspaceId: WS, docId: PAGE }]);
    next.close();
  });

  it('keeps a channel opened while disconnected pending across failed attempts', () => {
    const channel = transport.openDoc(WS, PAGE);
    const closed = vi.fn();
    channel.onClose(closed);
    latest().drop(); // never opened
    expect(closed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(RECONNECT_BASE_MS);
    latest().open();
    expect(latest().frames()).toMatchObject([{ t: 'open', docId: PAGE }]);
  });

  it('closes a channel the host refuses', () => {
    latest().open();
    const channel = transport.openDoc(WS, PAGE);
    const closed = vi.fn();
    channel.onClose(closed);
    const [open] = latest().frames();
    if (open?.t !== 'open') throw new Error('expected open');
    latest().push({ t: 'stream-error', stream: open.stream, error: { code: 'not-found', message: 'no page' } });
    expect(closed).toHaveBeenCalledOnce();
  });
});

describe('ws transport, local parts', () => {
  it('builds same-origin attachment URLs', () => {
    const id = `sha256-${'0'.repeat(64)}` as AttachmentId;
    expect(transport.attachmentUrl(WS, id)).toBe(`/attachments/${WS}/${id}`);
  });

  it('opens checked links itself, without asking the host', async () => {
    expect(await transport.invoke('app', 'openExternal', { url: 'https://example.org/a' })).toEqual({ ok: true, value: undefined });
    expect(opened).toEqual(['https://example.org/a']);
    expect(latest().sent).toEqual([]);
  });

  it.each([
    [{ url: 'javascript:alert(1)' }, 'forbidden'],
    [{ url: 'file:///etc/passwd' }, 'forbidden'],
    [{ url: 42 }, 'invalid-argument'],
    [{ url: 'https://x.org', extra: 1 }, 'invalid-argument'],
  ])('refuses to open %j', async (args, code) => {
    expect(await transport.invoke('app', 'openExternal', args)).toMatchObject({ ok: false, error: { code } });
    expect(opened).toEqual([]);
  });
});
