/**
 * The `embed` node: a block atom `{ pageId, target }` for Obsidian's `![[Note]]` /
 * `![[Note#Section]]` (shapes in shared/markdown/nodes.ts). Shown as a card with the embedded
 * page's current title (and section); not a live transclusion yet. A click, or Enter on the
 * selected card, opens the page.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import { NodeSelection, Plugin, PluginKey } from '@tiptap/pm/state';
import { isPageId } from '../../../shared/ids';
import { describeLink, type PageDirectory } from './page-directory';
import { linkAttrs, WikiLinkView } from './wiki-link-view';

export interface EmbedOptions {
  pages: PageDirectory | null;
}

export const Embed = Node.create<EmbedOptions>({
  name: 'embed',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { pages: null };
  },

  addAttributes() {
    return {
      pageId: {
        default: null,
        parseHTML: (element: HTMLElement) => {
          const value = element.getAttribute('data-page-id');
          return isPageId(value) ? value : null;
        },
        renderHTML: (attributes: Record<string, unknown>) =>
          typeof attributes.pageId === 'string' ? { 'data-page-id': attributes.pageId } : {},
      },
      target: {
        default: '',
        parseHTML: (element: HTMLElement) => element.getAttribute('data-target') ?? '',
        renderHTML: (attributes: Record<string, unknown>) => ({ 'data-target': String(attributes.target ?? '') }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'div[data-embed]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const view = describeLink(linkAttrs(node), this.options.pages);
    return ['div', mergeAttributes({ 'data-embed': '', class: 'cp-embed' }, HTMLAttributes), view.text];
  },

  renderText({ node }) {
    return describeLink(linkAttrs(node), this.options.pages).text;
  },

  addNodeView() {
    const pages = this.options.pages;
    return ({ node }) => new WikiLinkView(node, pages, 'block');
  },

  addKeyboardShortcuts() {
    return {
      Enter: () => {
        const { selection } = this.editor.state;
        if (!(selection instanceof NodeSelection) || selection.node.type.name !== this.name) return false;
        const { pageId } = linkAttrs(selection.node);
        if (pageId === null || !this.options.pages || this.options.pages.status(pageId) === 'missing') return false;
        this.options.pages.open(pageId);
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const pages = this.options.pages;
    return [
      new Plugin({
        key: new PluginKey('embedClick'),
        props: {
          handleClickOn: (_view, _pos, node, _nodePos, event) => {
            if (node.type.name !== this.name || event.button !== 0 || !pages) return false;
            const { pageId } = linkAttrs(node);
            if (pageId === null || pages.status(pageId) === 'missing') return false;
            event.preventDefault();
            pages.open(pageId);
            return true;
          },
        },
      }),
    ];
  },
});
