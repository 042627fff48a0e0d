/**
 * Short invite codes, the joiner's side: ask every host we can reach (the signaling servers we
 * know: peers added by address, from earlier invites, or found by discovery) for the invite sealed
 * under the code, and open the first answer that authenticates. Hosts that do not know the code
 * answer 404; one that refuses us (429) is reported if nobody else answers.
 */
import { decodeInvitePayload, type Invite } from '../../../shared/crypto/invites';
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { deriveCodeSecrets, openInvite } from './code-crypto';
import { INVITE_LOOKUP_PATH } from './invite-codes';

const log = createLogger('code-lookup');

/** How long one host may take to answer. */
export const LOOKUP_TIMEOUT_MS = 4_000;
/** A sealed invite is a few KiB; more is not an answer. */
const MAX_ANSWER_BYTES = 16 * 1024;

export type FetchLike = (url: string, init: { signal: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

/** The HTTP origin of a signaling server's address (ws → http, wss → https); null if not one. */
export function lookupBase(signalingUrl: string): string | null {
  try {
    const url = new URL(signalingUrl);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
    return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
  } catch {
    return null; // not a URL: not a host to ask
  }
}

export async function lookupInviteCode(code: string, hosts: readonly string[], fetchImpl: FetchLike = fetch): Promise<Invite> {
  const bases = [...new Set(hosts.map(lookupBase).filter((b): b is string => b !== null))];
  if (bases.length === 0) {
    throw new CommonplaceError('not-found', 'no peer to ask for this code: add a peer by address, or paste the invite link');
  }
  const secrets = await deriveCodeSecrets(code);
  let refused = false;
  const ask = async (base: string): Promise<Invite> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), LOOKUP_TIMEOUT_MS);
    try {
      const response = await fetchImpl(`${base}${INVITE_LOOKUP_PATH}${secrets.lookupId}`, { signal: controller.signal });
      if (response.status === 429) refused = true;
      if (response.status !== 200) throw new Error(`${base} answered ${response.status}`);
      const blob = (await response.text()).trim();
      if (blob.length > MAX_ANSWER_BYTES) throw new Error(`${base} answered too much`);
      const plaintext = openInvite(blob, secrets);
      if (plaintext === null) throw new Error(`${base} answered something that does not open with this code`);
      const verdict = decodeInvitePayload(plaintext);
      if (!verdict.ok) throw new Error(`${base} sent a bad invite: ${verdict.reason}`);
      return verdict.invite;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    return await Promise.any(bases.map(ask));
  } catch (error) {
    for (const reason of error instanceof AggregateError ? error.errors : [error]) log.debug('code lookup', reason);
    if (refused) throw new CommonplaceError('forbidden', 'a peer refused: too many code attempts; wait ten minutes or paste the invite link');
    throw new CommonplaceError('not-found', `no peer we can reach knows this code (asked ${bases.length}); check it, or paste the invite link`);
  }
}
