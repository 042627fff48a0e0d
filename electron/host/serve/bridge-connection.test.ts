import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeHandlers, MemberProfile, WorkspaceInfo } from '../../../shared/bridge/contract';
import {
  decodeDocFrame,
  decodeServerFrame,
  encodeDocFrame,
  encodeFrame,
  type ClientFrame,
  type ServerFrame,
} from '../../../shared/bridge/ws-protocol';
import { CommonplaceError } from '../../../shared/errors';
import type { DocId, WorkspaceId } from '../../../shared/ids';
import type { DocStreamHandle } from '../host';
import { BridgeConnection, MAX_STREAMS_PER_CONNECTION, type BridgeHost } from './bridge-connection';

const WS = 'a'.repeat(32) as WorkspaceId;
const PAGE = 'b'.repeat(32) as DocId;
const MISSING = 'c'.repeat(32) as DocId;
const GREETING = new Uint8Array([0, 0, 1, 0]);

class FakeHost implements BridgeHost {
  readonly received: Array<{ docId: DocId; message: Uint8Array }> = [];
  readonly closedStreams: DocId[] = [];
  readonly open = new Set<DocId>();
  readonly listeners = new Set<(list: WorkspaceInfo[]) => void>();
  readonly profileListeners = new Set<(profile: MemberProfile) => void>();
  /** Set to hold `openDocStream` until released. */
  gate: Promise<void> | null = null;

  readonly handlers = {
    workspaces: { list: async () => [{ id: WS, name: 'W', createdAt: 1 }] },
    attachments: {
      get: async ({ id }: { id: string }) => ({ id, mime: 'image/png', size: 2, bytes: new Uint8Array([9, 8]) }),
    },
    app: { info: async () => ({ big: 10n }) },
  } as unknown as BridgeHandlers;

  async openDocStream(_ws: WorkspaceId, docId: DocId, send: (m: Uint8Array) => void): Promise<DocStreamHandle> {
    if (docId === MISSING) throw new CommonplaceError('not-found', `no page ${docId}`);
    send(GREETING);
    if (this.gate) await this.gate;
    this.open.add(docId);
    return {
      receive: (message) => this.received.push({ docId, message }),
      close: async () => {
        this.open.delete(docId);
        this.closedStreams.push(docId);
      },
    };
  }

  onDidChangeProfile(cb: (profile: MemberProfile) => void) {
    this.profileListeners.add(cb);
    return () => this.profileListeners.delete(cb);
  }

