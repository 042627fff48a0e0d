/**
 * The plain text of a page doc, block by block (one line per paragraph, heading, list item,
 * table cell, code block…), read straight from the Y.XmlFragment in y-tiptap's layout (see
 * shared/markdown/yjs-fragment.ts) without loading TipTap or ProseMirror.
 *
 * Inline atoms read as what the reader sees: a wiki link as its label (or its target), a hard
 * break as a line break. Block atoms contribute their text attributes: an image its alt text,
 * an embed its target, a callout its title. Elements this module does not know read as blocks,
 * so a newer peer's node types still index their text.
 */
import * as Y from 'yjs';

/** Elements that sit inside a text block's line rather than starting a new one. */
const INLINE_NODES = new Set(['wikiLink', 'hardBreak', 'mention']);
/** Attributes whose text a block atom contributes, by node type. */
const BLOCK_TEXT_ATTRS: Readonly<Record<string, readonly string[]>> = {
  image: ['alt', 'title'],
  embed: ['target'],
  callout: ['title'],
};

/**
 * The text of a Y.XmlText without its formatting. NOTE: Y.XmlText#toString renders formatting
 * as XML tags; Y.Text's own toString (which XmlText inherits and overrides) yields the plain
 * characters, skipping embeds, without building a delta.
 */
const plainText = (text: Y.XmlText): string => Y.Text.prototype.toString.call(text);

function attrText(element: Y.XmlElement, name: string): string {
  const value: unknown = element.getAttribute(name);
  return typeof value === 'string' ? value : '';
}

function inlineText(element: Y.XmlElement): string {
  if (element.nodeName === 'hardBreak') return '\n';
  if (element.nodeName === 'wikiLink') return attrText(element, 'label') || attrText(element, 'target');
  return attrText(element, 'label') || attrText(element, 'text');
}

class LineWriter {
  readonly lines: string[] = [];
  private current = '';

  append(text: string): void {
    this.current += text;
  }

  /** Ends the current line, if it has anything in it. */
  flush(): void {
    const line = this.current.trim();
    if (line !== '') this.lines.push(line);
    this.current = '';
  }
}

function visit(node: Y.XmlElement | Y.XmlText | Y.XmlHook, out: LineWriter): void {
  if (node instanceof Y.XmlText) {
    out.append(plainText(node));
    return;
  }
  if (!(node instanceof Y.XmlElement)) return; // Y.XmlHook: never written by TipTap
  if (INLINE_NODES.has(node.nodeName)) {
    out.append(inlineText(node));
    return;
  }
  out.flush();
  for (const name of BLOCK_TEXT_ATTRS[node.nodeName] ?? []) {
    out.append(attrText(node, name));
    out.flush();
  }
  for (const child of node.toArray()) visit(child, out);
  out.flush();
}

/** The fragment's text, one line per block, blank blocks left out. */
export function extractText(fragment: Y.XmlFragment): string {
  const out = new LineWriter();
  for (const child of fragment.toArray()) visit(child, out);
  out.flush();
  return out.lines.join('\n');
}
