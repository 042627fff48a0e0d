/**
 * A page's text as the link index sees it: its text blocks in document order, each a list of
 * inlines (text runs, wiki links, other atoms). Read straight from the page doc's `content`
 * XmlFragment in y-tiptap's layout (see shared/markdown/yjs-fragment.ts): a text block is a
 * Y.XmlElement whose children are Y.XmlText runs and inline Y.XmlElements (wikiLink, hardBreak).
 *
 * Block indices and source offsets are the coordinates of a MentionOccurrence, so the walk
 * here is the one both the index and `linkMention` use: change it in one place only.
 */
import * as Y from 'yjs';
import { isPageId, type PageId } from '../../../shared/ids';

/** What stands for an inline atom (a wiki link, a hard break) in a block's source text. */
export const ATOM_CHAR = '\uFFFC';

/** Elements that hold inline content even when empty; any element with a text child is one too. */
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);
/** Marks under which text can never become a link (it already is one, or it is code). */
const UNLINKABLE_MARKS = ['link', 'code'];

export interface TextInline {
  readonly kind: 'text';
  readonly text: string;
  /** False under a link or code mark: such text is never an unlinked mention. */
  readonly linkable: boolean;
  /** Index of the Y.XmlText among the block's children, and this run's offset inside it. */
  readonly child: number;
  readonly offset: number;
}

export interface LinkInline {
  readonly kind: 'link';
  readonly pageId: PageId | null;
  readonly target: string;
  readonly label: string | null;
  readonly heading: string | null;
}

/** Any other inline element (hard break, unknown): one ATOM_CHAR, shown as a space. */
export interface AtomInline {
  readonly kind: 'atom';
}

export type Inline = TextInline | LinkInline | AtomInline;

export interface TextBlock {
  /** `embed` blocks are a page embed (one link inline); `code` blocks never hold mentions. */
  readonly kind: 'text' | 'code' | 'embed';
  readonly inlines: readonly Inline[];
}

export interface PageText {
  readonly blocks: readonly TextBlock[];
  /** Every page this one links to or embeds. */
  readonly outgoing: ReadonlySet<PageId>;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function linkInline(element: Y.XmlElement): LinkInline {
  const attrs = element.getAttributes() as Record<string, unknown>;
  const pageId = attrs.pageId;
  return {
    kind: 'link',
    pageId: isPageId(pageId) ? pageId : null,
    target: str(attrs.target) ?? '',
    label: str(attrs.label),
    heading: str(attrs.heading),
  };
}

function textInlines(type: Y.XmlText, child: number): TextInline[] {
  const delta = type.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  const out: TextInline[] = [];
  let offset = 0;
  for (const op of delta) {
    if (typeof op.insert !== 'string') continue; // embeds inside Y.XmlText: never written by TipTap
    const marks = Object.keys(op.attributes ?? {}).map((key) => key.split('--')[0]);
    out.push({
      kind: 'text',
      text: op.insert,
      linkable: !marks.some((mark) => UNLINKABLE_MARKS.includes(mark ?? '')),
      child,
      offset,
    });
    offset += op.insert.length;
  }
  return out;
}

function blockInlines(element: Y.XmlElement): Inline[] {
  return element.toArray().flatMap((child, index): Inline[] => {
    if (child instanceof Y.XmlText) return textInlines(child, index);
    if (child instanceof Y.XmlElement) return [child.nodeName === 'wikiLink' ? linkInline(child) : { kind: 'atom' }];
    return [];
  });
}

const isTextBlock = (element: Y.XmlElement): boolean =>
  TEXT_BLOCKS.has(element.nodeName) || element.toArray().some((child) => child instanceof Y.XmlText);

/**
 * Calls `visit` for each text block (and page embed) in document order with its index. A
 * `visit` that returns true stops the walk.
 */
export function walkBlocks(fragment: Y.XmlFragment, visit: (element: Y.XmlElement, index: number) => boolean | void): void {
  let index = 0;
  // Iterative, depth first: a deeply nested list must not overflow the stack.
  const stack: Y.XmlElement[] = fragment.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement).reverse();
  for (let element = stack.pop(); element !== undefined; element = stack.pop()) {
    if (element.nodeName === 'embed' || isTextBlock(element)) {
      if (visit(element, index++) === true) return;
      continue;
    }
    const children = element.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Y.XmlElement);
  }
}

export function readBlock(element: Y.XmlElement): TextBlock {
  if (element.nodeName === 'embed') {
    const attrs = element.getAttributes() as Record<string, unknown>;
    const pageId = attrs.pageId;
    const link: LinkInline = {
      kind: 'link',
      pageId: isPageId(pageId) ? pageId : null,
      target: str(attrs.target) ?? '',
      label: null,
      heading: null,
    };
    return { kind: 'embed', inlines: [link] };
  }
  return { kind: element.nodeName === 'codeBlock' ? 'code' : 'text', inlines: blockInlines(element) };
}

/** The page's text blocks and outgoing links, from its content fragment. */
export function readPageText(fragment: Y.XmlFragment): PageText {
  const blocks: TextBlock[] = [];
  const outgoing = new Set<PageId>();
  walkBlocks(fragment, (element) => {
    const block = readBlock(element);
    blocks.push(block);
    for (const inline of block.inlines) if (inline.kind === 'link' && inline.pageId !== null) outgoing.add(inline.pageId);
  });
  return { blocks, outgoing };
}

/** The block's source text: text runs as they are, every other inline as one ATOM_CHAR. */
export const sourceText = (block: TextBlock): string =>
  block.inlines.map((inline) => (inline.kind === 'text' ? inline.text : ATOM_CHAR)).join('');
