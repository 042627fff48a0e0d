/**
 * What `app://commonplace/<path>` serves: files under the built renderer directory, and nothing
 * outside it. The URL is parsed, its path percent-decoded once, resolved against the root and
 * checked to still be inside it; anything else is 404. Every page carries the CSP header.
 * Electron glue (protocol.handle → Response) lives in ../window.ts.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { createLogger } from '../../shared/log';
import { parseAppUrl } from './app-origin';
import { buildCsp } from './csp';

const log = createLogger('app-protocol');
const INDEX_FILE = 'index.html';

export interface ProtocolReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array<ArrayBuffer>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** A view of `bytes` typed for a Response body, copying only if it sits on a SharedArrayBuffer. */
export const toBody = (bytes: Uint8Array): Uint8Array<ArrayBuffer> =>
  bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);

export const contentTypeOf = (path: string): string =>
  CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/** The file `rawUrl` names under `rootDir`, or undefined if it is not ours or escapes the root. */
export function resolveAppFile(rootDir: string, rawUrl: string): string | undefined {
  const url = parseAppUrl(rawUrl);
  if (!url) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined; // malformed percent-encoding
  }
  // NUL truncates paths in native code; a backslash is a separator on Windows that the URL
  // parser did not treat as one, so `..\` would slip past its dot-segment removal.
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const root = resolve(rootDir);
  const file = resolve(root, path === '/' ? INDEX_FILE : `.${path}`);
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return file;
}

const notFound: ProtocolReply = { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };

export async function serveAppFile(rootDir: string, rawUrl: string, method = 'GET'): Promise<ProtocolReply> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { Allow: 'GET, HEAD' } };
  const file = resolveAppFile(rootDir, rawUrl);
  if (!file) {
    log.warn(`refused ${JSON.stringify(rawUrl.slice(0, 200))}`);
    return notFound;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') log.error(`cannot read ${file}`, error);
    return notFound;
  }
  const headers = {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': buildCsp(),
    'X-Content-Type-Options': 'nosniff',
  };
  return { status: 200, headers, body: method === 'HEAD' ? undefined : toBody(bytes) };
}
