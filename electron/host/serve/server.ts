/**
 * `serve`'s server: one HTTP server for the renderer and attachments, and on it the bridge's
 * WebSocket endpoint (one socket per renderer, each a BridgeConnection). Binds 127.0.0.1 unless
 * told otherwise; every request and upgrade passes the same Host/Origin/token checks.
 */
import { STATUS_CODES, createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { MAX_FRAME_BYTES, WS_PATH } from '../../../shared/bridge/ws-protocol';
import { createLogger } from '../../../shared/log';
import { BridgeConnection, type BridgeHost } from './bridge-connection';
import { TOKEN_PARAM, authenticate, type Served } from './guards';
import { createRequestHandler, refuseRequest } from './http-handler';

const log = createLogger('serve');
/** The close code a renderer sees when the host shuts down (RFC 6455 "going away"). */
const CLOSE_GOING_AWAY = 1001;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);
/**
 * A socket that has not answered a ping within this long is dead (a browser on another machine
 * that vanished without closing): it is terminated, so its doc streams are released.
 */
const HEARTBEAT_INTERVAL_MS = 30_000;

export interface ServeServerOptions {
  readonly host: BridgeHost;
  readonly rendererDir: string;
  readonly token: string;
  readonly bindHost: string;
  readonly port: number;
  /** Tests shorten it. */
  readonly heartbeatMs?: number;
}

export interface ServeServer {
  readonly port: number;
  /** The address to open, token included: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startServeServer(options: ServeServerOptions): Promise<ServeServer> {
  let served: Served = { port: options.port, bindHost: options.bindHost };
  const server = createServer(
    createRequestHandler({ rendererDir: options.rendererDir, token: options.token, handlers: options.host.handlers, served: () => served }),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const connections = new Map<WebSocket, BridgeConnection>();
  const alive = new WeakSet<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log.warn('upgrade socket error', error));
    const refusal = refuseUpgrade(req, served, options.token);
    if (refusal) {
      const [status, reason] = refusal;
      log.warn(`refused a WebSocket: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new BridgeConnection(options.host, {
        sendText: (text) => ws.readyState === WebSocket.OPEN && ws.send(text),
        sendBinary: (frame) => ws.readyState === WebSocket.OPEN && ws.send(frame, { binary: true }),
      });
      connections.set(ws, connection);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('message', (data: RawData, isBinary: boolean) => connection.receive(asBytesOrText(data, isBinary), isBinary));
      ws.on('error', (error) => log.warn('WebSocket error', error));
      ws.on('close', () => {
        connections.delete(ws);
        void connection.close();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error('server error', error));
  served = { port: (server.address() as AddressInfo).port, bindHost: options.bindHost };
  const heartbeat = setInterval(() => {
    for (const ws of connections.keys()) {
      if (!alive.has(ws)) {
        log.warn('terminating a WebSocket that stopped answering pings');
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();

  const shown = WILDCARD_HOSTS.has(options.bindHost) ? '127.0.0.1' : options.bindHost.includes(':') ? `[${options.bindHost}]` : options.bindHost;
  return {
    port: served.port,
    url: `http://${shown}:${served.port}/?${TOKEN_PARAM}=${options.token}`,
    close: async () => {
      clearInterval(heartbeat);
      const closing = [...connections.values()].map((connection) => connection.close());
      for (const ws of connections.keys()) ws.close(CLOSE_GOING_AWAY, 'host shutting down');
      await Promise.all(closing);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function refuseUpgrade(req: IncomingMessage, served: Served, token: string): [number, string] | null {
  const path = new URL(req.url ?? '/', 'http://request.invalid').pathname;
  if (path !== WS_PATH) return [404, `no WebSocket at ${path}`];
  const refusal = refuseRequest(req, served);
  if (refusal) return refusal;
  if (!authenticate({ url: req.url, cookie: req.headers.cookie }, token, served.port)) return [401, 'no valid session token'];
  return null;
}

function asBytesOrText(data: RawData, isBinary: boolean): Uint8Array | string {
  const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return isBinary ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : buffer.toString('utf8');
}
