/**
 * Builders and attribute shapes of the atoms and the new nodes this layer introduces (the
 * editor adds matching TipTap extensions later; index.ts documents the shapes for it).
 */
import type { PageId } from '../ids';
import type { PMNode } from './doc';

export interface ImageAttrs {
  /** `attachment:sha256-<hex>` or an absolute http(s) URL; nothing else. */
  src: string;
  alt: string | null;
  title: string | null;
  /** Pixels, from Obsidian's `![[x.png|300]]` / `![alt|300](x.png)`; absent when not given. */
  width?: number;
}

/** Inline atom. */
export interface WikiLinkAttrs {
  /** The linked page, or null when the target did not resolve (or a same-page link with no self id). */
  pageId: PageId | null;
  /** The target as written, unescaped, without the label: `Page`, `folder/Page#Heading`, `#Heading`. */
  target: string;
  /** The text after `|`, or null (then the editor shows the page's current title). */
  label: string | null;
  /** The part after `#` (a heading, or `^block` id), or null. */
  heading: string | null;
}

/** Block atom, for `![[Note]]` / `![[Note#Section]]` (a transclusion of a note, not of an image). */
export interface EmbedAttrs {
  pageId: PageId | null;
  target: string;
}

/** Block node containing blocks (at least one). */
export interface CalloutAttrs {
  /** Lower-case callout type as written: note, tip, warning, info, released, … */
  kind: string;
  /** The header text after `[!kind]` as raw Markdown source (not rendered), or null. */
  title: string | null;
  /** `-` → true (folded), `+` → false (foldable, open), no sign → null (not foldable). */
  folded: boolean | null;
}

export const hardBreakNode = (): PMNode => ({ type: 'hardBreak' });

export const imageNode = (attrs: ImageAttrs): PMNode => ({ type: 'image', attrs: { ...attrs } });

export const calloutNode = (attrs: CalloutAttrs, content: PMNode[]): PMNode => ({
  type: 'callout',
  attrs: { ...attrs },
  content,
});
