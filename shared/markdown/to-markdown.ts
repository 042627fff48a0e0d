/**
 * docToMarkdown: a page document → Obsidian-flavoured Markdown that markdownToDoc reads back into
 * the same document (after normalizeDoc).
 *
 * Choices (each one chosen so the import reads it back identically):
 * - wiki links `[[Title]]`, `[[Title|label]]`, `[[Title#Heading]]` by the page's CURRENT title
 *   (ctx.titleOf); a link to a page that is gone keeps its target as written;
 * - images `![alt](path "title")`, with Obsidian's `![alt|300](path)` for a width; a missing
 *   attachment keeps its `attachment:` src;
 * - a hard break is a plain newline (Obsidian shows a newline as a line break, and the importer
 *   reads a newline back as a hard break); inside a table cell it is `<br>`;
 * - a callout is a blockquote whose first line is `[!kind]±title`, its body after a `>` line;
 * - a table cell holding several blocks is written on one line, blocks joined by `<br>`;
 * - empty paragraphs are left out (Markdown has none), except as a cell's only content.
 */
import type { BlockContent, DefinitionContent, ListItem, PhrasingContent, Root, RootContent, TableCell, TableRow } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown, type Handle, type Options } from 'mdast-util-to-markdown';
import type { PMJson, PMNode } from './doc';
import { stringifyFrontmatter } from './frontmatter';
import { imagePhrasing, inlineToMdast, type ExportContext } from './to-markdown-inline';
import type { WikiLinkMdast } from './wikilink-syntax';

export type { ExportContext } from './to-markdown-inline';

type Block = BlockContent | DefinitionContent;

const plainTextOf = (n: PMNode): string =>
  n.type === 'text' ? (n.text ?? '') : n.type === 'hardBreak' ? '\n' : (n.content ?? []).map(plainTextOf).join(n.type === 'paragraph' ? '' : '\n');

const isEmptyParagraph = (b: Block): boolean => b.type === 'paragraph' && b.children.length === 0;

function blocks(nodes: readonly PMNode[] | undefined, ctx: ExportContext): Block[] {
  return (nodes ?? []).flatMap((n) => block(n, ctx)).filter((b) => !isEmptyParagraph(b));
}

function listItem(n: PMNode, ctx: ExportContext, checked: boolean | null): ListItem {
  const children = blocks(n.content, ctx);
  // Markdown cannot hold a list item that starts with anything but text on the marker's line
  // AND an empty first line followed by blocks; the importer adds the empty paragraph back.
  const spread = children.slice(1).some((c) => c.type !== 'list');
  return { type: 'listItem', checked, spread, children };
}

function tableCellContent(n: PMNode, ctx: ExportContext): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const child of n.content ?? []) {
    let phrasing: PhrasingContent[];
    if (child.type === 'paragraph' || child.type === 'heading') phrasing = inlineToMdast(child.content ?? [], { ctx, inTable: true, htmlBreaks: true });
    else if (child.type === 'image') phrasing = [imagePhrasing(child, ctx)].filter((p): p is PhrasingContent => p !== null);
    else if (child.type === 'embed') phrasing = inlineToMdast([child], { ctx, inTable: true, htmlBreaks: true });
    else phrasing = [{ type: 'text', value: plainTextOf(child).replace(/\n/g, ' ') }];
    if (phrasing.length === 0) continue;
    if (out.length > 0) out.push({ type: 'html', value: '<br>' });
    out.push(...phrasing);
  }
  return out;
}

function table(n: PMNode, ctx: ExportContext): Block {
  const rows: TableRow[] = (n.content ?? []).map((row) => ({
    type: 'tableRow',
    children: (row.content ?? []).flatMap((cell): TableCell[] => {
      const span = typeof cell.attrs?.colspan === 'number' && cell.attrs.colspan > 1 ? cell.attrs.colspan : 1;
      const filler: TableCell[] = Array.from({ length: span - 1 }, () => ({ type: 'tableCell', children: [] }));
      return [{ type: 'tableCell', children: tableCellContent(cell, ctx) }, ...filler];
    }),
  }));
  const width = Math.max(1, ...rows.map((r) => r.children.length));
  return { type: 'table', align: Array.from({ length: width }, () => null), children: rows };
}

