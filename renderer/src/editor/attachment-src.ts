/**
 * Image sources in page documents. An uploaded image is stored as `attachment:<AttachmentId>`
 * (content-addressed, the same on every replica) and resolved to a URL only when rendered, through
 * the bridge; plain http(s) sources stay as they are. Anything else — `data:` (a document must not
 * carry megabytes of base64), `blob:`, `file:`, `javascript:` — is refused when parsed or inserted.
 */
import type { AttachmentId } from '../../../shared/ids';
import { isAttachmentId } from '../../../shared/ids';
import { ALLOWED_ATTACHMENT_MIME, MAX_ATTACHMENT_BYTES, MAX_URL_LENGTH } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';

export const ATTACHMENT_SCHEME = 'attachment:';

export const formatAttachmentSrc = (id: AttachmentId): string => `${ATTACHMENT_SCHEME}${id}`;

/** The attachment id in an `attachment:sha256-…` src, or null for anything else. */
export function parseAttachmentSrc(src: unknown): AttachmentId | null {
  if (typeof src !== 'string' || src.slice(0, ATTACHMENT_SCHEME.length) !== ATTACHMENT_SCHEME) return null;
  const id = src.slice(ATTACHMENT_SCHEME.length);
  return isAttachmentId(id) ? id : null;
}

export type ImageSource =
  | { readonly kind: 'attachment'; readonly id: AttachmentId }
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'refused' };

/** Classifies a stored or pasted image src. Remote sources must be absolute http(s) URLs with a host. */
export function classifyImageSrc(src: unknown): ImageSource {
  const id = parseAttachmentSrc(src);
  if (id) return { kind: 'attachment', id };
  if (typeof src !== 'string' || src.length > MAX_URL_LENGTH) return { kind: 'refused' };
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return { kind: 'refused' };
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') {
    return { kind: 'remote', url: url.href };
  }
  return { kind: 'refused' };
}

export const isAllowedImageSrc = (src: unknown): boolean => classifyImageSrc(src).kind !== 'refused';

/** What a File (or anything shaped like one) must satisfy before its bytes are read. */
export interface FileFacts {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

/** Null when the file may be uploaded as an image attachment; otherwise the error to show. */
export function checkImageFile(file: FileFacts): CommonplaceError | null {
  if (!ALLOWED_ATTACHMENT_MIME.test(file.type)) {
    return new CommonplaceError(
      'invalid-argument',
      `“${file.name}” is not an image Commonplace can attach (PNG, JPEG, GIF, WebP, AVIF or SVG).`,
    );
  }
  if (file.size > MAX_ATTACHMENT_BYTES) {
    const mib = Math.round(MAX_ATTACHMENT_BYTES / (1024 * 1024));
    return new CommonplaceError('too-large', `“${file.name}” is larger than ${mib} MB.`);
  }
  return null;
}
