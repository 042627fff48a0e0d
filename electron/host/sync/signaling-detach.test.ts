/**
 * Detaching a signaling URL from y-webrtc providers, against real WebSocket servers on loopback:
 * the shared connection closes with its last provider, and comes back when the URL is added again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WebrtcProvider } from 'y-webrtc';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { detachSignaling, reviveSignaling } from './signaling-detach';
import { installSignalingWebSocket } from './signaling-socket';

interface CountingServer {
  readonly url: string;
  /** Connections open now. */
  open(): number;
  /** Connections ever made. */
  made(): number;
  close(): Promise<void>;
}

async function countingServer(): Promise<CountingServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  let made = 0;
  wss.on('connection', () => made++);
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    open: () => [...wss.clients].filter((c) => c.readyState === c.OPEN).length,
    made: () => made,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

function provider(room: string, signaling: string[]): WebrtcProvider {
  const doc = new Y.Doc();
  const p = new WebrtcProvider(room, doc, { signaling, password: 'test password', filterBcConns: false, peerOpts: {} });
  cleanup.push(() => {
    p.destroy();
    doc.destroy();
  });
  return p;
}

describe('detachSignaling', () => {
  it('closes a shared signaling connection with its last provider, and revives it when the URL comes back', async () => {
    installSignalingWebSocket();
    const kept = await countingServer();
    const dropped = await countingServer();
    cleanup.push(() => kept.close(), () => dropped.close());
    const p = provider('detach-test-p', [kept.url, dropped.url]);
    const q = provider('detach-test-q', [kept.url, dropped.url]);
    await until(() => kept.open() === 1 && dropped.open() === 1, 'both servers connected (one connection each, shared)');

    detachSignaling(p, dropped.url);
    expect(p.signalingUrls).toEqual([kept.url]);
    await new Promise((r) => setTimeout(r, 100));
    expect(dropped.open()).toBe(1); // q still uses it
    detachSignaling(q, dropped.url);
    await until(() => dropped.open() === 0, 'the dropped server disconnected');
    expect(kept.open()).toBe(1);
    await new Promise((r) => setTimeout(r, 3_000)); // longer than lib0's reconnect backoff
    expect(dropped.made()).toBe(1); // it does not reconnect by itself

    p.signalingUrls.push(dropped.url);
    p.connect();
    reviveSignaling(p);
    await until(() => dropped.open() === 1, 'the server connected again');
    expect(dropped.made()).toBe(2);
  });

  it('is a no-op for a URL the provider does not use', async () => {
    const server = await countingServer();
    cleanup.push(() => server.close());
    const p = provider('detach-test-r', [server.url]);
    await until(() => server.open() === 1, 'connected');
    detachSignaling(p, 'ws://127.0.0.1:1');
    expect(p.signalingUrls).toEqual([server.url]);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.open()).toBe(1);
  });
});
