/**
 * A y-webrtc-compatible signaling server (the protocol of y-webrtc's bin/server.js: JSON messages
 * `subscribe {topics}`, `unsubscribe {topics}`, `publish {topic, data}`, `ping` → `pong`), that
 * binds where we say (y-webrtc's own listens on every interface) and bounds what a client may do.
 *
 * It relays only: topics are room names derived from workspace keys and the data is encrypted by
 * the peers (shared/crypto/room-keys.ts), so it learns neither workspaces, pages nor content.
 *
 * Every host runs one on the LAN, so it is a denial-of-service surface: besides bounding sizes and
 * counts, it bounds each client's message rate (a token bucket; excess messages are dropped, and a
 * client that stays over the rate is disconnected) and the clients one remote address may hold.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../../../shared/log';
import { TokenBucket } from './token-bucket';

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
  /**
   * Clients at once from one remote address (loopback counts like any other), so that one machine
   * cannot take every slot. A host keeps one connection per signaling server (y-webrtc shares it
   * between all its rooms), two for a moment when one is replaced; 64 (an eighth of maxClients)
   * leaves room for a department behind one NAT reaching an always-on peer, and for tests that
   * run several hosts on loopback.
   */
  maxClientsPerAddress: 64,
  /*
   * The rate bound, measured (November 2026): 3 hosts in 3 processes on loopback all signaling
   * through one server, each client's messages counted by a tap on its connections. A fresh host
   * catching up a 1,000-page workspace sends 13 to 19 — catch-up runs over the workspace room's
   * data channel, not a room per page. Opening 30 pages at once on all 3 hosts (60 rooms with their
   * comments docs; per room and peer: subscribe, announce, offer or answer, a trickle of ICE
   * candidates, and all of it again each time the watchdog recreates a slow room) was the busiest:
   * in a quick run (11 s), up to 1,531 messages in one second and 3,136 in ten from one client,
   * which would draw a bucket of 4,096 refilled at 256/s down by about 1,300; in a slow one on a
   * loaded machine (100 s, many watchdog retries), 4,800 in all, 1,054 in a second, and the bucket
   * never fell below 3,185. A client reconnecting with R rooms open sends 1 + R at once (subscribe,
   * an announce per room), so even 1,000 open rooms fit one burst.
   */
  /** Messages a client may send at once, its token bucket's size (each message costs a token). */
  messageBurst: 4096,
  /** Tokens refilled per second: a flood is held to this rate. A host at rest pings every 15 s. */
  messagesPerSecond: 256,
  /**
   * A client whose bucket has not refilled since its first dropped message this long ago (it keeps
   * sending faster than messagesPerSecond) is disconnected. Longer than an empty bucket takes to
   * refill (messageBurst / messagesPerSecond = 16 s), so a burst that overshot once and settled
   * is never cut off.
   */
  overRateDisconnectMs: 20_000,
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
  /** Milliseconds, for the rate limits (tests inject a clock they move by hand). */
  readonly clock?: () => number;
}

/** Close codes (RFC 6455 §7.4.1): the server is full; a client broke the rate policy. */
export const CLOSE_TRY_AGAIN_LATER = 1013;
export const CLOSE_POLICY_VIOLATION = 1008;
/** At most one warning per this long for each kind of refusal, and for each client's drops. */
export const WARNING_INTERVAL_MS = 10_000;

interface Client {
  readonly address: string;
  readonly topics: Set<string>;
  readonly bucket: TokenBucket;
  alive: boolean;
  /** When this client first had a message dropped since its bucket was last full; null if not. */
  overSince: number | null;
  /** Messages dropped since the last warning about this client. */
  unreported: number;
  warnedAt: number;
}

export class SignalingServer {
  private readonly topics = new Map<string, Set<WebSocket>>();
  private readonly clients = new Map<WebSocket, Client>();
  /** Clients connected from each remote address. */
  private readonly perAddress = new Map<string, number>();
  private readonly pingTimer: ReturnType<typeof setInterval>;
  private readonly warnings = new Map<string, { at: number; suppressed: number }>();
  /** Messages dropped for going over the rate limit (diagnostics, tests). */
  droppedMessages = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly limits: SignalingLimits,
    private readonly onRelay: SignalingServerOptions['onRelay'],
    private readonly clock: () => number,
  ) {
    wss.on('connection', (ws, request) => this.accept(ws, request));
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
    return new SignalingServer(http, wss, limits, options.onRelay, options.clock ?? (() => performance.now()));
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

  private accept(ws: WebSocket, request: IncomingMessage): void {
    const address = addressOf(request);
    if (this.clients.size >= this.limits.maxClients) {
      this.warn('full', 'refused a client: too many clients');
      ws.close(CLOSE_TRY_AGAIN_LATER, 'too many clients');
      return;
    }
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (fromAddress >= this.limits.maxClientsPerAddress) {
      this.warn('address', `refused a client from ${address}: it has ${fromAddress} already`);
      ws.close(CLOSE_TRY_AGAIN_LATER, 'too many clients from this address');
      return;
    }
    this.perAddress.set(address, fromAddress + 1);
    const now = this.clock();
    const bucket = new TokenBucket(this.limits.messageBurst, this.limits.messagesPerSecond, now);
    const client: Client = { address, topics: new Set(), bucket, alive: true, overSince: null, unreported: 0, warnedAt: -Infinity };
    this.clients.set(ws, client);
    ws.on('pong', () => (client.alive = true));
    ws.on('error', (error) => log.debug('client error', error));
    ws.on('close', () => this.forget(ws, client));
    ws.on('message', (data, isBinary) => {
      // Once we close a client, what it still sends is neither charged nor read.
      if (ws.readyState !== ws.OPEN || !this.withinRate(ws, client)) return;
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
    if (!this.clients.delete(ws)) return;
    const left = (this.perAddress.get(client.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(client.address, left);
    else this.perAddress.delete(client.address);
  }

  /**
   * Charges a message to its client's bucket: false (drop it) when the bucket is empty. A client
   * still over the rate overRateDisconnectMs after its first drop is disconnected.
   */
  private withinRate(ws: WebSocket, client: Client): boolean {
    const now = this.clock();
    if (client.bucket.take(now)) {
      if (client.bucket.wasFull) client.overSince = null;
      return true;
    }
    this.droppedMessages++;
    client.unreported++;
    client.overSince ??= now;
    if (now - client.overSince >= this.limits.overRateDisconnectMs) {
      log.warn(`disconnected a client from ${client.address}: over the message rate for ${Math.round(now - client.overSince)} ms`);
      ws.close(CLOSE_POLICY_VIOLATION, 'over the message rate limit');
    } else if (now - client.warnedAt >= WARNING_INTERVAL_MS) {
      log.warn(`dropped ${client.unreported} messages from a client at ${client.address}: over ${this.limits.messagesPerSecond} a second`);
      client.unreported = 0;
      client.warnedAt = now;
    }
    return false;
  }

  /** A warning of this kind at most once per WARNING_INTERVAL_MS (refused clients retry at once). */
  private warn(kind: string, message: string): void {
    const now = this.clock();
    const last = this.warnings.get(kind);
    if (last && now - last.at < WARNING_INTERVAL_MS) {
      last.suppressed++;
      return;
    }
    log.warn(last?.suppressed ? `${message} (and ${last.suppressed} more like it)` : message);
    this.warnings.set(kind, { at: now, suppressed: 0 });
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

/** The remote address a client is counted under (an IPv4 client of a dual-stack server as IPv4). */
function addressOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
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