  onDidChangeWorkspaces(cb: (list: WorkspaceInfo[]) => void) {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  onDidChangeLinks() {
    return () => undefined;
  }

  onDidTransferProgress() {
    return () => undefined;
  }

  onDidChangeSync() {
    return () => undefined;
  }

  onDidReceiveInvite() {
    return () => undefined;
  }

  onDidChangeActivity() {
    return () => undefined;
  }
}

class Sink {
  readonly frames: ServerFrame[] = [];
  readonly binary: Array<{ stream: number; message: Uint8Array }> = [];
  sendText(text: string) {
    const verdict = decodeServerFrame(text);
    if (!verdict.ok) throw new Error(`server sent a malformed frame: ${text}`);
    this.frames.push(verdict.value);
  }
  sendBinary(frame: Uint8Array) {
    const verdict = decodeDocFrame(frame);
    if (!verdict.ok) throw new Error('server sent a malformed doc frame');
    this.binary.push(verdict.value);
  }
}

function setup() {
  const host = new FakeHost();
  const sink = new Sink();
  const connection = new BridgeConnection(host, sink);
  const send = (frame: ClientFrame) => connection.receive(encodeFrame(frame), false);
  return { host, sink, connection, send };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
afterEach(() => {
  vi.restoreAllMocks();
});

describe('BridgeConnection calls', () => {
  it('answers a call with its outcome', async () => {
    const { sink, send } = setup();
    send({ t: 'call', id: 1, area: 'workspaces', method: 'list', args: undefined });
    await vi.waitFor(() => expect(sink.frames).toHaveLength(1));
    expect(sink.frames[0]).toEqual({ t: 'result', id: 1, outcome: { ok: true, value: [{ id: WS, name: 'W', createdAt: 1 }] } });
  });

  it('validates arguments before any handler runs', async () => {
    const { sink, send } = setup();
    send({ t: 'call', id: 2, area: 'workspaces', method: 'list', args: { extra: true } });
    send({ t: 'call', id: 3, area: 'nope', method: 'list', args: undefined });
    send({ t: 'call', id: 4, area: 'attachments', method: 'get', args: { workspaceId: WS, id: '../../etc/passwd' } });
    await vi.waitFor(() => expect(sink.frames).toHaveLength(3));
    for (const frame of sink.frames) expect(frame).toMatchObject({ t: 'result', outcome: { ok: false, error: { code: 'invalid-argument' } } });
  });

  it('carries bytes in results', async () => {
    const { sink, send } = setup();
    const id = `sha256-${'0'.repeat(64)}`;
    send({ t: 'call', id: 5, area: 'attachments', method: 'get', args: { workspaceId: WS, id } });
    await vi.waitFor(() => expect(sink.frames).toHaveLength(1));
    expect(sink.frames[0]).toMatchObject({ t: 'result', id: 5, outcome: { ok: true, value: { bytes: new Uint8Array([9, 8]) } } });
  });

  it('answers a result it cannot encode with an internal error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // the error is logged; keep the run quiet
    const { sink, send } = setup();
    send({ t: 'call', id: 6, area: 'app', method: 'info', args: undefined });
    await vi.waitFor(() => expect(sink.frames).toHaveLength(1));
    expect(sink.frames[0]).toMatchObject({ t: 'result', id: 6, outcome: { ok: false, error: { code: 'internal' } } });
  });

  it('answers malformed frames and keeps serving', async () => {
    const { sink, connection, send } = setup();
    connection.receive('{not json', false);
    connection.receive('{"t":"call","id":7,"area":"","method":""}', false);
    connection.receive(new Uint8Array([0x80]), true);
    connection.receive(new TextEncoder().encode('{"t":"bogus"}'), false);
    send({ t: 'call', id: 8, area: 'workspaces', method: 'list', args: undefined });
    await vi.waitFor(() => expect(sink.frames).toHaveLength(5));
    expect(sink.frames.slice(0, 4)).toEqual([
      { t: 'error', error: expect.objectContaining({ code: 'invalid-argument' }) },
      { t: 'result', id: 7, outcome: { ok: false, error: expect.objectContaining({ code: 'invalid-argument' }) } },
      { t: 'error', error: expect.objectContaining({ code: 'invalid-argument' }) },
      { t: 'error', error: expect.objectContaining({ code: 'invalid-argument' }) },
    ]);
    expect(sink.frames[4]).toMatchObject({ t: 'result', id: 8, outcome: { ok: true } });
  });
});

describe('BridgeConnection events', () => {
  it('pushes workspace changes until closed', async () => {
    const { host, sink, connection } = setup();
    for (const cb of host.listeners) cb([]);
    expect(sink.frames).toEqual([{ t: 'event', area: 'workspaces', event: 'onDidChange', payload: [] }]);
    await connection.close();
    expect(host.listeners.size).toBe(0);
  });

  it('pushes our profile as it changes, until closed', async () => {
    const { host, sink, connection } = setup();
    const profile = { id: 'f'.repeat(64), name: 'Ana', color: '#6e56cf' };
    for (const cb of host.profileListeners) cb(profile);
    expect(sink.frames).toEqual([{ t: 'event', area: 'app', event: 'onDidChangeProfile', payload: profile }]);
    await connection.close();
    expect(host.profileListeners.size).toBe(0);
  });
});

describe('BridgeConnection doc streams', () => {
  it('routes messages both ways by stream id', async () => {
    const { host, sink, connection, send } = setup();
    send({ t: 'open', stream: 1, workspaceId: WS, docId: WS });
    send({ t: 'open', stream: 2, workspaceId: WS, docId: PAGE });
    await settle();
    expect(sink.binary).toEqual([
      { stream: 1, message: GREETING },
      { stream: 2, message: GREETING },
    ]);
    connection.receive(encodeDocFrame(2, new Uint8Array([1, 2])), true);
    expect(host.received).toEqual([{ docId: PAGE, message: new Uint8Array([1, 2]) }]);
    await connection.close();
  });

  it('queues messages that arrive while the doc opens, in order', async () => {
    const { host, connection, send } = setup();
    let release = () => {};
    host.gate = new Promise((resolve) => (release = resolve));
    send({ t: 'open', stream: 1, workspaceId: WS, docId: PAGE });
    connection.receive(encodeDocFrame(1, new Uint8Array([1])), true);
    connection.receive(encodeDocFrame(1, new Uint8Array([2])), true);
    expect(host.received).toEqual([]);
    release();
    await vi.waitFor(() => expect(host.received.map((r) => r.message[0])).toEqual([1, 2]));
    await connection.close();
  });

  it('reports a doc the host cannot open as a stream error', async () => {
    const { sink, send } = setup();
    send({ t: 'open', stream: 3, workspaceId: WS, docId: MISSING });
    await vi.waitFor(() => expect(sink.frames).toHaveLength(1));
    expect(sink.frames[0]).toMatchObject({ t: 'stream-error', stream: 3, error: { code: 'not-found' } });
  });

  it.each([
    ['a malformed workspace id', { t: 'open', stream: 1, workspaceId: '../x', docId: WS }, 'invalid-argument'],
    ['a malformed doc id', { t: 'open', stream: 1, workspaceId: WS, docId: 'x' }, 'invalid-argument'],
  ] as const)('refuses %s', async (_what, frame, code) => {
    const { sink, send } = setup();
    send(frame);
    await settle();
    expect(sink.frames).toEqual([{ t: 'stream-error', stream: 1, error: expect.objectContaining({ code }) }]);
  });

  it('refuses a stream id already in use, and messages for streams not open', async () => {
    const { sink, connection, send } = setup();
    send({ t: 'open', stream: 1, workspaceId: WS, docId: WS });
    send({ t: 'open', stream: 1, workspaceId: WS, docId: PAGE });
    connection.receive(encodeDocFrame(9, new Uint8Array([0])), true);
    await settle();
    expect(sink.frames).toEqual([
      { t: 'stream-error', stream: 1, error: expect.objectContaining({ code: 'conflict' }) },
      { t: 'stream-error', stream: 9, error: expect.objectContaining({ code: 'not-found' }) },
    ]);
    await connection.close();
  });

  it('bounds the streams one connection may open', async () => {
    const { sink, connection, send } = setup();
    for (let i = 1; i <= MAX_STREAMS_PER_CONNECTION + 1; i++) send({ t: 'open', stream: i, workspaceId: WS, docId: WS });
    await settle();
    expect(sink.frames).toEqual([{ t: 'stream-error', stream: MAX_STREAMS_PER_CONNECTION + 1, error: expect.objectContaining({ code: 'too-large' }) }]);
    await connection.close();
  });

  it('closes a stream on request, even one still opening', async () => {
    const { host, connection, send } = setup();
    send({ t: 'open', stream: 1, workspaceId: WS, docId: WS });
    await settle();
    send({ t: 'close', stream: 1 });
    await vi.waitFor(() => expect(host.closedStreams).toEqual([WS]));

    let release = () => {};
    host.gate = new Promise((resolve) => (release = resolve));
    send({ t: 'open', stream: 2, workspaceId: WS, docId: PAGE });
    send({ t: 'close', stream: 2 });
    release();
    await vi.waitFor(() => expect(host.closedStreams).toEqual([WS, PAGE]));
    expect(host.open.size).toBe(0);
    await connection.close();
  });

  it('closes every stream when the connection closes, and goes quiet', async () => {
    const { host, sink, connection, send } = setup();
    send({ t: 'open', stream: 1, workspaceId: WS, docId: WS });
    send({ t: 'open', stream: 2, workspaceId: WS, docId: PAGE });
    await settle();
    const before = sink.frames.length + sink.binary.length;
    await connection.close();
    expect(host.open.size).toBe(0);
    send({ t: 'call', id: 1, area: 'workspaces', method: 'list', args: undefined });
    await settle();
    expect(sink.frames.length + sink.binary.length).toBe(before);
  });
});
