import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SignalingServer, type SignalingServerOptions } from './signaling-server';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function server(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const s = await SignalingServer.start(options);
  open.push(s);
  return s;
}

interface Client {
  ws: WebSocket;
  received: Array<Record<string, unknown>>;
  send(message: unknown): void;
}

async function client(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  open.push(ws);
  const received: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, received, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('SignalingServer', () => {
  it('binds to 127.0.0.1 on a free port by default', async () => {
    const s = await server();
    expect(s.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(s.port).toBeGreaterThan(0);
  });

  it('relays a publish to the subscribers of its topic, and answers pings', async () => {
    const s = await server();
    const [a, b, c] = await Promise.all([client(s.url), client(s.url), client(s.url)]);
    a.send({ type: 'subscribe', topics: ['room'] });
    b.send({ type: 'subscribe', topics: ['room'] });
    c.send({ type: 'subscribe', topics: ['other'] });
    await settle();
    a.send({ type: 'publish', topic: 'room', data: 'hello' });
    c.send({ type: 'ping' });
    await settle();
    expect(b.received).toEqual([{ type: 'publish', topic: 'room', data: 'hello', clients: 2 }]);
    expect(a.received).toHaveLength(1); // y-webrtc clients ignore their own
    expect(c.received).toEqual([{ type: 'pong' }]);
    b.send({ type: 'unsubscribe', topics: ['room'] });
    await settle();
    a.send({ type: 'publish', topic: 'room', data: 'again' });
    await settle();
    expect(b.received).toHaveLength(1);
  });

  it('refuses a publish from a client not subscribed to the topic', async () => {
    const s = await server();
    const [a, b] = await Promise.all([client(s.url), client(s.url)]);
    b.send({ type: 'subscribe', topics: ['room'] });
    await settle();
    a.send({ type: 'publish', topic: 'room', data: 'spray' });
    await settle();
    expect(b.received).toEqual([]);
  });

  it('enforces its limits and ignores garbage', async () => {
    const s = await server({ limits: { maxTopicsPerClient: 2, maxTopicLength: 8, maxMessageBytes: 1024 } });
    const [a, b] = await Promise.all([client(s.url), client(s.url)]);
    a.send('not json');
    a.send('[1,2,3]');
    a.ws.send(Buffer.from([1, 2, 3]));
    a.send({ type: 'subscribe', topics: ['t1', 't2', 't3', 'much-too-long-topic', 42] });
    b.send({ type: 'subscribe', topics: ['t3', 'much-too-long-topic'] });
    await settle();
    a.send({ type: 'publish', topic: 't3', data: 'x' }); // a never got t3: over its limit
    await settle();
    expect(b.received).toEqual([]);
    const closed = new Promise((resolve) => a.ws.once('close', resolve));
    a.send({ type: 'publish', topic: 't1', data: 'x'.repeat(2000) });
    await closed; // over maxMessageBytes: the server drops the client
    const c = await client(s.url); // and keeps serving others
    c.send({ type: 'ping' });
    await settle();
    expect(c.received).toEqual([{ type: 'pong' }]);
  });

  it('lets a tap see every relayed message and drop one', async () => {
    const seen: string[] = [];
    const s = await server({ onRelay: (_topic, message) => (seen.push(message), !message.includes('drop-me')) });
    const [a, b] = await Promise.all([client(s.url), client(s.url)]);
    a.send({ type: 'subscribe', topics: ['room'] });
    b.send({ type: 'subscribe', topics: ['room'] });
    await settle();
    a.send({ type: 'publish', topic: 'room', data: 'drop-me' });
    a.send({ type: 'publish', topic: 'room', data: 'keep' });
    await settle();
    expect(seen).toHaveLength(2);
    expect(b.received.map((m) => m.data)).toEqual(['keep']);
  });
});
