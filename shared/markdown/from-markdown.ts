/**
 * markdownToDoc: Markdown (CommonMark + GFM + Obsidian's wiki links, embeds, callouts and YAML
 * frontmatter) → a page document in ProseMirror JSON, its frontmatter, and a report.
 *
 * Contract: never throws, whatever the input; the document holds only the node and mark types of
 * doc.ts; no HTML survives as markup (see from-markdown-inline.ts for the inline policy; an HTML
 * block becomes a `codeBlock` with language `html`, visible and inert); links carry only
 * http(s), mailto or scheme-less hrefs. Everything degraded is named in `report.warnings`.
 */
import type { Blockquote, Definition, List, ListItem, Nodes, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter as frontmatterSyntax } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { createLogger } from '../log';
import { detectCallout } from './callouts';
import { isBlockAtom, node, paragraph, text, type PMJson, type PMNode } from './doc';
import { emptyFrontmatter, parseFrontmatter, type Frontmatter } from './frontmatter';
import { ImportState, type ImportContext, type ImportReport } from './import-state';
import { calloutNode } from './nodes';
import { inlineToPM } from './from-markdown-inline';
import { tidyDoc } from './normalize';
import { wikiLinkFromMarkdown, wikiLinkSyntax } from './wikilink-syntax';

export type { ImportContext, ImportReport, LinkKind } from './import-state';
export type { Frontmatter } from './frontmatter';

export interface MarkdownImport {
  doc: PMJson;
  frontmatter: Frontmatter;
  report: ImportReport;
}

const log = createLogger('markdown');

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, {
    extensions: [gfm(), frontmatterSyntax(['yaml']), wikiLinkSyntax],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml']), wikiLinkFromMarkdown],
  });
}

const isBreak = (n: PMNode | undefined): boolean => n?.type === 'hardBreak';
const isBlank = (n: PMNode): boolean => isBreak(n) || (n.type === 'text' && (n.text ?? '').trim() === '');

/** Trims white space (and line breaks) at the edge of a run that borders a block atom. */
function trimRun(run: PMNode[], atStart: boolean, atEnd: boolean): PMNode[] {
  const out = [...run];
  if (atStart) {
    while (out[0] && isBlank(out[0])) out.shift();
    const first = out[0];
    if (first?.type === 'text') out[0] = { ...first, text: (first.text ?? '').trimStart() };
  }
  if (atEnd) {
    while (out.length > 0 && isBlank(out[out.length - 1] as PMNode)) out.pop();
    const last = out[out.length - 1];
    if (last?.type === 'text') out[out.length - 1] = { ...last, text: (last.text ?? '').trimEnd() };
  }
  return out;
}

/**
 * Lifts block atoms (image, embed) out of inline content: `a ![](x) b` → p(a), image, p(b).
 * White space and line breaks that only separated an atom from its neighbours go too, and empty
 * pieces vanish, so the export's `a<br>![](x)<br>b` reads back the same.
 */
function splitAtoms(inline: PMNode[], wrap: (content: PMNode[]) => PMNode): PMNode[] {
  if (!inline.some((n) => !isBlank(n))) return [];
  if (!inline.some(isBlockAtom)) return [wrap(inline)];
  const out: PMNode[] = [];
  let run: PMNode[] = [];
  let afterAtom = false;
  const flush = (beforeAtom: boolean) => {
    const trimmed = trimRun(run, afterAtom, beforeAtom);
    if (trimmed.some((n) => !isBlank(n))) out.push(wrap(trimmed));
    run = [];
  };
  for (const n of inline) {
    if (isBlockAtom(n)) {
      flush(true);
      out.push(n);
      afterAtom = true;
    } else {
      run.push(n);
    }
  }
  flush(false);
  return out;
}

function listToPM(state: ImportState, list: List): PMNode[] {
  // A list mixing task items and plain items becomes consecutive runs of each kind.
  const runs: ListItem[][] = [];
  let lastIsTask: boolean | null = null;
  for (const item of list.children) {
    const isTask = typeof item.checked === 'boolean';
    if (isTask !== lastIsTask) runs.push([]);
    runs[runs.length - 1]?.push(item);
    lastIsTask = isTask;
  }
  return runs.map((items) => {
    const isTask = typeof items[0]?.checked === 'boolean';
    const content = items.map((item) => {
      const blocks = blocksToPM(state, item.children);
      if (blocks[0]?.type !== 'paragraph') blocks.unshift(paragraph());
      return isTask ? node('taskItem', { checked: item.checked === true }, blocks) : node('listItem', undefined, blocks);
    });
    if (isTask) return node('taskList', undefined, content);
    return list.ordered ? node('orderedList', { start: list.start ?? 1 }, content) : node('bulletList', undefined, content);
  });
}

