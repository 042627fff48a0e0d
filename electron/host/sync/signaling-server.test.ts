import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { CLOSE_POLICY_VIOLATION, CLOSE_TRY_AGAIN_LATER, SignalingServer, type SignalingServerOptions } from './signaling-server';

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

async function client(url: string, options?: ClientOptions): Promise<Client> {
  const ws = new WebSocket(url, options);
  open.push(ws);
  const received: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, received, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}

const settle = () => new Promise((r) => setTimeout(r, 100));

/** Waits for a condition the server brings about (not for a time). */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

/** The code and reason a client's connection closes with. */
const closeOf = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));

/** Round trips a ping: every message `c` sent before it has been handled. Costs `c` a token. */
async function pinged(c: Client): Promise<void> {
  const pongs = () => c.received.filter((m) => m.type === 'pong').length;
  const before = pongs();
  c.send({ type: 'ping' });
  await eventually(() => expect(pongs()).toBe(before + 1));
}

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

  describe('message rate (a token bucket per client, on an injected clock)', () => {
    // Burst 5, refilled at 1 a second; a client still over its rate 5 s after its first drop is cut off.
    const limits = { messageBurst: 5, messagesPerSecond: 1, overRateDisconnectMs: 5_000 };
    let now = 0;
    const clock = () => now;

    /** `a` publishing into a room `b` listens to; `b` has used its tokens on subscribing. */
    async function pair() {
      now = 0;
      const s = await server({ limits, clock });
      const [a, b] = await Promise.all([client(s.url), client(s.url)]);
      b.send({ type: 'subscribe', topics: ['room'] });
      await pinged(b);
      a.send({ type: 'subscribe', topics: ['room'] }); // a's first token
      const publish = (count: number, tag: string) => {
        for (let i = 0; i < count; i++) a.send({ type: 'publish', topic: 'room', data: `${tag}${i}` });
      };
      const relayed = () => b.received.filter((m) => m.type === 'publish').length;
      return { s, a, b, publish, relayed };
    }

    it('relays every message within the burst and the refill rate', async () => {
      const { s, a, publish, relayed } = await pair();
      publish(4, 'burst'); // with the subscribe: the whole burst of 5
      await eventually(() => expect(relayed()).toBe(4));
      now += 2_000; // two tokens back
      publish(2, 'refilled');
      await eventually(() => expect(relayed()).toBe(6));
      expect(s.droppedMessages).toBe(0);
      expect(a.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('drops what a client sends over its rate, and keeps the client', async () => {
      const { s, a, publish, relayed } = await pair();
      publish(7, 'flood'); // 4 fit after the subscribe; 3 over
      await eventually(() => expect(s.droppedMessages).toBe(3));
      expect(relayed()).toBe(4);
      now += 1_000;
      await pinged(a); // still served, with the token that came back
      expect(a.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('keeps a client that overshot once and then came back within its rate', async () => {
      const { s, a, publish, relayed } = await pair();
      publish(5, 'over'); // one dropped at 0 s
      await eventually(() => expect(s.droppedMessages).toBe(1));
      now = 6_000; // its bucket is full again: the overshoot is over
      publish(6, 'again'); // 5 relayed, one dropped at 6 s, 6 s after the first drop
      await eventually(() => expect(s.droppedMessages).toBe(2));
      expect(relayed()).toBe(9);
      now = 7_000;
      await pinged(a);
      expect(a.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('disconnects a client that stays over its rate', async () => {
      const { s, a, publish } = await pair();
      const closed = closeOf(a.ws);
      publish(5, 'over'); // the first drop, at 0 s
      await eventually(() => expect(s.droppedMessages).toBe(1));
      now = 3_000; // 3 tokens back, the bucket not full: still over
      publish(4, 'still');
      await eventually(() => expect(s.droppedMessages).toBe(2));
      expect(a.ws.readyState).toBe(WebSocket.OPEN);
      now = 5_000; // 2 more tokens; the drop after them comes 5 s after the first
      publish(3, 'still');
      expect(await closed).toEqual({ code: CLOSE_POLICY_VIOLATION, reason: 'over the message rate limit' });
    });
  });

  describe('clients per remote address', () => {
    it('serves clients up to the cap from one address, and others from another address', async () => {
      const s = await server({ limits: { maxClientsPerAddress: 2 } });
      const [a, b] = await Promise.all([client(s.url), client(s.url)]);
      const elsewhere = await client(s.url, { localAddress: '127.0.0.2' }); // a second machine, as far as the server knows
      for (const c of [a, b, elsewhere]) await pinged(c);
      const closed = closeOf(a.ws);
      a.ws.close();
      await closed;
      const c = await client(s.url); // a's slot is free again
      await pinged(c);
    });

    it('refuses a client over the cap from one address (loopback included)', async () => {
      const s = await server({ limits: { maxClientsPerAddress: 2 } });
      await Promise.all([client(s.url), client(s.url)]);
      const extra = new WebSocket(s.url);
      open.push(extra);
      expect(await closeOf(extra)).toEqual({ code: CLOSE_TRY_AGAIN_LATER, reason: 'too many clients from this address' });
    });
  });
});
