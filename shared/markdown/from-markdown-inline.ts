/**
 * mdast phrasing content → ProseMirror inline nodes (text with marks, hardBreak, wikiLink), plus
 * the block atoms `image` and `embed`, which the block converter lifts out of their paragraph.
 *
 * Policies (each one reported as a warning):
 * - soft line breaks become hardBreak: Obsidian shows a single newline as a line break by default;
 * - inline HTML is never markup: `<br>` is a hardBreak, a matched pair of a harmless formatting tag
 *   (`<u>…</u>`, `<b>`, `<span …>`, …) is unwrapped (its text kept, with a mark where one fits),
 *   comments are dropped, everything else (`<script>`, `<img onerror=…>`) stays literal text;
 * - links with a scheme other than http(s)/mailto keep their text and lose the link;
 * - a missing local image becomes the literal `![alt](path)` text.
 */
import type { Image, Link, PhrasingContent } from 'mdast';
import { hardBreakNode, imageNode, type ImageAttrs } from './nodes';
import { text as textNode, type PMMark, type PMNode } from './doc';
import type { ImportState } from './import-state';
import { parseWikiLinkRaw } from './wikilink-syntax';
import { classifyLinkHref, decodePath, internalNoteTarget, isAttachmentSrc, isImagePath, isRemoteImageUrl } from './urls';

/** Tags unwrapped when matched in the same parent; the value is the mark they carry, if any. */
const FORMAT_TAGS: Record<string, string | null> = {
  u: 'underline', ins: 'underline', b: 'bold', strong: 'bold', i: 'italic', em: 'italic',
  s: 'strike', del: 'strike', strike: 'strike', code: 'code',
  span: null, kbd: null, mark: null, sub: null, sup: null, small: null, big: null, font: null,
};
const OPEN_TAG = /^<([a-z]+)(?:\s[^<>]*)?>$/i;
const CLOSE_TAG = /^<\/([a-z]+)\s*>$/i;
const BREAK_TAG = /^<br\s*\/?>$/i;
const COMMENT = /^<!--[\s\S]*-->$/;
/** `alt|300` or `alt|300x200`: Obsidian's image size in the alt text. */
const SIZED_ALT = /^(.*?)\|(\d+)(?:x(\d+))?$/s;

/**
 * TipTap's code mark excludes every other mark (`excludes: '_'`), and ProseMirror refuses a text
 * node that carries both. Code inside a link keeps the link (and loses the monospace); code with
 * bold/italic/… keeps only code.
 */
function allowedMarks(marks: PMMark[]): PMMark[] {
  if (!marks.some((m) => m.type === 'code')) return marks;
  return marks.some((m) => m.type === 'link') ? marks.filter((m) => m.type !== 'code') : marks.filter((m) => m.type === 'code');
}

const text = (value: string, marks: PMMark[] = []): PMNode => textNode(value, allowedMarks(marks));

const withMark = (marks: PMMark[], mark: PMMark): PMMark[] =>
  marks.some((m) => m.type === mark.type) ? marks : [...marks, mark];

function textWithBreaks(value: string, marks: PMMark[]): PMNode[] {
  const out: PMNode[] = [];
  value.split('\n').forEach((line, index) => {
    if (index > 0) out.push(hardBreakNode());
    if (line !== '') out.push(text(line, marks));
  });
  return out;
}

/** Plain text of phrasing content (for labels of links that become wiki links). */
export function plainText(nodes: readonly PhrasingContent[]): string {
  return nodes
    .map((n) => ('value' in n ? n.value : 'children' in n ? plainText(n.children) : n.type === 'break' ? '\n' : ''))
    .join('');
}

function closingIndex(children: readonly PhrasingContent[], from: number, tag: string): number {
  let depth = 0;
  for (let j = from; j < children.length; j += 1) {
    const child = children[j];
    if (child?.type !== 'html') continue;
    if (OPEN_TAG.exec(child.value)?.[1]?.toLowerCase() === tag) depth += 1;
    else if (CLOSE_TAG.exec(child.value)?.[1]?.toLowerCase() === tag) {
      if (depth === 0) return j;
      depth -= 1;
    }
  }
  return -1;
}

function imageFrom(state: ImportState, url: string, altRaw: string | null, title: string | null, sourceText: string): PMNode[] {
  const sized = altRaw === null ? null : SIZED_ALT.exec(altRaw);
  const alt = (sized ? sized[1] : altRaw) || null;
  const attrs: ImageAttrs = { src: '', alt, title: title || null };
  if (sized?.[2]) attrs.width = Number(sized[2]);
  if (isAttachmentSrc(url) || isRemoteImageUrl(url)) return [imageNode({ ...attrs, src: url })];
  const verdict = classifyLinkHref(url);
  if (verdict.kind === 'text') {
    state.warn(`an image with a disallowed source was kept as text: ${verdict.reason}`);
    return [text(sourceText)];
  }
  const path = decodePath(url);
  const src = state.ctx.resolveImage(path);
  state.images.push({ path, attached: src !== null });
  if (src === null) {
    state.warn(`missing image kept as text: ${path}`);
    return [text(sourceText)];
  }
  return [imageNode({ ...attrs, src })];
}

