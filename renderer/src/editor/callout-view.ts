/**
 * A callout on screen: a header (icon, title as text, fold toggle when foldable) above the
 * editable body. The fold state is local to this view (see callout.ts).
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import { calloutHeading, calloutTone, safeKind } from './callout-kinds';

const GLYPHS: Record<string, string> = {
  info: 'ℹ',
  success: '✓',
  question: '?',
  warning: '!',
  danger: '✕',
  example: '≡',
  quote: '❝',
};

export class CalloutView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private readonly icon: HTMLElement;
  private readonly title: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private folded: boolean;

  constructor(private node: PMNode) {
    this.folded = node.attrs.folded === true;
    this.dom = document.createElement('div');
    this.dom.className = 'cp-callout';
    this.dom.setAttribute('data-testid', 'callout');
    const header = document.createElement('div');
    header.className = 'cp-callout__header';
    header.contentEditable = 'false';
    this.icon = document.createElement('span');
    this.icon.className = 'cp-callout__icon';
    this.icon.setAttribute('aria-hidden', 'true');
    this.title = document.createElement('span');
    this.title.className = 'cp-callout__title';
    this.toggle = document.createElement('button');
    this.toggle.type = 'button';
    this.toggle.className = 'cp-callout__toggle';
    this.toggle.setAttribute('data-testid', 'callout-toggle');
    this.toggle.addEventListener('mousedown', (event) => event.preventDefault()); // keep the caret
    this.toggle.addEventListener('click', () => {
      this.folded = !this.folded;
      this.render();
    });
    header.append(this.icon, this.title, this.toggle);
    this.contentDOM = document.createElement('div');
    this.contentDOM.className = 'cp-callout__body';
    this.dom.append(header, this.contentDOM);
    this.render();
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    // A fold sign added or removed elsewhere resets this view's fold to the stored one.
    if (node.attrs.folded !== this.node.attrs.folded) this.folded = node.attrs.folded === true;
    this.node = node;
    this.render();
    return true;
  }

  stopEvent(event: Event): boolean {
    return event.target instanceof Node && this.toggle.contains(event.target);
  }

  ignoreMutation(mutation: ViewMutationRecord): boolean {
    // The header is ours; the body is the editor's. (Folding changes only the outer element's
    // data-folded, which CSS reads, never the body: a body mutation would be read as an edit.)
    if (mutation.type === 'selection') return false;
    return !this.contentDOM.contains(mutation.target);
  }

  private render(): void {
    const kind = safeKind(this.node.attrs.kind);
    const title = typeof this.node.attrs.title === 'string' ? this.node.attrs.title : null;
    const tone = calloutTone(kind);
    const foldable = this.node.attrs.folded !== null && this.node.attrs.folded !== undefined;
    this.dom.dataset.kind = kind;
    this.dom.dataset.tone = tone;
    this.dom.dataset.folded = String(foldable && this.folded);
    this.icon.textContent = GLYPHS[tone] ?? 'ℹ';
    this.title.textContent = calloutHeading(kind, title);
    this.toggle.hidden = !foldable;
    this.toggle.textContent = this.folded ? '▸' : '▾';
    this.toggle.setAttribute('aria-expanded', String(!this.folded));
    this.toggle.setAttribute('aria-label', this.folded ? 'Unfold callout' : 'Fold callout');
  }
}
