/**
 * Short invite codes, the inviter's side: the invites this host made codes for, sealed under each
 * code's key (code-crypto.ts), served on its signaling server at `GET /invite/<lookup id>` for ten
 * minutes. Lookups are rate-limited per remote address and in total; a refused one gets 429.
 *
 * Nothing here needs the code after `add`: the host keeps only the lookup id and the sealed blob,
 * so even a dump of its memory after the code is gone reveals nothing more than a passive listener
 * learns.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger } from '../../../shared/log';
import { deriveCodeSecrets, sealInvite } from './code-crypto';
import { RateLimit, type RateLimitOptions } from './rate-limit';

const log = createLogger('invite-codes');

/** How long a code works. */
export const INVITE_CODE_TTL_MS = 10 * 60_000;
/** Codes alive at once (older ones are dropped first). */
export const MAX_LIVE_CODES = 64;
/** Lookups per remote address and in total, per ten minutes. */
export const LOOKUP_LIMITS: RateLimitOptions = { perKey: 20, total: 200, windowMs: 10 * 60_000 };
/** The lookup path; the id is 32 lowercase hex chars. */
export const INVITE_LOOKUP_PATH = '/invite/';
const LOOKUP_PATTERN = /^\/invite\/([0-9a-f]{32})$/;

interface Sealed {
  readonly blob: string;
  readonly expiresAt: number;
}

export interface InviteCodesOptions {
  readonly limits?: RateLimitOptions;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export class InviteCodes {
  private readonly live = new Map<string, Sealed>();
  private readonly limit: RateLimit;
  private readonly now: () => number;

  constructor(private readonly options: InviteCodesOptions = {}) {
    this.limit = new RateLimit(options.limits ?? LOOKUP_LIMITS);
    this.now = options.now ?? Date.now;
  }

  /** Serves `payload` (an encoded invite) under `code` until the returned time. */
  async add(code: string, payload: string): Promise<number> {
    const secrets = await deriveCodeSecrets(code);
    const expiresAt = this.now() + (this.options.ttlMs ?? INVITE_CODE_TTL_MS);
    this.purge();
    while (this.live.size >= MAX_LIVE_CODES) this.live.delete(this.live.keys().next().value as string);
    this.live.set(secrets.lookupId, { blob: sealInvite(payload, secrets), expiresAt });
    return expiresAt;
  }

  get size(): number {
    this.purge();
    return this.live.size;
  }

  /** For the signaling server's HTTP side: answers lookups, returns false for anything else. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const path = new URL(request.url ?? '/', 'http://request.invalid').pathname;
    if (!path.startsWith(INVITE_LOOKUP_PATH)) return false;
    const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
    const match = LOOKUP_PATTERN.exec(path);
    if (request.method !== 'GET' || !match?.[1]) {
      response.writeHead(400, headers).end('bad request\n');
      return true;
    }
    const from = request.socket.remoteAddress ?? 'unknown';
    if (!this.limit.attempt(from, this.now())) {
      log.warn(`refused an invite lookup from ${from}: too many attempts`);
      response.writeHead(429, { ...headers, 'retry-after': String(Math.ceil(LOOKUP_LIMITS.windowMs / 1000)) }).end('too many attempts\n');
      return true;
    }
    const sealed = this.lookup(match[1]);
    if (!sealed) {
      response.writeHead(404, headers).end('no such invite\n');
      return true;
    }
    response.writeHead(200, headers).end(sealed.blob);
    return true;
  }

  private lookup(lookupId: string): Sealed | null {
    const sealed = this.live.get(lookupId);
    if (!sealed) return null;
    if (sealed.expiresAt <= this.now()) {
      this.live.delete(lookupId);
      return null;
    }
    return sealed;
  }

  private purge(): void {
    const now = this.now();
    for (const [id, sealed] of this.live) if (sealed.expiresAt <= now) this.live.delete(id);
  }
}
