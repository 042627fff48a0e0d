/**
 * How links behave in the editor beyond the Link mark itself:
 * - Mod-Shift-K opens the link input for the selection (or for the link under the caret).
 *   Not Mod-K: the app keeps that for its quick switcher.
 * - Links never navigate the app window. Ctrl/Cmd+click (or a plain click when the editor is
 *   read-only) hands the href to `openLink`, which opens it outside the app after checking it.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { LinkPrompt } from './link-prompt';

export const LINK_SHORTCUT = 'Mod-Shift-k';

export interface LinkBehaviourOptions {
  prompt: LinkPrompt | null;
  openLink: (href: string) => void;
}

function linkAt(target: EventTarget | null, root: HTMLElement): HTMLAnchorElement | null {
  const anchor = target instanceof Element ? target.closest('a[href]') : null;
  return anchor instanceof HTMLAnchorElement && root.contains(anchor) ? anchor : null;
}

export const LinkBehaviour = Extension.create<LinkBehaviourOptions>({
  name: 'linkBehaviour',

  addOptions() {
    return { prompt: null, openLink: () => undefined };
  },

  addKeyboardShortcuts() {
    return {
      [LINK_SHORTCUT]: () => {
        const { editor } = this;
        if (!editor.isEditable || !this.options.prompt) return false;
        if (editor.state.selection.empty) {
          if (!editor.isActive('link')) return false;
          editor.commands.extendMarkRange('link');
        }
        this.options.prompt.show();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const { openLink } = this.options;
    return [
      new Plugin({
        key: new PluginKey('linkBehaviour'),
        props: {
          handleDOMEvents: {
            click: (view, event) => {
              const anchor = linkAt(event.target, view.dom);
              if (!anchor) return false;
              const open = !view.editable || event.ctrlKey || event.metaKey;
              if (!open) return false;
              event.preventDefault();
              openLink(anchor.getAttribute('href') ?? '');
              return true;
            },
            // A middle click would open the link in a new window of the app itself.
            auxclick: (view, event) => {
              if (!linkAt(event.target, view.dom)) return false;
              event.preventDefault();
              return true;
            },
          },
        },
      }),
    ];
  },
});
