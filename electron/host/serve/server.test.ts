import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import { WS_PATH, decodeServerFrame, encodeFrame } from '../../../shared/bridge/ws-protocol';
import type { BridgeHost } from './bridge-connection';
import { newSessionToken } from './guards';
import { startServeServer, type ServeServer } from './server';

const HEARTBEAT_MS = 50;
const token = newSessionToken();
let dir: string;
let server: ServeServer;
const released: string[] = [];

const host: BridgeHost = {
  handlers: { workspaces: { list: async () => [] } } as unknown as BridgeHandlers,
  openDocStream: async (_ws, docId) => ({ receive: () => undefined, close: async () => void released.push(docId) }),
  onDidChangeProfile: () => () => undefined,
  onDidChangeWorkspaces: () => () => undefined,
  onDidChangeLinks: () => () => undefined,
  onDidTransferProgress: () => () => undefined,
  onDidChangeSync: () => () => undefined,
  onDidReceiveInvite: () => () => undefined,
  onDidChangeActivity: () => () => undefined,
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-server-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startServeServer({ host, rendererDir: dir, token, bindHost: '127.0.0.1', port: 0, heartbeatMs: HEARTBEAT_MS });
  released.length = 0;
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function connect(options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${token}`, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('startServeServer', () => {
  it('prints a loopback URL with the token, on the port it got', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('terminates a socket that stops answering pings, releasing its streams', async () => {
    const ws = await connect({ autoPong: false });
    const wsId = 'a'.repeat(32);
    ws.send(encodeFrame({ t: 'open', stream: 1, workspaceId: wsId, docId: wsId }));
    expect(await closed(ws)).toBe(1006);
    await expect.poll(() => released).toEqual([wsId]);
  });

  it('keeps a socket that answers pings', async () => {
    const ws = await connect();
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 5));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const reply = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
    ws.send(encodeFrame({ t: 'call', id: 1, area: 'workspaces', method: 'list', args: undefined }));
    expect(decodeServerFrame(await reply)).toEqual({ ok: true, value: { t: 'result', id: 1, outcome: { ok: true, value: [] } } });
    ws.close();
  });

  it('closes open sockets with "going away" when it closes', async () => {
    const ws = await connect();
    const code = closed(ws);
    await server.close();
    expect(await code).toBe(1001);
    server = await startServeServer({ host, rendererDir: dir, token, bindHost: '127.0.0.1', port: 0 }); // for afterEach
  });
});
