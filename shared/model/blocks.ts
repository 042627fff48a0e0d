/**
 * Writes simple block content into a page's Y.XmlFragment in the shape TipTap's Collaboration
 * binding (y-tiptap) reads: one Y.XmlElement per ProseMirror node, named by node type, attributes
 * as element attributes, text as Y.XmlText with marks as formatting attributes.
 *
 * Used for content written once by its creator (the welcome guide, templates) — never per client.
 */
import * as Y from 'yjs';

export type Inline = string | { text: string; marks: Record<string, object> };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: Inline[] | string }
  | { type: 'paragraph'; text: Inline[] | string }
  | { type: 'bulletList'; items: Array<Inline[] | string> }
  | { type: 'taskList'; items: Array<{ checked: boolean; text: Inline[] | string }> }
  | { type: 'blockquote'; text: Inline[] | string }
  | { type: 'horizontalRule' };

function textNode(content: Inline[] | string): Y.XmlText {
  const text = new Y.XmlText();
  let at = 0;
  for (const part of typeof content === 'string' ? [content] : content) {
    const [str, marks] = typeof part === 'string' ? [part, undefined] : [part.text, part.marks];
    // Without explicit (fresh) attributes Y.XmlText.insert continues the formatting before it.
    text.insert(at, str, marks ? { ...marks } : {});
    at += str.length;
  }
  return text;
}

function element(name: string, children: Array<Y.XmlElement | Y.XmlText>, attrs: Record<string, string> = {}) {
  const el = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  el.insert(0, children);
  return el;
}

const paragraph = (content: Inline[] | string) => element('paragraph', [textNode(content)]);

function toElement(block: Block): Y.XmlElement {
  switch (block.type) {
    case 'heading':
      // y-tiptap stores attributes as they are typed in the schema; level is a number there.
      return element('heading', [textNode(block.text)], { level: block.level as unknown as string });
    case 'paragraph':
      return paragraph(block.text);
    case 'blockquote':
      return element('blockquote', [paragraph(block.text)]);
    case 'bulletList':
      return element('bulletList', block.items.map((item) => element('listItem', [paragraph(item)])));
    case 'taskList':
      return element(
        'taskList',
        block.items.map((item) =>
          element('taskItem', [paragraph(item.text)], { checked: item.checked as unknown as string }),
        ),
      );
    case 'horizontalRule':
      return element('horizontalRule', []);
  }
}

/** Appends blocks at the end of `fragment`; call inside the caller's transaction. */
export function appendBlocks(fragment: Y.XmlFragment, blocks: readonly Block[]): void {
  fragment.insert(fragment.length, blocks.map(toElement));
}
