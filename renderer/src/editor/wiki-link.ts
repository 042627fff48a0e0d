/**
 * The `wikiLink` node: an inline atom `{ pageId, target, label, heading }` (shapes in
 * shared/markdown/nodes.ts). Stored by page id, so a rename never breaks it; shown with the
 * page's CURRENT title from the PageDirectory (or its label), greyed out with a reason when the
 * page is in the trash, gone, or was never resolved. A click, or Enter on the selected link,
 * opens the page. Typing `[[Title]]` in full also makes a link (the `[[` menu is
 * wiki-link-menu.ts).
 *
 * The spec needs no DOM until a view is created, so node tests run in plain Node.
 */
import { InputRule, mergeAttributes, Node } from '@tiptap/core';
import { NodeSelection, Plugin, PluginKey } from '@tiptap/pm/state';
import { isPageId, type PageId } from '../../../shared/ids';
import { describeLink, type PageDirectory } from './page-directory';
import { linkAttrs, WikiLinkView } from './wiki-link-view';

export interface WikiLinkOptions {
  pages: PageDirectory | null;
}

/** Longest `[[…]]` the input rule converts (as shared/markdown's MAX_WIKILINK_CHARS, but typed). */
const MAX_TYPED_LINK = 300;
const TYPED_LINK = new RegExp(`\\[\\[([^\\[\\]\\n]{1,${MAX_TYPED_LINK}})\\]\\]$`);

/** `Page#Heading|label` → its parts; empty parts are null. */
export function parseLinkText(raw: string): { name: string; heading: string | null; label: string | null } {
  const bar = raw.indexOf('|');
  const target = bar >= 0 ? raw.slice(0, bar) : raw;
  const label = bar >= 0 ? raw.slice(bar + 1).trim() : '';
  const hash = target.indexOf('#');
  const name = (hash >= 0 ? target.slice(0, hash) : target).trim();
  const heading = hash >= 0 ? target.slice(hash + 1).trim() : '';
  return { name, heading: heading || null, label: label || null };
}

/** The live page titled exactly `name` (ignoring case), if there is one. */
export function pageTitled(pages: PageDirectory | null, name: string): PageId | null {
  if (!pages || name === '') return null;
  const wanted = name.toLocaleLowerCase();
  return pages.search(name, 20).find((candidate) => candidate.title.trim().toLocaleLowerCase() === wanted)?.pageId ?? null;
}

const dataAttribute = (name: string) => ({
  parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`),
  renderHTML: (attributes: Record<string, unknown>) => {
    const value = attributes[name === 'page-id' ? 'pageId' : name];
    return typeof value === 'string' ? { [`data-${name}`]: value } : {};
  },
});

export const WikiLink = Node.create<WikiLinkOptions>({
  name: 'wikiLink',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { pages: null };
  },

  addAttributes() {
    return {
      pageId: {
        default: null,
        ...dataAttribute('page-id'),
        // A pasted link keeps its page only if the id is well-formed.
        parseHTML: (element: HTMLElement) => {
          const value = element.getAttribute('data-page-id');
          return isPageId(value) ? value : null;
        },
      },
      target: {
        default: '',
        ...dataAttribute('target'),
        parseHTML: (element: HTMLElement) => element.getAttribute('data-target') ?? element.textContent ?? '',
      },
      label: { default: null, ...dataAttribute('label') },
      heading: { default: null, ...dataAttribute('heading') },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-wiki-link]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const view = describeLink(linkAttrs(node), this.options.pages);
    return ['span', mergeAttributes({ 'data-wiki-link': '', class: 'cp-wikilink' }, HTMLAttributes), view.text];
  },

  renderText({ node }) {
    return describeLink(linkAttrs(node), this.options.pages).text;
  },

  addNodeView() {
    const pages = this.options.pages;
    return ({ node }) => new WikiLinkView(node, pages, 'inline');
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

  addInputRules() {
    const pages = this.options.pages;
    return [
      new InputRule({
        find: TYPED_LINK,
        handler: ({ state, range, match }) => {
          const { name, heading, label } = parseLinkText(match[1] ?? '');
          if (name === '' && heading === null) return null;
          const pageId = pageTitled(pages, name);
          const target = heading === null ? name : `${name}#${heading}`;
          state.tr.replaceWith(range.from, range.to, this.type.create({ pageId, target, label, heading }));
        },
      }),
    ];
  },

  addProseMirrorPlugins() {
    const pages = this.options.pages;
    return [
      new Plugin({
        key: new PluginKey('wikiLinkClick'),
        props: {
          // A click opens the page (editable or not): the link is not text to put a caret in.
          handleClickOn: (_view, _pos, node, _nodePos, event) => {
            if (node.type.name !== 'wikiLink') return false;
            if (event.button !== 0 || !pages) return false;
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
