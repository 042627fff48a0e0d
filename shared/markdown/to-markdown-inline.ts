/**
 * ProseMirror inline content → mdast phrasing, for to-markdown.ts. Wiki links, embeds and
 * underline have no mdast node: they become `wikiLink` literals (written verbatim by our handler,
 * which also tells the neighbouring text what they start with, so `!` before a link gets escaped)
 * and `<u>`/`</u>` html, which the importer pairs back into the underline mark.
 *
 * Hazard: a wiki link target or label must not contain `[`, `]`, `|` or a line break, or the
 * link would not parse back; those characters are replaced (see linkText). Inside a table cell
 * the `|` separating target and label is written `\|`, as Obsidian does.
 */
import type { PhrasingContent } from 'mdast';
import type { PageId } from '../ids';
import { MARK_TYPES, type PMMark, type PMNode } from './doc';
import { isAttachmentSrc, isRemoteImageUrl } from './urls';

export interface ExportContext {
  /** The current title of a page, or null when it is gone. */
  titleOf(pageId: PageId): string | null;
  /** The path to write for an `attachment:` src (relative to the note), or null when missing. */
  pathOfAttachment(src: string): string | null;
  /** Written as a YAML block at the top when given and not empty. */
  frontmatter?: Record<string, unknown>;
}

export interface InlineOptions {
  ctx: ExportContext;
  /** Inside a table cell: the wiki link pipe is escaped. */
  inTable: boolean;
  /** Where a newline cannot go (table cells, headings): hard breaks are written `<br>`. */
  htmlBreaks: boolean;
}

/**
 * A page title made safe as a wiki link target: brackets would end the link, `|` would start the
 * label, a line break would end the line. The export service must name files the same way.
 */
export function linkText(value: string): string {
  return linkLabel(value).replace(/\|/g, '/');
}

/** A label may hold `|` (Obsidian splits at the first one only), but not brackets or breaks. */
const linkLabel = (value: string): string => value.replace(/[\r\n]+/g, ' ').replace(/\[/g, '(').replace(/\]/g, ')');

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * The target to write: the page's CURRENT title, unless the link as written already names that
 * page (same file name, any case, with or without a folder) — then it is kept, so an unchanged
 * vault exports byte-identical links. Same-page links stay `#Heading`.
 */
export function exportTarget(attrs: Record<string, unknown>, ctx: ExportContext): string {
  const target = typeof attrs.target === 'string' ? attrs.target : '';
  const hash = target.indexOf('#');
  const written = hash >= 0 ? target.slice(0, hash) : target;
  const section = hash >= 0 ? target.slice(hash) : typeof attrs.heading === 'string' && attrs.heading ? `#${attrs.heading}` : '';
  const title = typeof attrs.pageId === 'string' && written !== '' ? ctx.titleOf(attrs.pageId as PageId) : null;
  const page = title === null || basename(written).toLowerCase() === title.toLowerCase() ? written : title;
  return linkText(`${page}${section}`);
}

function wikiLink(n: PMNode, opts: InlineOptions): PhrasingContent {
  const attrs = n.attrs ?? {};
  const target = exportTarget(attrs, opts.ctx);
  const pipe = opts.inTable ? '\\|' : '|';
  const label = typeof attrs.label === 'string' && attrs.label ? linkLabel(attrs.label).replace(/\|/g, pipe) : null;
  const value = n.type === 'embed' ? `![[${target}]]` : `[[${target}${label ? `${pipe}${label}` : ''}]]`;
  return { type: 'wikiLink', value };
}

/** The URL an image is written with; null for a src that cannot be written (refused or missing). */
function imageUrl(src: unknown, ctx: ExportContext): string | null {
  if (typeof src !== 'string') return null;
  if (isRemoteImageUrl(src)) return src;
  if (!isAttachmentSrc(src)) return null;
  const path = ctx.pathOfAttachment(src);
  // A missing attachment keeps its reference: re-importing it into the same workspace restores it.
  return path === null ? src : encodeURI(path);
}

