/**
 * The checks that keep browser mode to its user: a session token (cookie or query parameter),
 * the Host header (DNS rebinding: a hostile site's name resolving to 127.0.0.1 still sends its
 * own name as Host) and the Origin header (another site's page opening our WebSocket). Each is a
 * pure function returning a verdict; the server logs every refusal.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes as base64url, unpadded
/** The query parameter that carries the token in the printed URL (and for non-browser clients). */
export const TOKEN_PARAM = 'token';
const DEFAULT_HTTP_PORT = 80;
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

export type GuardVerdict = { ok: true } | { ok: false; reason: string };
const refuse = (reason: string): GuardVerdict => ({ ok: false, reason });
const OK: GuardVerdict = { ok: true };

/** A random 256-bit session token, base64url. */
export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export const isWellFormedToken = (value: unknown): value is string => typeof value === 'string' && TOKEN_PATTERN.test(value);

/** Constant-time comparison; hashing first makes it constant-time in the length too. */
export function tokensEqual(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * @safety Cookies are scoped by host, not by port: every `serve` on 127.0.0.1 shares one cookie
 * jar, so the cookie's name carries the port, or two instances would overwrite each other's.
 */
export const cookieName = (port: number): string => `commonplace-session-${port}`;

/** HttpOnly (no script reads it), SameSite=Strict (no other site's request carries it). */
export function sessionCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface AuthRequest {
  /** The request target, e.g. `/bridge?token=...`. */
  readonly url: string | undefined;
  readonly cookie: string | undefined;
}

/** How a request proved it holds the token: its cookie, its `?token=`, or not at all. */
export function authenticate(request: AuthRequest, token: string, port: number): 'cookie' | 'query' | null {
  if (tokensEqual(token, parseCookies(request.cookie).get(cookieName(port)))) return 'cookie';
  const query = new URL(request.url ?? '/', 'http://request.invalid').searchParams.get(TOKEN_PARAM);
  if (query !== null && tokensEqual(token, query)) return 'query';
  return null;
}

export interface Served {
  readonly port: number;
  /** The address given to listen(); a wildcard accepts any IP literal as Host. */
  readonly bindHost: string;
}

const HOST_PATTERN = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;

const bracketed = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** The Host header must name this server by loopback name, by its bind address, or by IP. */
export function checkHostHeader(header: string | undefined, served: Served): GuardVerdict {
  if (!header) return refuse('no Host header');
  const match = HOST_PATTERN.exec(header.toLowerCase());
  if (!match) return refuse(`malformed Host header ${JSON.stringify(header)}`);
  const name = match[1] ?? '';
  const port = match[2] === undefined ? DEFAULT_HTTP_PORT : Number(match[2]);
  if (port !== served.port) return refuse(`Host header ${JSON.stringify(header)} names another port`);
  const bind = bracketed(served.bindHost.toLowerCase());
  if (LOOPBACK_NAMES.has(name) || name === bind) return OK;
  if (WILDCARD_HOSTS.has(bind) && isIP(name.replace(/^\[|\]$/g, '')) !== 0) return OK;
  return refuse(`Host header ${JSON.stringify(header)} does not name this server`);
}

/**
 * A browser always sends Origin on a WebSocket handshake (and on CORS requests): it must be the
 * origin the page was served from. A request with no Origin is not from a web page (a test or a
 * script), and still needs the token.
 */
export function checkOrigin(origin: string | undefined, hostHeader: string): GuardVerdict {
  if (origin === undefined) return OK;
  try {
    // Through URL, so `http://127.0.0.1` and Host `127.0.0.1:80` are the same origin.
    if (new URL(origin).origin === new URL(`http://${hostHeader}`).origin) return OK;
  } catch {
    return refuse(`malformed origin ${JSON.stringify(origin)}`);
  }
  return refuse(`origin ${JSON.stringify(origin)} is not this server's`);
}
