/**
 * What a Markdown link or image destination may become in a document.
 *
 * Links: an allow-list, not a block-list. http(s) and mailto stay links; destinations without a
 * scheme (relative paths, `#anchors`) stay links too, since they open nothing by themselves (the
 * renderer opens links only through checkExternalUrl). Every other scheme — javascript:, data:,
 * vbscript:, file:, obsidian:, … — becomes plain text. The scheme is read the way a browser
 * reads it (WHATWG URL: leading C0/space trimmed, tab and newline removed, case-folded), so
 * `\tjava\nscript:` and `JaVaScRiPt:` are caught; micromark has already decoded `&#106;`-style
 * character references in the destination.
 */

const ALLOWED_LINK_SCHEMES = new Set(['http', 'https', 'mailto']);
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The scheme (lower case, no colon) a browser would see, or null for a scheme-less reference. */
export function schemeOf(raw: string): string | null {
  // eslint-disable-next-line no-control-regex -- C0 controls are exactly what a browser strips
  const cleaned = raw.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const match = SCHEME.exec(cleaned);
  return match?.[1] ? match[1].toLowerCase() : null;
}

export type LinkVerdict = { kind: 'link'; href: string } | { kind: 'text'; reason: string };

export function classifyLinkHref(raw: string): LinkVerdict {
  const scheme = schemeOf(raw);
  if (scheme === null || ALLOWED_LINK_SCHEMES.has(scheme)) return { kind: 'link', href: raw };
  return { kind: 'text', reason: `link with the scheme ${scheme}: kept as plain text` };
}

/** True for an absolute http(s) URL with a host: the only remote image source a document keeps. */
export function isRemoteImageUrl(raw: string): boolean {
  const scheme = schemeOf(raw);
  if (scheme !== 'http' && scheme !== 'https') return false;
  try {
    return new URL(raw).hostname !== '';
  } catch {
    return false;
  }
}

const ATTACHMENT_SRC = /^attachment:sha256-[0-9a-f]{64}$/;

/** `attachment:sha256-<hex>`: a stored attachment reference, kept as is when re-imported. */
export const isAttachmentSrc = (raw: string): boolean => ATTACHMENT_SRC.test(raw);

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'avif']);

/** Whether an embed target names an image file (Obsidian decides by extension too). */
export function isImagePath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/** Percent-decodes a relative path (`my%20image.png`); leaves it as written when malformed. */
export function decodePath(raw: string): string {
  try {
    return decodeURI(raw);
  } catch {
    return raw;
  }
}

/** Where a Markdown link points at another note: a scheme-less `.md` path, decoded, no `#part`. */
export function internalNoteTarget(href: string): { page: string; heading: string | null } | null {
  if (schemeOf(href) !== null || href.startsWith('#')) return null;
  const hash = href.indexOf('#');
  const path = decodePath(hash >= 0 ? href.slice(0, hash) : href);
  if (!/\.md$/i.test(path)) return null;
  const heading = hash >= 0 ? decodePath(href.slice(hash + 1)) || null : null;
  return { page: path.replace(/\.md$/i, ''), heading };
}