export function imagePhrasing(n: PMNode, ctx: ExportContext): PhrasingContent | null {
  const attrs = n.attrs ?? {};
  const url = imageUrl(attrs.src, ctx);
  if (url === null) return null;
  const alt = typeof attrs.alt === 'string' ? attrs.alt : '';
  const width = typeof attrs.width === 'number' && Number.isFinite(attrs.width) ? `|${Math.round(attrs.width)}` : '';
  const title = typeof attrs.title === 'string' && attrs.title ? attrs.title : null;
  return { type: 'image', url, alt: `${alt}${width}`, title };
}

/** Outermost first; `code` is not here: it is the leaf (inlineCode). */
const NESTING = MARK_TYPES.filter((m) => m !== 'code');

const markOf = (n: PMNode, type: string): PMMark | undefined => n.marks?.find((m) => m.type === type);
const sameMark = (a: PMMark | undefined, b: PMMark | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && JSON.stringify(a.attrs ?? {}) === JSON.stringify(b.attrs ?? {}));

function leaf(n: PMNode, opts: InlineOptions): PhrasingContent[] {
  switch (n.type) {
    case 'text':
      if (!n.text) return [];
      return [markOf(n, 'code') ? { type: 'inlineCode', value: n.text } : { type: 'text', value: n.text }];
    case 'hardBreak':
      return [opts.htmlBreaks ? { type: 'html', value: '<br>' } : { type: 'break' }];
    case HTML_BREAK:
      return [{ type: 'html', value: '<br>' }];
    case 'wikiLink':
    case 'embed':
      return [wikiLink(n, opts)];
    case 'image': {
      const image = imagePhrasing(n, opts.ctx);
      return image ? [image] : [];
    }
    default:
      return n.text ? [{ type: 'text', value: n.text }] : [];
  }
}

function wrap(type: string, mark: PMMark, children: PhrasingContent[]): PhrasingContent[] {
  switch (type) {
    case 'link': {
      const href = typeof mark.attrs?.href === 'string' ? mark.attrs.href : '';
      const title = typeof mark.attrs?.title === 'string' && mark.attrs.title ? mark.attrs.title : null;
      return [{ type: 'link', url: href, title, children }];
    }
    case 'bold':
      return [{ type: 'strong', children }];
    case 'italic':
      return [{ type: 'emphasis', children }];
    case 'strike':
      return [{ type: 'delete', children }];
    case 'underline':
      return [{ type: 'html', value: '<u>' }, ...children, { type: 'html', value: '</u>' }];
    default:
      return children;
  }
}

/** Groups runs of nodes sharing a mark, outermost mark first, so `**a *b* c**` stays one strong. */
function nest(nodes: PMNode[], level: number, opts: InlineOptions): PhrasingContent[] {
  const type = NESTING[level];
  if (type === undefined) return nodes.flatMap((n) => leaf(n, opts));
  const out: PhrasingContent[] = [];
  let i = 0;
  while (i < nodes.length) {
    const mark = markOf(nodes[i] as PMNode, type);
    let j = i + 1;
    while (j < nodes.length && sameMark(markOf(nodes[j] as PMNode, type), mark)) j += 1;
    const inner = nest(nodes.slice(i, j), level + 1, opts);
    out.push(...(mark ? wrap(type, mark, inner) : inner));
    i = j;
  }
  return out;
}

/** Internal stand-in for a hard break that must be written `<br>`. */
const HTML_BREAK = '<br>';

/**
 * A hard break is written as a plain newline only between other content: two in a row would
 * make a blank line (a paragraph break) and one at either end would vanish, so those are `<br>`.
 */
function markEdgeBreaks(nodes: readonly PMNode[]): PMNode[] {
  const isBreak = (n: PMNode | undefined) => n?.type === 'hardBreak';
  return nodes.map((n, i) => {
    if (!isBreak(n)) return n;
    const edge = i === 0 || i === nodes.length - 1 || isBreak(nodes[i - 1]) || isBreak(nodes[i + 1]);
    return edge ? { ...n, type: HTML_BREAK } : n;
  });
}

export function inlineToMdast(nodes: readonly PMNode[], opts: InlineOptions): PhrasingContent[] {
  return nest(markEdgeBreaks(nodes), 0, opts);
}
