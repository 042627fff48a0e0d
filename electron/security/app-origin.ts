/**
 * The app's own origin. The renderer is served from `app://commonplace/` (a privileged custom
 * scheme, see ../window.ts), so "is this our page?" is a question about a parsed URL: scheme and
 * host compared exactly, never a `startsWith` on the string.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'commonplace';
export const APP_ROOT_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** Parses `raw`; undefined unless it is `app://commonplace/...` with no credentials or port. */
export function parseAppUrl(raw: unknown): URL | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  // `host` includes any port, so `commonplace:80` fails; credentials would let
  // `app://commonplace@evil/` pass a check on the text before the host.
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url;
}

export const isAppUrl = (raw: unknown): boolean => parseAppUrl(raw) !== undefined;
