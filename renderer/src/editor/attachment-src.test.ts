import { describe, expect, it } from 'vitest';
import type { AttachmentId } from '../../../shared/ids';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/bridge/contract';
import { checkImageFile, classifyImageSrc, formatAttachmentSrc, isAllowedImageSrc, parseAttachmentSrc } from './attachment-src';
import { renderImageSrc } from './attachment-image';

const ID = `sha256-${'ab'.repeat(32)}` as AttachmentId;

describe('attachment src', () => {
  it('round-trips an attachment id', () => {
    expect(formatAttachmentSrc(ID)).toBe(`attachment:${ID}`);
    expect(parseAttachmentSrc(formatAttachmentSrc(ID))).toBe(ID);
  });

  it.each([
    'attachment:',
    'attachment:sha256-xyz',
    `attachment:sha256-${'AB'.repeat(32)}`,
    `attachment:${ID} `,
    ` attachment:${ID}`,
    ID,
    `https://example.org/${ID}`,
    null,
    42,
  ])('parses %j as no attachment', (src) => expect(parseAttachmentSrc(src)).toBeNull());
});

describe('classifyImageSrc', () => {
  it('accepts attachments and absolute http(s) URLs', () => {
    expect(classifyImageSrc(`attachment:${ID}`)).toEqual({ kind: 'attachment', id: ID });
    expect(classifyImageSrc('https://example.org/a.png')).toEqual({ kind: 'remote', url: 'https://example.org/a.png' });
    expect(isAllowedImageSrc('http://example.org/a.png')).toBe(true);
  });

  it.each([
    'data:image/png;base64,iVBORw0KGgo=',
    'blob:https://example.org/uuid',
    'file:///tmp/a.png',
    'javascript:alert(1)',
    '/relative.png',
    'a.png',
    '',
    undefined,
  ])('refuses %j', (src) => expect(isAllowedImageSrc(src)).toBe(false));
});

describe('renderImageSrc', () => {
  const resolve = (id: AttachmentId) => `cp-attachment://ws/${id}`;

  it('resolves attachments through the bridge and keeps the stable reference', () => {
    expect(renderImageSrc(`attachment:${ID}`, resolve)).toEqual({ src: `cp-attachment://ws/${ID}`, 'data-attachment': ID });
  });

  it('renders no src for refused sources', () => {
    expect(renderImageSrc('javascript:alert(1)', resolve)).not.toHaveProperty('src');
    expect(renderImageSrc('data:image/png;base64,AAAA', resolve)).not.toHaveProperty('src');
  });
});

describe('checkImageFile', () => {
  it('accepts the image types the host stores', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/svg+xml']) {
      expect(checkImageFile({ name: 'x', type, size: 10 })).toBeNull();
    }
  });

  it('refuses other files', () => {
    expect(checkImageFile({ name: 'notes.pdf', type: 'application/pdf', size: 10 })?.code).toBe('invalid-argument');
    expect(checkImageFile({ name: 'x', type: '', size: 10 })?.code).toBe('invalid-argument');
  });

  it('refuses files over the attachment limit', () => {
    expect(checkImageFile({ name: 'big.png', type: 'image/png', size: MAX_ATTACHMENT_BYTES })).toBeNull();
    expect(checkImageFile({ name: 'big.png', type: 'image/png', size: MAX_ATTACHMENT_BYTES + 1 })?.code).toBe('too-large');
  });
});
