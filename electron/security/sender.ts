/**
 * The IPC sender check (VS Code's pattern): every message into the main process must come from
 * the main frame of our own page, on one of our channels. Plain data in, verdict out, so it is
 * tested in Node; `../ipc/` builds the `SenderInfo` from Electron's event. Each refusal is
 * logged: a refusal is either an attack or a bug, and both should be seen.
 */
import { CHANNEL_PREFIX } from '../../shared/bridge/contract';
import { createLogger } from '../../shared/log';
import { parseAppUrl } from './app-origin';

const log = createLogger('ipc-sender');

export interface SenderInfo {
  /** The URL of the frame that sent the message (`event.senderFrame.url`); '' when unknown. */
  readonly url: string;
  /** True only for a top-level frame (`senderFrame.parent === null`). */
  readonly isMainFrame: boolean;
  readonly channel: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function judgeSender({ url, isMainFrame, channel }: SenderInfo): SenderVerdict {
  if (typeof channel !== 'string' || !channel.startsWith(CHANNEL_PREFIX) || channel === CHANNEL_PREFIX) {
    // A channel name is ours to choose, so a prefix test is exact here (unlike a URL).
    return { ok: false, reason: 'unknown channel' };
  }
  if (!parseAppUrl(url)) return { ok: false, reason: `sender ${describe(url)} is not the app` };
  if (isMainFrame !== true) return { ok: false, reason: 'sender is not the main frame' };
  return { ok: true };
}

/** `judgeSender`, logging every refusal. */
export function isSenderAllowed(sender: SenderInfo): boolean {
  const verdict = judgeSender(sender);
  if (!verdict.ok) log.error(`refused IPC on ${JSON.stringify(sender.channel)}: ${verdict.reason}`);
  return verdict.ok;
}

const MAX_LOGGED_URL = 200;
const describe = (url: unknown): string =>
  typeof url === 'string' && url !== '' ? JSON.stringify(url.slice(0, MAX_LOGGED_URL)) : '(no URL)';
