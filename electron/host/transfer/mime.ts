/** Image types by file extension and back: the ones the attachment store accepts. */
import { ALLOWED_ATTACHMENT_MIME } from '../../../shared/bridge/contract';

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

const EXTENSION_BY_MIME: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
};

/** The stored type of an image file, or null when the attachment store would refuse it. */
export function imageMimeOf(path: string): string | null {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const mime = MIME_BY_EXTENSION[extension];
  return mime !== undefined && ALLOWED_ATTACHMENT_MIME.test(mime) ? mime : null;
}

export const extensionOfMime = (mime: string): string => EXTENSION_BY_MIME[mime] ?? 'bin';
