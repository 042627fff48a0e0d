/**
 * Obsidian callouts: a blockquote whose first line is `[!kind]`, `[!kind]-` (folded) or
 * `[!kind]+ Title`. Detected on the mdast blockquote; the header line is cut out of the first
 * paragraph and the rest of the blockquote becomes the callout's body.
 *
 * Hazards:
 * - the header must be unescaped in the source: `> \[!note]` is literal text (that is how
 *   mdast-util-to-markdown writes a literal), so we check the source character, not the text;
 * - the title is taken from the source line verbatim (raw Markdown), so it round-trips byte for
 *   byte even when it holds emphasis or links.
 */
import type { Blockquote, Paragraph, PhrasingContent, RootContent } from 'mdast';
import type { CalloutAttrs } from './nodes';

const HEADER = /^\[!([^\]\s]+)\]([+-]?)/;

export interface CalloutParts {
  attrs: CalloutAttrs;
  /** The blockquote's children without the header line (the first paragraph may be gone). */
  body: RootContent[];
}

/** The rest of a paragraph after its first line break; null when nothing is left. */
function afterFirstLine(paragraph: Paragraph): Paragraph | null {
  const children = paragraph.children;
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i];
    if (!child) continue;
    if (child.type === 'break') return rest(children.slice(i + 1));
    if (child.type === 'text') {
      const newline = child.value.indexOf('\n');
      if (newline >= 0) {
        const tail = child.value.slice(newline + 1);
        const remaining: PhrasingContent[] = tail ? [{ type: 'text', value: tail }] : [];
        return rest([...remaining, ...children.slice(i + 1)]);
      }
    }
  }
  return null;
  function rest(nodes: PhrasingContent[]): Paragraph | null {
    return nodes.length > 0 ? { type: 'paragraph', children: nodes } : null;
  }
}

export function detectCallout(node: Blockquote, source: string): CalloutParts | null {
  const first = node.children[0];
  if (first?.type !== 'paragraph') return null;
  const lead = first.children[0];
  if (lead?.type !== 'text') return null;
  const match = HEADER.exec(lead.value);
  if (!match?.[1]) return null;
  const offset = lead.position?.start.offset;
  if (offset === undefined || source[offset] !== '[') return null;
  const lineEnd = source.indexOf('\n', offset);
  const line = source.slice(offset, lineEnd < 0 ? source.length : lineEnd).replace(/\r$/, '');
  const title = line.slice(match[0].length).trim();
  const sign = match[2];
  const attrs: CalloutAttrs = {
    kind: match[1].toLowerCase(),
    title: title === '' ? null : title,
    folded: sign === '-' ? true : sign === '+' ? false : null,
  };
  const restOfFirst = afterFirstLine(first);
  return { attrs, body: [...(restOfFirst ? [restOfFirst] : []), ...node.children.slice(1)] };
}
