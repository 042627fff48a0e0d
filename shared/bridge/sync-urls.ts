/**
 * Addresses peer sync may be told to use: signaling servers (`ws://` / `wss://` only) and ICE
 * servers (`stun:` / `stuns:` / `turn:` / `turns:` only). They come from members typing them, from
 * invites (written by another member's host) and from settings files: each is parsed with `new URL`
 * or a strict pattern, never prefix-matched, and returned in one normal form so lists dedupe.
 */

export const MAX_SYNC_URL_LENGTH = 200;

export type UrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

const refuse = (reason: string): UrlVerdict => ({ ok: false, reason });

/**
 * A signaling server's address: ws:// or wss://, a host, no credentials, no fragment. Normal form:
 * `ws://host:port` plus the path and query when they are not empty (no trailing `/`).
 */
export function checkSignalingUrl(text: unknown): UrlVerdict {
  if (typeof text !== 'string') return refuse('not text');
  const trimmed = text.trim();
  if (trimmed.length === 0) return refuse('empty');
  if (trimmed.length > MAX_SYNC_URL_LENGTH) return refuse(`longer than ${MAX_SYNC_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return refuse('not a URL');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return refuse(`a signaling address starts with ws:// or wss://, not ${url.protocol}//`);
  if (url.hostname === '') return refuse('no host');
  if (url.username !== '' || url.password !== '') return refuse('credentials in the address');
  if (url.hash !== '') return refuse('a fragment in the address');
  const path = url.pathname === '/' ? '' : url.pathname;
  return { ok: true, url: `${url.protocol}//${url.host}${path}${url.search}` };
}

const ICE_SCHEMES = new Set(['stun', 'stuns', 'turn', 'turns']);
/** `host[:port][?transport=udp|tcp]` after the scheme (RFC 7064 / 7065). */
const ICE_REST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?(?:\?transport=(?:udp|tcp))?$/;
const MAX_PORT = 65_535;

/** A STUN or TURN server's address (`stun:host:port`, `turns:host?transport=tcp`, …). */
export function checkIceUrl(text: unknown): UrlVerdict {
  if (typeof text !== 'string') return refuse('not text');
  const trimmed = text.trim();
  if (trimmed.length === 0) return refuse('empty');
  if (trimmed.length > MAX_SYNC_URL_LENGTH) return refuse(`longer than ${MAX_SYNC_URL_LENGTH} characters`);
  const colon = trimmed.indexOf(':');
  const scheme = colon > 0 ? trimmed.slice(0, colon).toLowerCase() : '';
  if (!ICE_SCHEMES.has(scheme)) return refuse('an ICE server address starts with stun:, stuns:, turn: or turns:');
  const rest = trimmed.slice(colon + 1);
  const match = ICE_REST.exec(rest);
  if (!match) return refuse('expected host[:port][?transport=udp|tcp] after the scheme');
  if (match[1] !== undefined && Number(match[1]) > MAX_PORT) return refuse('port out of range');
  return { ok: true, url: `${scheme}:${rest}` };
}

/** The signaling addresses in `list` that pass, normalised and deduplicated, in order. */
export function cleanSignalingUrls(list: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const item of list) {
    const verdict = checkSignalingUrl(item);
    if (verdict.ok && !out.includes(verdict.url)) out.push(verdict.url);
  }
  return out;
}