function wikiLinkFrom(state: ImportState, raw: string): PMNode[] {
  const link = parseWikiLinkRaw(raw);
  if (link.target === '') return [text(raw)]; // `[[|label]]` names nothing: Obsidian shows it as text too
  if (link.embed && isImagePath(link.page)) {
    const width = link.label && /^\d+(x\d+)?$/.test(link.label) ? Number(link.label.split('x')[0]) : null;
    const alt = width === null ? link.label : null;
    return imageFrom(state, link.page, width === null ? alt : `${alt ?? ''}|${width}`, null, raw);
  }
  const samePage = link.page === '';
  const pageId = samePage ? (state.ctx.selfPageId ?? null) : state.ctx.resolveLink(link.page);
  state.links.push({ target: link.target, resolved: samePage || pageId !== null, kind: link.embed ? 'embed' : 'wikiLink' });
  if (link.embed) return [{ type: 'embed', attrs: { pageId, target: link.target } }];
  return [{ type: 'wikiLink', attrs: { pageId, target: link.target, label: link.label, heading: link.heading } }];
}

function linkFrom(state: ImportState, node: Pick<Link, 'url' | 'children' | 'title'>, marks: PMMark[]): PMNode[] {
  const internal = internalNoteTarget(node.url);
  if (internal) {
    const pageId = state.ctx.resolveLink(internal.page);
    const target = internal.heading ? `${internal.page}#${internal.heading}` : internal.page;
    state.links.push({ target, resolved: pageId !== null, kind: 'markdown' });
    const label = plainText(node.children) || null;
    return [{ type: 'wikiLink', attrs: { pageId, target, label, heading: internal.heading } }];
  }
  const verdict = classifyLinkHref(node.url);
  if (verdict.kind === 'text') {
    state.warn(verdict.reason);
    return inlineToPM(state, node.children, marks);
  }
  const attrs = node.title ? { href: verdict.href, title: node.title } : { href: verdict.href };
  return inlineToPM(state, node.children, withMark(marks, { type: 'link', attrs }));
}

function htmlFrom(state: ImportState, value: string, marks: PMMark[]): PMNode[] {
  if (BREAK_TAG.test(value)) return [hardBreakNode()];
  if (COMMENT.test(value)) {
    state.warn('HTML comment dropped');
    return [];
  }
  state.warn('inline HTML kept as plain text');
  return [text(value, marks)];
}

const sourceOf = (state: ImportState, node: PhrasingContent, fallback: string): string => {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? state.source.slice(start, end) : fallback;
};

function phrasingToPM(state: ImportState, node: PhrasingContent, marks: PMMark[]): PMNode[] {
  switch (node.type) {
    case 'text':
      return textWithBreaks(node.value, marks);
    case 'emphasis':
      return inlineToPM(state, node.children, withMark(marks, { type: 'italic' }));
    case 'strong':
      return inlineToPM(state, node.children, withMark(marks, { type: 'bold' }));
    case 'delete':
      return inlineToPM(state, node.children, withMark(marks, { type: 'strike' }));
    case 'inlineCode':
      return node.value ? [text(node.value, withMark(marks, { type: 'code' }))] : [];
    case 'break':
      return [hardBreakNode()];
    case 'link':
      return linkFrom(state, node, marks);
    case 'linkReference': {
      const definition = state.definitions.get(node.identifier);
      if (definition) return linkFrom(state, { url: definition.url, title: definition.title ?? null, children: node.children }, marks);
      return [text(sourceOf(state, node, plainText(node.children)), marks)];
    }
    case 'image':
      return imageFrom(state, node.url, node.alt ?? null, node.title ?? null, sourceOf(state, node, `![${node.alt ?? ''}](${node.url})`));
    case 'imageReference': {
      const definition = state.definitions.get(node.identifier);
      const source = sourceOf(state, node, node.alt ?? '');
      if (!definition) return [text(source, marks)];
      const image: Image = { type: 'image', url: definition.url, alt: node.alt ?? null, title: definition.title ?? null };
      return imageFrom(state, image.url, image.alt ?? null, image.title ?? null, source);
    }
    case 'wikiLink':
      return wikiLinkFrom(state, node.value);
    case 'html':
      return htmlFrom(state, node.value, marks);
    case 'footnoteReference':
      state.warn('footnote reference kept as text');
      return [text(`[^${node.label ?? node.identifier}]`, marks)];
    default: {
      // Every phrasing type the parser can emit is handled above; a new one degrades to text.
      const other: { type: string } = node;
      state.warn(`unsupported inline ${other.type} kept as text`);
      return [text(sourceOf(state, node, ''), marks)];
    }
  }
}

/** Converts a phrasing list, pairing formatting HTML tags that open and close in it. */
export function inlineToPM(state: ImportState, children: readonly PhrasingContent[], marks: PMMark[] = []): PMNode[] {
  const out: PMNode[] = [];
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i];
    if (!child) continue;
    const tag = child.type === 'html' ? OPEN_TAG.exec(child.value)?.[1]?.toLowerCase() : undefined;
    if (tag !== undefined && tag in FORMAT_TAGS) {
      const end = closingIndex(children, i + 1, tag);
      if (end > i) {
        const mark = FORMAT_TAGS[tag];
        state.warn(`HTML <${tag}> tags removed, their text kept`);
        out.push(...inlineToPM(state, children.slice(i + 1, end), mark ? withMark(marks, { type: mark }) : marks));
        i = end;
        continue;
      }
    }
    out.push(...phrasingToPM(state, child, marks));
  }
  return out;
}
