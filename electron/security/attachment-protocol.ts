/**
 * What `cp-attachment://<workspaceId>/<attachmentId>` serves: a stored attachment's bytes, read
 * through the same validated dispatch as the bridge call `attachments.get`. Both ids are checked
 * (by the URL parser and again by the contract's schema); the type served is the stored one only
 * if it is an allowed image type, and the reply forbids sniffing and scripts (an SVG can hold
 * one). Electron glue lives in ../window.ts.
 */
import { ALLOWED_ATTACHMENT_MIME, type BridgeHandlers } from '../../shared/bridge/contract';
import { parseAttachmentUrl } from '../../shared/bridge/preload-api';
import { dispatch } from '../../shared/bridge/validate';
import type { ErrorCode } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { toBody, type ProtocolReply } from './app-protocol';
import { ATTACHMENT_CSP } from './csp';

const log = createLogger('attachment-protocol');

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  'invalid-argument': 400,
  forbidden: 403,
  'not-found': 404,
  'too-large': 413,
  unavailable: 503,
};

const plain = (status: number): ProtocolReply => ({ status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export async function serveAttachment(handlers: BridgeHandlers, rawUrl: string, method = 'GET'): Promise<ProtocolReply> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { Allow: 'GET, HEAD' } };
  const target = parseAttachmentUrl(rawUrl);
  if (!target) {
    log.warn(`refused ${JSON.stringify(rawUrl.slice(0, 200))}`);
    return plain(400);
  }
  const outcome = await dispatch(handlers, 'attachments', 'get', { workspaceId: target.workspaceId, id: target.id });
  if (!outcome.ok) {
    const status = STATUS_OF[outcome.error.code] ?? 500;
    if (status === 500) log.error(`cannot serve attachment ${target.id}: ${outcome.error.message}`);
    return plain(status);
  }
  const { bytes, mime } = outcome.value as { bytes: Uint8Array; mime: string };
  const headers = {
    'Content-Type': ALLOWED_ATTACHMENT_MIME.test(mime) ? mime : 'application/octet-stream',
    'Content-Security-Policy': ATTACHMENT_CSP,
    'X-Content-Type-Options': 'nosniff',
    // Content-addressed: the same URL always names the same bytes.
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
  return { status: 200, headers, body: method === 'HEAD' ? undefined : toBody(bytes) };
}
