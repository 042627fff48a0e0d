/**
 * Which links may be opened outside the app. Parsed with `new URL`, never matched with
 * `startsWith`: only http(s) links to a host, and mailto, pass. Everything else (javascript:,
 * file:, data:, custom schemes, relative or unparsable text) is refused.
 */
import { MAX_URL_LENGTH } from './contract';

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export type ExternalUrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

export function checkExternalUrl(raw: unknown): ExternalUrlVerdict {
  if (typeof raw !== 'string') return { ok: false, reason: 'not a string' };
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: 'too long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return { ok: false, reason: `scheme ${url.protocol} is not allowed` };
  if (url.protocol !== 'mailto:' && url.hostname === '') return { ok: false, reason: 'no host' };
  return { ok: true, url: url.href };
}
