/**
 * The HTTP side of `serve`: the built renderer and attachments, behind the Host/Origin checks and
 * the session token. The page URL printed at start (`/?token=…`) trades the token for a cookie
 * and redirects to the clean URL, so the token does not stay in the address bar or history.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { ALLOWED_ATTACHMENT_MIME, type BridgeHandlers } from '../../../shared/bridge/contract';
import { dispatch } from '../../../shared/bridge/validate';
import { WS_PATH } from '../../../shared/bridge/ws-protocol';
import type { ErrorCode } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { TOKEN_PARAM, authenticate, checkHostHeader, checkOrigin, sessionCookie, type Served } from './guards';
import { COMMON_HEADERS, attachmentHeaders, contentTypeOf, pageCsp, resolveStaticPath } from './static-files';

const log = createLogger('serve');
export const ATTACHMENTS_PREFIX = '/attachments/';
/** Vite's content-hashed output: a URL there always names the same bytes. */
const HASHED_ASSETS_PREFIX = '/assets/';

export interface HttpOptions {
  readonly rendererDir: string;
  readonly token: string;
  readonly handlers: BridgeHandlers;
  /** Known once the server listens (port 0 picks one). */
  readonly served: () => Served;
}

/** Complete by type: a new error code must be given a status here. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  'invalid-argument': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'corrupt-record': 500,
  'store-closed': 503,
  unavailable: 503,
  internal: 500,
};

/**
 * The checks every request passes before anything is served, shared with the WebSocket upgrade:
 * a refusal as `[status, reason]`, or null.
 */
export function refuseRequest(req: IncomingMessage, served: Served): [number, string] | null {
  const host = checkHostHeader(req.headers.host, served);
  if (!host.ok) return [403, host.reason];
  const origin = checkOrigin(req.headers.origin, req.headers.host ?? '');
  if (!origin.ok) return [403, origin.reason];
  return null;
}

export function createRequestHandler(options: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      log.error('request failed', error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  };
}

async function handle(options: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const served = options.served();
  const refusal = refuseRequest(req, served);
  if (refusal) {
    log.warn(`refused ${req.method} ${req.url}: ${refusal[1]}`);
    return sendText(res, refusal[0], 'Forbidden');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });

  const url = new URL(req.url ?? '/', 'http://request.invalid');
  const auth = authenticate({ url: req.url, cookie: req.headers.cookie }, options.token, served.port);
  if (auth === null) {
    log.warn(`refused ${req.method} ${url.pathname}: no valid session token`);
    return sendText(res, 401, 'Open the address that `npm run serve` printed: it carries the session token.');
  }
  if (auth === 'query') {
    url.searchParams.delete(TOKEN_PARAM);
    return sendText(res, 303, 'See other', {
      'Set-Cookie': sessionCookie(options.token, served.port),
      Location: url.pathname + url.search,
    });
  }
  if (url.pathname === WS_PATH) return sendText(res, 426, 'Upgrade required', { Upgrade: 'websocket' });
  if (url.pathname.startsWith(ATTACHMENTS_PREFIX)) return serveAttachment(options, url.pathname, req, res);
  return serveStatic(options, url.pathname, req, res);
}

async function serveStatic(options: HttpOptions, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = resolveStaticPath(options.rendererDir, pathname);
  if (path === null) {
    log.warn(`refused static path ${JSON.stringify(pathname)}`);
    return sendText(res, 404, 'Not found');
  }
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return sendText(res, 404, 'Not found');
  const body = await readFile(path);
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': contentTypeOf(path),
    'Content-Length': body.byteLength,
    'Content-Security-Policy': pageCsp(req.headers.host ?? ''),
    'Cache-Control': pathname.startsWith(HASHED_ASSETS_PREFIX) ? 'private, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function serveAttachment(options: HttpOptions, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parts = pathname.slice(ATTACHMENTS_PREFIX.length).split('/');
  if (parts.length !== 2) return sendText(res, 404, 'Not found');
  const [workspaceId, id] = parts;
  // The contract's schemas validate both ids: nothing unchecked reaches the attachment store.
  const outcome = await dispatch(options.handlers, 'attachments', 'get', { workspaceId, id });
  if (!outcome.ok) {
    log.warn(`attachment ${pathname}: ${outcome.error.message}`);
    return sendText(res, HTTP_STATUS[outcome.error.code], outcome.error.code);
  }
  const { mime, bytes } = outcome.value as { mime: string; bytes: Uint8Array };
  res.writeHead(200, { ...COMMON_HEADERS, ...attachmentHeaders(mime, ALLOWED_ATTACHMENT_MIME), 'Content-Length': bytes.byteLength });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}
