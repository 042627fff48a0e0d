/**
 * The DOM of a wiki link (inline) or a page embed (block card), kept in step with the page's
 * title and trash state through the PageDirectory. Text only, never HTML: titles and labels come
 * from other members and from imported files.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { NodeView } from '@tiptap/pm/view';
import { isPageId } from '../../../shared/ids';
import { describeLink, type LinkAttrs, type PageDirectory } from './page-directory';

/** A wikiLink's (or an embed's) attributes, typed; anything malformed reads as absent. */
export const linkAttrs = (node: PMNode): LinkAttrs => ({
  pageId: isPageId(node.attrs.pageId) ? node.attrs.pageId : null,
  target: typeof node.attrs.target === 'string' ? node.attrs.target : '',
  label: typeof node.attrs.label === 'string' ? node.attrs.label : null,
  heading: typeof node.attrs.heading === 'string' ? node.attrs.heading : null,
});

export class WikiLinkView implements NodeView {
  readonly dom: HTMLElement;
  private readonly text: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly unsubscribe: (() => void) | null;

  constructor(
    private node: PMNode,
    private readonly pages: PageDirectory | null,
    private readonly shape: 'inline' | 'block',
  ) {
    const inline = shape === 'inline';
    this.dom = document.createElement(inline ? 'span' : 'div');
    this.dom.className = inline ? 'cp-wikilink' : 'cp-embed';
    this.dom.setAttribute('data-testid', inline ? 'wiki-link' : 'page-embed');
    this.dom.setAttribute('role', 'link');
    if (!inline) {
      const caption = document.createElement('span');
      caption.className = 'cp-embed__caption';
      caption.textContent = 'Embedded page';
      this.dom.append(caption);
    }
    this.text = document.createElement('span');
    this.text.className = inline ? 'cp-wikilink__text' : 'cp-embed__title';
    this.heading = document.createElement('span');
    this.heading.className = 'cp-wikilink__heading';
    this.dom.append(this.text, this.heading);
    this.unsubscribe = pages?.subscribe(() => this.render()) ?? null;
    this.render();
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.unsubscribe?.();
  }

  private render(): void {
    const attrs = linkAttrs(this.node);
    // An embed's target may carry its section: `Note#Section`.
    const heading = this.shape === 'block' && attrs.heading === null ? sectionOf(attrs.target) : attrs.heading;
    const view = describeLink({ ...attrs, heading }, this.pages);
    setText(this.text, view.text);
    setText(this.heading, view.heading === null ? '' : `#${view.heading}`);
    this.heading.hidden = view.heading === null;
    this.dom.dataset.state = view.state;
    this.dom.title = view.tooltip;
    this.dom.setAttribute('aria-label', `${view.text}${view.heading ? ` #${view.heading}` : ''} — ${view.tooltip}`);
    if (attrs.pageId) this.dom.dataset.pageId = attrs.pageId;
    else delete this.dom.dataset.pageId;
  }
}

function sectionOf(target: string): string | null {
  const hash = target.indexOf('#');
  return hash >= 0 && hash < target.length - 1 ? target.slice(hash + 1) : null;
}

const setText = (element: HTMLElement, text: string) => {
  if (element.textContent !== text) element.textContent = text;
};
