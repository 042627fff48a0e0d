/**
 * The slash menu's behaviour, outside React: a TipTap extension wrapping @tiptap/suggestion
 * (typing `/` at the start of a line or after a space opens it), and `SlashMenuController`, the
 * small store the suggestion renderer writes and SlashMenu.tsx reads with useSyncExternalStore.
 */
import { Extension } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionKeyDownProps, type SuggestionProps } from '@tiptap/suggestion';
import { filterSlashCommands, type SlashCommand } from './slash-commands';

export const SLASH_MENU_KEY = new PluginKey('slashMenu');

export interface SlashMenuState {
  readonly open: boolean;
  readonly query: string;
  readonly items: readonly SlashCommand[];
  /** Index of the highlighted item in `items`. */
  readonly selected: number;
  /** Where the `/query` text is on screen (viewport coordinates), to anchor the menu. */
  readonly anchor: DOMRect | null;
}

const CLOSED: SlashMenuState = { open: false, query: '', items: [], selected: 0, anchor: null };

type Props = SuggestionProps<SlashCommand, SlashCommand>;

export class SlashMenuController {
  private state: SlashMenuState = CLOSED;
  private props: Props | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SlashMenuState => this.state;

  /** Runs the item at `index` (the highlighted one by default), replacing the `/query` text. */
  choose(index = this.state.selected): void {
    const item = this.state.items[index];
    if (item && this.props) this.props.command(item);
  }

  highlight(index: number): void {
    if (index !== this.state.selected && index >= 0 && index < this.state.items.length) {
      this.set({ ...this.state, selected: index });
    }
  }

  /** Re-reads the anchor rectangle (after a scroll or resize while the menu is open). */
  reposition(): void {
    if (this.state.open) this.set({ ...this.state, anchor: this.props?.clientRect?.() ?? this.state.anchor });
  }

  /** The renderer @tiptap/suggestion drives: start, update, keys, exit. */
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
    // Escape is handled by the suggestion plugin itself, which then calls onExit.
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
    const items = props.items;
    this.set({
      open: true,
      query: props.query,
      items,
      selected: Math.min(selected, Math.max(0, items.length - 1)),
      anchor: props.clientRect?.() ?? null,
    });
  }

  private set(state: SlashMenuState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export interface SlashMenuOptions {
  controller: SlashMenuController | null;
  /** Opens the image picker for the Image command. */
  pickImage: () => void;
}

export const SlashMenu = Extension.create<SlashMenuOptions>({
  name: 'slashMenu',

  addOptions() {
    return { controller: null, pickImage: () => undefined };
  },

  addProseMirrorPlugins() {
    const { controller, pickImage } = this.options;
    if (!controller) return [];
    return [
      Suggestion<SlashCommand, SlashCommand>({
        editor: this.editor,
        pluginKey: SLASH_MENU_KEY,
        char: '/',
        allowedPrefixes: [' '],
        items: ({ query }) => filterSlashCommands(query),
        command: ({ editor, range, props }) => props.run({ editor, range, pickImage }),
        // Not inside code (a `/` there is just a slash), and never for a read-only editor.
        allow: ({ editor, state, range }) =>
          editor.isEditable && !state.doc.resolve(range.from).parent.type.spec.code,
        render: controller.renderer,
      }),
    ];
  },
});
