/**
 * Which hrefs a link may carry, and how text typed into the link prompt becomes one.
 *
 * @safety Every href is parsed with `new URL` (against a placeholder base, so relative hrefs
 * resolve), never matched with `startsWith`: the URL parser strips the tabs, newlines and leading
 * control characters a browser strips, so `java\tscript:` and ` javascript:` are seen for what
 * they are. Only http(s), mailto and relative/internal hrefs pass; javascript:, data:, file:,
 * vbscript: and every other scheme are refused — when typed, pasted, parsed from HTML or rendered.
 */
import { MAX_URL_LENGTH } from '../../../shared/bridge/contract';

const ALLOWED_LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** Resolves relative hrefs for classification only; never shown, stored or followed. */
const RELATIVE_BASE = 'https://relative.invalid/';

/** True for http(s), mailto and relative hrefs (`/x`, `#y`, `./z`, `page`); false otherwise. */
export function isAllowedHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.trim() === '' || href.length > MAX_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(href, RELATIVE_BASE);
  } catch {
    return false;
  }
  return ALLOWED_LINK_PROTOCOLS.has(url.protocol);
}

const EXPLICIT_WEB_URL = /^(?:https?:\/\/|www\.)/i;
const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;

/**
 * Whether text typed in the editor becomes a link as you type or paste. Not a security check
 * (`isAllowedHref` is, on every href): it keeps `notes.md` or `v1.2` from turning into links,
 * which linkify would do for any word that ends in a top-level domain.
 */
export function shouldAutoLink(value: string): boolean {
  return EXPLICIT_WEB_URL.test(value) || EMAIL.test(value);
}

export type LinkInputVerdict =
  | { readonly kind: 'set'; readonly href: string }
  | { readonly kind: 'remove' }
  | { readonly kind: 'invalid'; readonly reason: string };

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const RELATIVE_START = /^(?:\/|#|\?|\.\.?\/)/;
const BARE_HOST = /^[^\s/?#]+\.[^\s/?#]{2,}(?:[/?#]\S*)?$/;

/**
 * Turns what a member typed into the link prompt into an href: empty removes the link, an
 * e-mail address becomes `mailto:`, a bare host (`example.org/x`) gets `https://`.
 */
export function parseLinkInput(raw: string): LinkInputVerdict {
  const text = raw.trim();
  if (text === '') return { kind: 'remove' };
  let href: string;
  if (EMAIL.test(text)) href = `mailto:${text}`;
  else if (HAS_SCHEME.test(text) || RELATIVE_START.test(text)) href = text;
  else if (BARE_HOST.test(text)) href = `https://${text}`;
  else return { kind: 'invalid', reason: 'Enter a web address, an e-mail address or a path' };
  if (!isAllowedHref(href)) return { kind: 'invalid', reason: 'Only http(s), mailto and relative links are allowed' };
  return { kind: 'set', href };
}
