/**
 * The renderer's Content-Security-Policy, built in one place and sent as a response header with
 * every page the app protocol serves (a header, not a <meta>, so `frame-ancestors` applies).
 */
import { ATTACHMENT_SCHEME } from '../../shared/bridge/preload-api';

export type CspDirectives = Readonly<Record<string, readonly string[]>>;

export const CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'self'"],
  // Only our own bundled scripts: no inline script, no eval, no remote code.
  'script-src': ["'self'"],
  // NOTE 'unsafe-inline' for styles only: TipTap injects its base stylesheet as a <style>
  // element, and ProseMirror node views and the collaboration carets set `style` attributes
  // (setAttribute('style', ...)), both of which CSP blocks without it. The remaining risk,
  // CSS injection, cannot exfiltrate anything: img-src, connect-src and font loads stay local.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', `${ATTACHMENT_SCHEME}:`],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function buildCsp(directives: CspDirectives = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The policy for a served attachment (an SVG could carry script): nothing runs, nothing loads. */
export const ATTACHMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
