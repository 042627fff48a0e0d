/**
 * The excerpt shown beside a backlink or a mention: the block's text as a reader sees it
 * (wiki links read as their current titles), cut to a window around the highlighted range at
 * word boundaries, with the highlight's offsets in the excerpt.
 */
import type { LinkContext } from '../../../shared/bridge/links';
import type { PageId } from '../../../shared/ids';
import type { LinkInline, TextBlock } from './page-text';

/** Characters kept on each side of the highlight before the excerpt is cut. */
export const CONTEXT_RADIUS = 80;
/** How far past the radius a cut may move to land on a space. */
const WORD_SLACK = 20;
const ELLIPSIS = '…';
export const UNTITLED = 'Untitled';

/** The current title of a page, '' for an untitled one, null when the page does not exist. */
export type TitleOf = (pageId: PageId) => string | null;

/** How a link reads: its label, else the linked page's current title, else the target as written. */
export function linkText(link: LinkInline, titleOf: TitleOf): string {
  if (link.label !== null && link.label !== '') return link.label;
  const title = link.pageId === null ? null : titleOf(link.pageId);
  if (title === null) return link.target || UNTITLED;
  return title.trim() === '' ? UNTITLED : title;
}

/** What to highlight: an inline (a link) by its index, or a source-text range (a mention). */
export type Highlight = { readonly inline: number } | { readonly start: number; readonly end: number };

/** How an embed's backlink reads: there is no paragraph around it, so say what it is. */
export const EMBED_PREFIX = 'Embedded: ';

export function blockContext(block: TextBlock, highlight: Highlight, titleOf: TitleOf): LinkContext {
  let text = block.kind === 'embed' ? EMBED_PREFIX : '';
  let source = 0;
  let from = 0;
  let to = 0;
  block.inlines.forEach((inline, index) => {
    const shown = inline.kind === 'text' ? inline.text.replace(/\s/g, ' ') : inline.kind === 'link' ? linkText(inline, titleOf) : ' ';
    const length = inline.kind === 'text' ? inline.text.length : 1;
    if ('inline' in highlight) {
      if (highlight.inline === index) [from, to] = [text.length, text.length + shown.length];
    } else if (inline.kind === 'text') {
      // A mention lies inside text runs, whose source and display offsets differ only by a shift.
      if (highlight.start >= source && highlight.start <= source + length) from = text.length + highlight.start - source;
      if (highlight.end >= source && highlight.end <= source + length) to = text.length + highlight.end - source;
    }
    text += shown;
    source += length;
  });
  return excerpt(text, from, to);
}

/** Cuts `text` to CONTEXT_RADIUS around [from, to), at spaces where one is near. */
export function excerpt(text: string, from: number, to: number): LinkContext {
  let start = Math.max(0, from - CONTEXT_RADIUS);
  let end = Math.min(text.length, to + CONTEXT_RADIUS);
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space >= 0 && start - space <= WORD_SLACK ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.indexOf(' ', end);
    end = space >= 0 && space - end <= WORD_SLACK ? space : end;
  }
  const head = start > 0 ? ELLIPSIS : '';
  const tail = end < text.length ? ELLIPSIS : '';
  const body = text.slice(start, end);
  const trimmedStart = body.length - body.trimStart().length;
  const core = body.trim();
  const offset = head.length - start - trimmedStart;
  return {
    text: head + core + tail,
    highlight: [Math.max(head.length, from + offset), Math.min(head.length + core.length, to + offset)],
  };
}
