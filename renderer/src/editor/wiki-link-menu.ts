/**
 * The `[[` menu's behaviour, outside React: a TipTap extension wrapping @tiptap/suggestion, and
 * `WikiLinkMenuController`, the store its renderer writes and WikiLinkMenu.tsx reads.
 *
 * Typing `[[` anywhere in text opens it; the text typed after it (up to the caret, without
 * brackets or line breaks) filters page titles fuzzily (PageDirectory.search). `Page#Heading`
 * and `Page|label` are understood. When no title matches exactly, the last item creates a page
 * with the typed title. Choosing an item replaces `[[query` with a wikiLink node.
 *
 * NOTE: @tiptap/suggestion's own matcher reads only the text node right before the caret (so a
 * bold word would cut the query) and its `allowSpaces` mode runs to the end of the text; our
 * `findWikiLinkTrigger` reads the whole text block up to the caret instead.
 */
import { Extension, type Editor, type Range } from '@tiptap/core';
import type { ResolvedPos } from '@tiptap/pm/model';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionKeyDownProps, type SuggestionMatch, type SuggestionProps } from '@tiptap/suggestion';
import type { PageId } from '../../../shared/ids';
import type { PageDirectory } from './page-directory';
import { parseLinkText } from './wiki-link';

export const WIKI_LINK_MENU_KEY = new PluginKey('wikiLinkMenu');
export const WIKI_LINK_TRIGGER = '[[';
/** Longest query the menu follows; past it, `[[` is just text. */
export const MAX_LINK_QUERY = 200;
/** Pages listed at most. */
export const MENU_LIMIT = 8;
const ATOM = '\ufffc';

export type WikiLinkItem =
  | { readonly kind: 'page'; readonly pageId: PageId; readonly title: string; readonly path: readonly string[] }
  | { readonly kind: 'create'; readonly title: string };

/** `[[query` ending at the caret, within the caret's text block. */
export function findWikiLinkTrigger($position: ResolvedPos): SuggestionMatch {
  const end = $position.parentOffset;
  const from = Math.max(0, end - MAX_LINK_QUERY - WIKI_LINK_TRIGGER.length);
  const before = $position.parent.textBetween(from, end, undefined, ATOM);
  const at = before.lastIndexOf(WIKI_LINK_TRIGGER);
  if (at < 0) return null;
  const query = before.slice(at + WIKI_LINK_TRIGGER.length);
  if (/[[\]\n\r]|\ufffc/.test(query)) return null;
  const start = $position.start() + from + at;
  return { range: { from: start, to: $position.pos }, query, text: before.slice(at) };
}

/** The menu's items for a query: matching live pages, then "create" unless a title matches exactly. */
export function wikiLinkItems(pages: PageDirectory, query: string): WikiLinkItem[] {
  const { name } = parseLinkText(query);
  const found: WikiLinkItem[] = pages.search(name, MENU_LIMIT).map((c) => ({ kind: 'page', pageId: c.pageId, title: c.title, path: c.path }));
  const exact = found.some((item) => item.title.trim().toLocaleLowerCase() === name.toLocaleLowerCase());
  if (name !== '' && !exact) found.push({ kind: 'create', title: name });
  return found;
}

/** Replaces `range` (the `[[query` text) with a link to the chosen page, creating it if asked. */
export function insertWikiLink(editor: Editor, range: Range, item: WikiLinkItem, query: string, pages: PageDirectory): boolean {
  const { heading, label } = parseLinkText(query);
  const pageId = item.kind === 'page' ? item.pageId : pages.create(item.title);
  if (pageId === null) return false;
  const title = item.title.trim();
  const target = heading === null ? title : `${title}#${heading}`;
  return editor
    .chain()
    .focus()
    .insertContentAt(range, [
      { type: 'wikiLink', attrs: { pageId, target, label, heading } },
      { type: 'text', text: ' ' },
    ])
    .run();
}

export interface WikiLinkMenuState {
  readonly open: boolean;
  readonly query: string;
  readonly items: readonly WikiLinkItem[];
  readonly selected: number;
  readonly anchor: DOMRect | null;
}

const CLOSED: WikiLinkMenuState = { open: false, query: '', items: [], selected: 0, anchor: null };

type Props = SuggestionProps<WikiLinkItem, WikiLinkItem>;

export class WikiLinkMenuController {
  private state: WikiLinkMenuState = CLOSED;
  private props: Props | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): WikiLinkMenuState => this.state;

  choose(index = this.state.selected): void {
    const item = this.state.items[index];
    if (item && this.props) this.props.command(item);
  }

  highlight(index: number): void {
    if (index !== this.state.selected && index >= 0 && index < this.state.items.length) this.set({ ...this.state, selected: index });
  }

  reposition(): void {
    if (this.state.open) this.set({ ...this.state, anchor: this.props?.clientRect?.() ?? this.state.anchor });
  }

  readonly renderer = () => ({
    onStart: (props: Props) => this.show(props, 0),
    onUpdate: (props: Props) => this.show(props, props.query === this.state.query ? this.state.selected : 0),
    onKeyDown: ({ event }: SuggestionKeyDownProps) => this.onKeyDown(event),
    onExit: () => {
      this.props = null;
      this.set(CLOSED);
    },
  });

  private onKeyDown(event: KeyboardEvent): boolean {
    const count = this.state.items.length;
    if (!this.state.open || count === 0) return false;
    switch (event.key) {
      case 'ArrowDown':
        this.set({ ...this.state, selected: (this.state.selected + 1) % count });
        return true;
      case 'ArrowUp':
        this.set({ ...this.state, selected: (this.state.selected - 1 + count) % count });
        return true;
      case 'Enter':
      case 'Tab':
        this.choose();
        return true;
      default:
        return false;
    }
  }

  private show(props: Props, selected: number): void {
    this.props = props;
    this.set({
      open: true,
      query: props.query,
      items: props.items,
      selected: Math.min(selected, Math.max(0, props.items.length - 1)),
      anchor: props.clientRect?.() ?? null,
    });
  }

  private set(state: WikiLinkMenuState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export interface WikiLinkMenuOptions {
  controller: WikiLinkMenuController | null;
  pages: PageDirectory | null;
}

export const WikiLinkMenu = Extension.create<WikiLinkMenuOptions>({
  name: 'wikiLinkMenu',

  addOptions() {
    return { controller: null, pages: null };
  },

  addProseMirrorPlugins() {
    const { controller, pages } = this.options;
    if (!controller || !pages) return [];
    return [
      Suggestion<WikiLinkItem, WikiLinkItem>({
        editor: this.editor,
        pluginKey: WIKI_LINK_MENU_KEY,
        char: WIKI_LINK_TRIGGER,
        allowedPrefixes: null,
        findSuggestionMatch: ({ $position }) => findWikiLinkTrigger($position),
        items: ({ query }) => wikiLinkItems(pages, query),
        command: ({ editor, range, props }) => {
          const query = editor.state.doc.textBetween(range.from + WIKI_LINK_TRIGGER.length, range.to, undefined, ATOM);
          insertWikiLink(editor, range, props, query, pages);
        },
        allow: ({ editor, state, range }) => editor.isEditable && !state.doc.resolve(range.from).parent.type.spec.code,
        render: controller.renderer,
      }),
    ];
  },
});