function calloutHeader(n: PMNode): string {
  const attrs = n.attrs ?? {};
  const kind = typeof attrs.kind === 'string' && /^[^\]\s]+$/.test(attrs.kind) ? attrs.kind : 'note';
  const sign = attrs.folded === true ? '-' : attrs.folded === false ? '+' : '';
  const title = typeof attrs.title === 'string' ? attrs.title.replace(/[\r\n]+/g, ' ').trim() : '';
  return `[!${kind}]${sign}${title ? ` ${title}` : ''}`;
}

function block(n: PMNode, ctx: ExportContext): Block[] {
  const inline = (content: readonly PMNode[] | undefined, htmlBreaks = false) =>
    inlineToMdast(content ?? [], { ctx, inTable: false, htmlBreaks });
  switch (n.type) {
    case 'paragraph':
      // Only line breaks: nothing Markdown can hold (a lone `<br>` line would read back as HTML).
      if ((n.content ?? []).every((c) => c.type === 'hardBreak')) return [];
      return [{ type: 'paragraph', children: inline(n.content) }];
    case 'heading': {
      const level = Number(n.attrs?.level);
      const depth = (Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1) as 1 | 2 | 3 | 4 | 5 | 6;
      return [{ type: 'heading', depth, children: inline(n.content, true) }];
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      const task = n.type === 'taskList';
      const items = (n.content ?? []).map((item) => listItem(item, ctx, task ? item.attrs?.checked === true : null));
      const start = Number(n.attrs?.start);
      const ordered = n.type === 'orderedList';
      return [{ type: 'list', ordered, start: ordered && Number.isInteger(start) ? start : null, spread: false, children: items }];
    }
    case 'blockquote':
      return [{ type: 'blockquote', children: blocks(n.content, ctx) }];
    case 'callout':
      return [{ type: 'blockquote', children: [{ type: 'html', value: calloutHeader(n) }, ...blocks(n.content, ctx)] }];
    case 'codeBlock': {
      const language = typeof n.attrs?.language === 'string' ? n.attrs.language.split(/\s/)[0] || null : null;
      return [{ type: 'code', lang: language, meta: null, value: plainTextOf(n) }];
    }
    case 'horizontalRule':
      return [{ type: 'thematicBreak' }];
    case 'table':
      return [table(n, ctx)];
    case 'image':
    case 'embed':
      return [{ type: 'paragraph', children: inline([n]) }];
    default: {
      // An unknown node (a newer editor's) keeps its text.
      const value = plainTextOf(n);
      return value ? [{ type: 'paragraph', children: [{ type: 'text', value }] }] : [];
    }
  }
}

/** Writes `wikiLink` literals verbatim; `peek` lets the text before it escape a `!` or `[`. */
const wikiLinkHandle = Object.assign((node: WikiLinkMdast) => node.value, {
  peek: (node: WikiLinkMdast) => node.value.charAt(0),
});

/** A hard break as a plain newline (see the module comment); cells and headings get `<br>` instead. */
const breakHandle: Handle = () => '\n';

const OPTIONS: Options = {
  bullet: '-',
  bulletOther: '*',
  emphasis: '*',
  strong: '*',
  fences: true,
  listItemIndent: 'one',
  rule: '-',
  incrementListMarker: true,
  extensions: [gfmToMarkdown()],
  handlers: { wikiLink: wikiLinkHandle, break: breakHandle },
};

export function docToMarkdown(doc: PMJson, ctx: ExportContext): string {
  const root: Root = { type: 'root', children: blocks(doc.content, ctx) as RootContent[] };
  const body = root.children.length > 0 ? toMarkdown(root, OPTIONS) : '';
  const front = ctx.frontmatter ? stringifyFrontmatter(ctx.frontmatter) : '';
  return front && body ? `${front}\n${body}` : front || body;
}

