/**
 * `commonplace://` deep links (invites: `commonplace://join/...`). A link arrives from the OS as
 * a command-line argument (Windows, Linux) or an `open-url` event (macOS); it is parsed here and
 * nothing else is trusted about it. An invite carries a workspace key: never log a link whole.
 */
import { MAX_URL_LENGTH } from '../../shared/bridge/contract';

export const DEEP_LINK_SCHEME = 'commonplace';

export interface DeepLink {
  /** The first part after the scheme, e.g. `join`: safe to log. */
  readonly action: string;
  /** The whole link, for the renderer to act on. May hold secrets. */
  readonly url: string;
}

const ACTION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export function parseDeepLink(raw: unknown): DeepLink | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.username || url.password || url.port) return undefined;
  // `commonplace://join/...` parses with host `join`; accept `commonplace:join/...` too.
  const action = url.host || url.pathname.split('/')[0] || '';
  if (!ACTION_PATTERN.test(action)) return undefined;
  return { action, url: url.href };
}

/** The first deep link among command-line arguments (how Windows and Linux deliver them). */
export function findDeepLink(argv: readonly string[]): DeepLink | undefined {
  for (const arg of argv) {
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return undefined;
}
