/**
 * A y-webrtc-compatible signaling server (the protocol of y-webrtc's bin/server.js: JSON messages
 * `subscribe {topics}`, `unsubscribe {topics}`, `publish {topic, data}`, `ping` → `pong`), that
 * binds where we say (y-webrtc's own listens on every interface) and bounds what a client may do.
 *
 * It relays only: topics are room names derived from workspace keys and the data is encrypted by
 * the peers (shared/crypto/room-keys.ts), so it learns neither workspaces, pages nor content.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../../../shared/log';

const log = createLogger('signaling-server');

export const SIGNALING_LIMITS = {
  /** Largest message accepted from a client. */
  maxMessageBytes: 256 * 1024,
  /** Topics one client may be subscribed to at once (its workspaces and open pages). */
  maxTopicsPerClient: 4096,
  /** Longest topic name (ours are 43 characters). */
  maxTopicLength: 128,
  /** Clients at once. */
  maxClients: 512,
  /** A client that has not answered a ping by the next one is disconnected. */
  pingIntervalMs: 30_000,
};

export type SignalingLimits = typeof SIGNALING_LIMITS;

export interface SignalingServerOptions {
  /** Address to bind; 127.0.0.1 unless told otherwise (the desktop app binds the LAN interface). */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly limits?: Partial<SignalingLimits>;
  /**
   * Sees every message before it is relayed: tests capture them (to prove nothing leaks in
   * plaintext) or return false to drop one (to simulate a lost signal).
   */
  readonly onRelay?: (topic: string, message: string) => boolean | void;
  /** Plain HTTP requests (not WebSocket upgrades): return true if answered; the rest get 404. */
  readonly onHttpRequest?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

interface Client {
  readonly topics: Set<string>;
  alive: boolean;
}

export class SignalingServer {
  private readonly topics = new Map<string, Set<WebSocket>>();
  private readonly clients = new Map<WebSocket, Client>();
  private readonly pingTimer: ReturnType<typeof setInterval>;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly limits: SignalingLimits,
    private readonly onRelay: SignalingServerOptions['onRelay'],
  ) {
    wss.on('connection', (ws) => this.accept(ws));
    this.pingTimer = setInterval(() => this.ping(), limits.pingIntervalMs);
    this.pingTimer.unref();
  }

  static async start(options: SignalingServerOptions = {}): Promise<SignalingServer> {
    const limits = { ...SIGNALING_LIMITS, ...options.limits };
    const http = createServer((request, response) => {
      try {
        if (options.onHttpRequest?.(request, response)) return;
      } catch (error) {
        log.error('an HTTP handler failed', error);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('error\n');
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end('signaling only\n');
    });
    const wss = new WebSocketServer({ server: http, maxPayload: limits.maxMessageBytes });
    // ws re-emits the HTTP server's errors (a port in use) on itself: unheard, they would crash us.
    wss.on('error', (error) => log.debug('signaling server error', error));
    await new Promise<void>((resolve, reject) => {
      http.once('error', (error) => {
        wss.close();
        reject(error);
      });
      http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        http.removeAllListeners('error');
        http.on('error', (error) => log.error('signaling server error', error));
        resolve();
      });
    });
    return new SignalingServer(http, wss, limits, options.onRelay);
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** Where this host reaches its own server (a wildcard bind is reached on loopback). */
  get url(): string {
    const { address, family } = this.http.address() as AddressInfo;
    const reachable = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
    return `ws://${family === 'IPv6' ? `[${reachable}]` : reachable}:${this.port}`;
  }

  /** The address the server is bound to (`0.0.0.0` or `::` for every interface). */
  get bindAddress(): string {
    return (this.http.address() as AddressInfo).address;
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    // Stop accepting first: clients (lib0) reconnect at once when dropped.
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const ws of this.clients.keys()) ws.terminate();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await closed;
  }

  private accept(ws: WebSocket): void {
    if (this.clients.size >= this.limits.maxClients) {
      log.warn('refused a client: too many');
      ws.close(1013, 'too many clients');
      return;
    }
    const client: Client = { topics: new Set(), alive: true };
    this.clients.set(ws, client);
    ws.on('pong', () => (client.alive = true));
    ws.on('error', (error) => log.debug('client error', error));
    ws.on('close', () => this.forget(ws, client));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return; // not JSON: y-webrtc clients never send that; ignore
      }
      if (typeof message === 'object' && message !== null) this.handle(ws, client, message as Record<string, unknown>);
    });
  }

  private handle(ws: WebSocket, client: Client, message: Record<string, unknown>): void {
    switch (message.type) {
      case 'subscribe':
        for (const topic of topicList(message.topics, this.limits.maxTopicLength)) {
          if (client.topics.size >= this.limits.maxTopicsPerClient) {
            log.warn('a client hit the topic limit');
            break;
          }
          client.topics.add(topic);
          let subscribers = this.topics.get(topic);
          if (!subscribers) this.topics.set(topic, (subscribers = new Set()));
          subscribers.add(ws);
        }
        break;
      case 'unsubscribe':
        for (const topic of topicList(message.topics, this.limits.maxTopicLength)) this.leave(ws, client, topic);
        break;
      case 'publish': {
        const topic = message.topic;
        // Only a subscriber may publish: a stranger cannot spray a room it has not joined.
        if (typeof topic !== 'string' || !client.topics.has(topic)) return;
        const subscribers = this.topics.get(topic);
        if (!subscribers) return;
        const out = JSON.stringify({ type: 'publish', topic, data: message.data, clients: subscribers.size });
        if (this.onRelay?.(topic, out) === false) return;
        for (const receiver of subscribers) send(receiver, out);
        break;
      }
      case 'ping':
        send(ws, JSON.stringify({ type: 'pong' }));
        break;
      default:
        break;
    }
  }

  private leave(ws: WebSocket, client: Client, topic: string): void {
    client.topics.delete(topic);
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    subscribers.delete(ws);
    if (subscribers.size === 0) this.topics.delete(topic);
  }

  private forget(ws: WebSocket, client: Client): void {
    for (const topic of [...client.topics]) this.leave(ws, client, topic);
    this.clients.delete(ws);
  }

  private ping(): void {
    for (const [ws, client] of this.clients) {
      if (!client.alive) {
        ws.terminate();
        continue;
      }
      client.alive = false;
      ws.ping();
    }
  }
}

function topicList(value: unknown, maxLength: number): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= maxLength);
}

function send(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(text, (error) => {
    if (error) log.debug('send failed', error);
  });
}