function tableToPM(state: ImportState, table: Table): PMNode {
  const width = Math.max(1, ...table.children.map((row) => row.children.length));
  const rows = table.children.map((row, rowIndex) => {
    const cellType = rowIndex === 0 ? 'tableHeader' : 'tableCell';
    const cells = row.children.map((cell) => {
      const blocks = splitAtoms(inlineToPM(state, cell.children), (c) => paragraph(c));
      return node(cellType, { colspan: 1, rowspan: 1, colwidth: null }, blocks.length > 0 ? blocks : [paragraph()]);
    });
    while (cells.length < width) cells.push(node(cellType, { colspan: 1, rowspan: 1, colwidth: null }, [paragraph()]));
    return node('tableRow', undefined, cells);
  });
  return node('table', undefined, rows);
}

function blockquoteToPM(state: ImportState, quote: Blockquote): PMNode {
  const callout = detectCallout(quote, state.source);
  const body = blocksToPM(state, callout ? callout.body : quote.children);
  if (body.length === 0) body.push(paragraph());
  return callout ? calloutNode(callout.attrs, body) : node('blockquote', undefined, body);
}

function blockToPM(state: ImportState, block: RootContent): PMNode[] {
  switch (block.type) {
    case 'paragraph':
      return splitAtoms(inlineToPM(state, block.children), (c) => paragraph(c));
    case 'heading': {
      // A heading cannot hold a block atom: images in a heading follow it.
      const inline = inlineToPM(state, block.children);
      const atoms = inline.filter(isBlockAtom);
      const rest = inline.filter((n) => !isBlockAtom(n));
      return [node('heading', { level: block.depth }, atoms.length > 0 ? trimRun(rest, true, true) : rest), ...atoms];
    }
    case 'thematicBreak':
      return [node('horizontalRule')];
    case 'code':
      return [node('codeBlock', { language: block.lang || null }, block.value ? [text(block.value)] : [])];
    case 'blockquote':
      return [blockquoteToPM(state, block)];
    case 'list':
      return listToPM(state, block);
    case 'table':
      return [tableToPM(state, block)];
    case 'html':
      if (/^<!--[\s\S]*-->\s*$/.test(block.value)) {
        state.warn('HTML comment dropped');
        return [];
      }
      state.warn('HTML block kept as an html code block');
      return [node('codeBlock', { language: 'html' }, block.value ? [text(block.value)] : [])];
    case 'definition':
    case 'yaml':
      return [];
    case 'footnoteDefinition': {
      state.warn('footnote kept as text');
      const blocks = blocksToPM(state, block.children);
      const label = text(`[^${block.label ?? block.identifier}]: `);
      if (blocks[0]?.type === 'paragraph') blocks[0] = paragraph([label, ...(blocks[0].content ?? [])]);
      else blocks.unshift(paragraph([label]));
      return blocks;
    }
    default: {
      // Phrasing content at block level cannot come out of the parser; anything new degrades to text.
      state.warn(`unsupported block ${block.type} kept as text`);
      const start = block.position?.start.offset;
      const end = block.position?.end.offset;
      const raw = start !== undefined && end !== undefined ? state.source.slice(start, end) : '';
      return raw ? [paragraph([text(raw)])] : [];
    }
  }
}

function blocksToPM(state: ImportState, blocks: readonly RootContent[]): PMNode[] {
  return blocks.flatMap((block) => blockToPM(state, block));
}

function collectDefinitions(tree: Nodes, into: Map<string, Definition>): Map<string, Definition> {
  if (tree.type === 'definition') {
    if (!into.has(tree.identifier)) into.set(tree.identifier, tree); // the first definition wins
  } else if ('children' in tree) {
    for (const child of tree.children) collectDefinitions(child, into);
  }
  return into;
}

/** The whole source as plain paragraphs: what an unexpected failure degrades to. */
function plainDoc(markdown: string): PMJson {
  const paragraphs = markdown.split(/\n{2,}/).map((chunk) => paragraph(chunk.trim() ? [text(chunk)] : []));
  return { type: 'doc', content: paragraphs.length > 0 ? paragraphs : [paragraph()] };
}

export function markdownToDoc(markdown: string, ctx: ImportContext): MarkdownImport {
  const source = typeof markdown === 'string' ? markdown : '';
  try {
    const tree = parseMarkdown(source);
    const state = new ImportState(ctx, source, collectDefinitions(tree, new Map()));
    const yaml = tree.children[0]?.type === 'yaml' ? tree.children[0].value : null;
    const frontmatter = yaml === null ? emptyFrontmatter() : parseFrontmatter(yaml, (m) => state.warn(m));
    const content = blocksToPM(state, tree.children);
    return {
      doc: tidyDoc<PMJson>({ type: 'doc', content: content.length > 0 ? content : [paragraph()] }),
      frontmatter,
      report: state.report(),
    };
  } catch (error) {
    // @safety: a parser or converter bug (or a stack overflow on absurd nesting) must not abort an
    // import of many notes; the note comes in as plain text and the report says why.
    log.warn('markdown conversion failed; importing as plain text', error); // the report carries it
    const reason = error instanceof Error ? error.message : String(error);
    return { doc: plainDoc(source), frontmatter: emptyFrontmatter(), report: { links: [], images: [], warnings: [`converted as plain text: ${reason}`] } };
  }
}
