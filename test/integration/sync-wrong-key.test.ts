/**
 * Outsiders: a host with the workspace's id but a wrong key can neither join nor read, and the
 * members are unaffected; a client publishing garbage into the members' real room, and a
 * signaling server sending garbage, crash nobody. Everything the signaling server relayed
 * holds no workspace id, page id, title or content in plaintext.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeBase64Url } from '../../shared/crypto/room-keys';
import { SignalingServer } from '../../electron/host/sync/signaling-server';
import { eventually, HostProcess, stateOf, tempDir } from './fixtures/sync-harness';

const TITLE = 'Confidential field notes';
const CONTENT = 'the sourdough starter lives on the second shelf';
const relayed: string[] = [];
const cleanup: Array<() => Promise<void>> = [];
let server: SignalingServer;
let a: HostProcess;
let b: HostProcess;
let outsider: HostProcess;
let workspaceId = '';
let pageId = '';

async function same(x: HostProcess, y: HostProcess): Promise<boolean> {
  const [sx, sy] = await Promise.all([stateOf(x), stateOf(y)]);
  return sx.workspace === sy.workspace && JSON.stringify(sx.pages) === JSON.stringify(sy.pages);
}

beforeAll(async () => {
  server = await SignalingServer.start({ onRelay: (_topic, message) => void relayed.push(message) });
  cleanup.push(() => server.close());
  const dirA = await tempDir('cp-sync-key-a-');
  const dirB = await tempDir('cp-sync-key-b-');
  const dirC = await tempDir('cp-sync-key-c-');
  cleanup.push(async () => void (await Promise.all([dirA, dirB, dirC].map((d) => d.remove()))));
  const started = await HostProcess.start({ dataDir: dirA.path, signal: [server.url] });
  a = started.host;
  workspaceId = started.ready.workspaceId;
  cleanup.push(() => a.stop());
  pageId = String((await a.request('createPage', { title: TITLE, paragraphs: [CONTENT] })).pageId);

  // The outsider has the workspace's id and name, but a key of its own.
  const record = JSON.parse(await readFile(started.ready.workspaceFile, 'utf8')) as Record<string, unknown>;
  const wrong = join(dirC.path, 'wrong-workspace.json');
  await writeFile(wrong, JSON.stringify({ ...record, key: encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))) }));
  outsider = (await HostProcess.start({ dataDir: dirC.path, join: wrong, signal: [server.url, started.ready.signaling] })).host;
  cleanup.push(() => outsider.stop());
  b = (await HostProcess.start({ dataDir: dirB.path, join: started.ready.workspaceFile, signal: [server.url] })).host;
  cleanup.push(() => b.stop());
  await eventually(() => same(a, b), 20_000);
});

afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe('a host with a wrong key', () => {
  it('neither joins nor reads, and the members are unaffected', async () => {
    await new Promise((r) => setTimeout(r, 2000)); // time it would need to connect if it could
    const state = await stateOf(outsider);
    expect(state.pageCount).toBe(0);
    expect((await outsider.request('status')).peers).toEqual([]);
    const peersOfA = (await a.request('status')).peers as string[];
    const bId = (await b.request('status')).hostId;
    expect(peersOfA).toEqual([bId]);
    await b.request('edit', { pageId, append: 'members still sync' });
    await eventually(() => same(a, b), 20_000);
  });
});

describe('hostile signaling', () => {
  it('garbage published into the real room crashes no one', async () => {
    const topics = [...new Set(relayed.map((m) => (JSON.parse(m) as { topic: string }).topic))];
    expect(topics.length).toBeGreaterThan(0);
    const ws = new WebSocket(server.url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'subscribe', topics }));
    const garbage = [
      'not base64 at all!',
      Buffer.from(crypto.getRandomValues(new Uint8Array(100))).toString('base64'),
      Buffer.concat([Buffer.from([7]), Buffer.from('AES-GCM'), Buffer.from([12]), Buffer.alloc(12), Buffer.from([40]), Buffer.alloc(40)]).toString('base64'),
      '',
      12,
      { nested: ['object'] },
      null,
    ];
    for (const topic of topics) for (const data of garbage) ws.send(JSON.stringify({ type: 'publish', topic, data }));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'publish', topic: 42, data: 'x' }));
    await new Promise((r) => setTimeout(r, 1000));
    ws.close();
    for (const host of [a, b]) {
      const status = await host.request('status');
      expect(status.unhandled).toBe(0);
      expect(status.signalingDropped).toBeGreaterThanOrEqual(topics.length); // the garbage did reach it
    }
    await a.request('edit', { pageId, append: 'still alive' });
    await eventually(() => same(a, b), 20_000);
  });

  it('a signaling server that sends garbage crashes no one', async () => {
    const evil = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => evil.once('listening', resolve));
    cleanup.push(async () => {
      for (const client of evil.clients) client.terminate();
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    });
    let subscribed = 0;
    evil.on('connection', (ws) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; topics?: string[] };
        if (message.type !== 'subscribe') return;
        subscribed++;
        ws.send('{ not json');
        ws.send(Buffer.from([1, 2, 3]));
        ws.send(JSON.stringify([1, 2]));
        for (const topic of message.topics ?? []) {
          ws.send(JSON.stringify({ type: 'publish', topic, data: 'AAAA' }));
          ws.send(JSON.stringify({ type: 'publish', topic, data: { type: 'signal' } }));
        }
      });
    });
    const { port } = evil.address() as { port: number };
    await a.request('addPeer', { url: `ws://127.0.0.1:${port}` });
    await eventually(async () => subscribed > 0, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect((await a.request('status')).unhandled).toBe(0);
    await b.request('edit', { pageId, append: 'after the evil server' });
    await eventually(() => same(a, b), 20_000);
  });

  it('the signaling server relayed no id, title or content in plaintext', () => {
    expect(relayed.length).toBeGreaterThan(0);
    const everything = relayed.join('\n');
    const decoded = relayed
      .map((m) => (JSON.parse(m) as { data?: unknown }).data)
      .filter((d): d is string => typeof d === 'string')
      .map((d) => Buffer.from(d, 'base64').toString('latin1'))
      .join('\n');
    for (const secret of [workspaceId, pageId, TITLE, CONTENT, 'sourdough']) {
      expect(everything).not.toContain(secret);
      expect(decoded).not.toContain(secret);
    }
  });
});
