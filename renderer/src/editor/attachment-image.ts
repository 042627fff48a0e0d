/**
 * The image node: TipTap's Image, with `src` holding either `attachment:<AttachmentId>` or an
 * http(s) URL (see attachment-src.ts). Attachments are resolved to a displayable URL only in
 * renderHTML, through `resolveAttachment` (the bridge), so the stored document never depends on
 * how this replica serves attachments. The rendered <img> also carries `data-attachment`, so an
 * image copied from one page and pasted into another keeps its stable reference.
 */
import { Image, type ImageOptions } from '@tiptap/extension-image';
import { nodeInputRule } from '@tiptap/core';
import type { AttachmentId } from '../../../shared/ids';
import { isAttachmentId } from '../../../shared/ids';
import { classifyImageSrc, formatAttachmentSrc, isAllowedImageSrc } from './attachment-src';

export interface AttachmentImageOptions extends ImageOptions {
  /** A URL for an attachment of the open workspace; null renders attachments without a src. */
  resolveAttachment: ((id: AttachmentId) => string) | null;
}

/** The stable src of a parsed <img>: its attachment reference if it has one, else its src if allowed. */
export function srcFromImageElement(element: HTMLElement): string | null {
  const attachment = element.getAttribute('data-attachment');
  if (isAttachmentId(attachment)) return formatAttachmentSrc(attachment);
  const src = element.getAttribute('src');
  return isAllowedImageSrc(src) ? src : null;
}

/** The HTML attributes an image src renders as. */
export function renderImageSrc(
  src: unknown,
  resolveAttachment: AttachmentImageOptions['resolveAttachment'],
): Record<string, string> {
  const source = classifyImageSrc(src);
  switch (source.kind) {
    case 'attachment':
      return resolveAttachment
        ? { src: resolveAttachment(source.id), 'data-attachment': source.id }
        : { 'data-attachment': source.id };
    case 'remote':
      return { src: source.url };
    case 'refused':
      return { 'data-refused-src': '' };
  }
}

/**
 * `![alt](src "title")` typed in the editor — Image's own rule, narrowed to the sources we allow
 * (an input rule cannot refuse a match, so the pattern must not match anything else).
 */
const MARKDOWN_IMAGE = /(?:^|\s)(!\[(.+|:?)]\(((?:attachment:sha256-[0-9a-f]{64})|(?:https?:\/\/\S+))(?:(?:\s+)["'](\S+)["'])?\))$/;

export const AttachmentImage = Image.extend<AttachmentImageOptions>({
  addOptions() {
    return {
      inline: false,
      allowBase64: false,
      HTMLAttributes: { class: 'cp-image' },
      resize: {
        enabled: true,
        directions: ['bottom-left', 'bottom-right'],
        alwaysPreserveAspectRatio: true,
        minWidth: 48,
        minHeight: 48,
      },
      resolveAttachment: null,
    };
  },

  addAttributes() {
    return {
      ...this.parent?.(),
      src: {
        default: null,
        parseHTML: (element) => srcFromImageElement(element),
        renderHTML: (attributes) => renderImageSrc(attributes.src, this.options.resolveAttachment),
      },
    };
  },

  parseHTML() {
    // `data:` and every other refused source are dropped here, before they reach the document.
    return [{ tag: 'img', getAttrs: (element) => (srcFromImageElement(element) ? null : false) }];
  },

  addCommands() {
    return {
      setImage:
        (options) =>
        ({ commands }) =>
          isAllowedImageSrc(options.src) && commands.insertContent({ type: this.name, attrs: options }),
    };
  },

  addInputRules() {
    return [
      nodeInputRule({
        find: MARKDOWN_IMAGE,
        type: this.type,
        getAttributes: (match) => (isAllowedImageSrc(match[3]) ? { alt: match[2], src: match[3], title: match[4] } : {}),
      }),
    ];
  },
});
