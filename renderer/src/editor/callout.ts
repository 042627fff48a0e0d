/**
 * The `callout` node: a block `{ kind, title, folded }` holding blocks, for Obsidian's
 * `> [!kind]± title` (shapes in shared/markdown/nodes.ts). The title is shown as plain TEXT,
 * never parsed as HTML or Markdown (it comes from imported files). A foldable callout
 * (`folded` not null) has a toggle; folding is this reader's view only and writes nothing, so
 * peeking into a callout never changes the page for everyone.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import { calloutHeading, calloutTone, safeKind } from './callout-kinds';
import { CalloutView } from './callout-view';

function parseFolded(value: string | null): boolean | null {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

export const Callout = Node.create({
  name: 'callout',
  group: 'block',
  content: 'block+',
  defining: true,

  addAttributes() {
    return {
      kind: {
        default: 'note',
        parseHTML: (element: HTMLElement) => safeKind(element.getAttribute('data-callout')),
        renderHTML: (attributes: Record<string, unknown>) => ({ 'data-callout': safeKind(attributes.kind) }),
      },
      title: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('data-callout-title'),
        renderHTML: (attributes: Record<string, unknown>) =>
          typeof attributes.title === 'string' ? { 'data-callout-title': attributes.title } : {},
      },
      folded: {
        default: null,
        parseHTML: (element: HTMLElement) => parseFolded(element.getAttribute('data-callout-folded')),
        renderHTML: (attributes: Record<string, unknown>) =>
          typeof attributes.folded === 'boolean' ? { 'data-callout-folded': String(attributes.folded) } : {},
      },
    };
  },

  parseHTML() {
    return [{ tag: 'div[data-callout]', contentElement: '.cp-callout__body' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const kind = safeKind(node.attrs.kind);
    const title = typeof node.attrs.title === 'string' ? node.attrs.title : null;
    return [
      'div',
      mergeAttributes({ class: 'cp-callout', 'data-tone': calloutTone(kind) }, HTMLAttributes),
      ['div', { class: 'cp-callout__title', contenteditable: 'false' }, calloutHeading(kind, title)],
      ['div', { class: 'cp-callout__body' }, 0],
    ];
  },

  addNodeView() {
    return ({ node }) => new CalloutView(node);
  },
});
