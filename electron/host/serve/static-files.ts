/**
 * Serving the built renderer: which file a request path names (never one outside the root), its
 * content type, and the security headers of every response. Pure; `http-server.ts` does the I/O.
 */
import { extname, join, normalize, sep } from 'node:path';

export const INDEX_FILE = 'index.html';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
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
  '.wasm': 'application/wasm',
};
const FALLBACK_TYPE = 'application/octet-stream';

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? FALLBACK_TYPE;
}

/**
 * The file under `root` that a URL pathname names, or null when it names none: `..` segments,
 * encoded separators, NUL bytes and malformed escapes are refused rather than resolved.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  if (segments.length === 0) segments.push(INDEX_FILE);
  const base = normalize(root);
  const path = normalize(join(base, ...segments));
  const prefix = base.endsWith(sep) ? base : base + sep;
  return path.startsWith(prefix) ? path : null;
}

/** The page's Content-Security-Policy: like the desktop app's, plus this server's WebSocket. */
export function pageCsp(hostHeader: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // ProseMirror and React set style attributes; no inline <style> or script is needed beyond that.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://${hostHeader}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response of this server, whatever it is. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * An attachment is untrusted content (an SVG can carry script): served sandboxed, never sniffed,
 * and as an image type we allow or as opaque bytes.
 */
export function attachmentHeaders(mime: string, allowed: RegExp): Record<string, string> {
  return {
    'Content-Type': allowed.test(mime) ? mime : FALLBACK_TYPE,
    'Content-Security-Policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'",
    // Content-addressed: the same URL always names the same bytes.
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}
