/**
 * Comments in the editor: highlights (inline decorations) over the words of each open thread,
 * the active one marked, the draft's range while a comment is being written; a click on a
 * highlight makes its thread active; `startComment` (the bubble menu's Comment, Ctrl/Cmd+Alt+M)
 * hands the selection to the composer.
 *
 * Highlights are rebuilt from the anchors when the comments change (a refresh transaction) and
 * when a remote change arrives (y-tiptap marks those transactions, and its mapping is up to date
 * by then); local edits just map the previous set, since the Yjs doc follows the editor only
 * after the transaction.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { anchorFromRange, rangeOfAnchor } from './anchor-mapping';
import type { CommentHighlights, CommentsController } from './comments-controller';

export const commentsPluginKey = new PluginKey<DecorationSet>('commentHighlights');
const REFRESH = 'refresh';
export const HIGHLIGHT_CLASS = 'cp-comment';
export const ACTIVE_CLASS = 'cp-comment--active';
export const DRAFT_CLASS = 'cp-comment--draft';
/** The longest quote handed to the composer (the model shortens it further). */
const MAX_QUOTE_SOURCE = 2_000;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    comments: {
      /** Opens the composer for a comment on the selection; false when there is nothing to comment on. */
      startComment: () => ReturnType;
    };
  }
}

export interface CommentsOptions {
  readonly controller: CommentsController | null;
}

export const Comments = Extension.create<CommentsOptions>({
  name: 'comments',

  addOptions: () => ({ controller: null }),

  addCommands() {
    return {
      startComment:
        () =>
        ({ state }) => {
          const { controller } = this.options;
          const { from, to, empty } = state.selection;
          if (controller === null || empty) return false;
          const anchor = anchorFromRange(state, from, to);
          if (anchor === null) return false;
          controller.startDraft({ anchor, quote: state.doc.textBetween(from, to, ' ', ' ').slice(0, MAX_QUOTE_SOURCE) });
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return { 'Mod-Alt-m': () => this.editor.commands.startComment() };
  },

  addProseMirrorPlugins() {
    return this.options.controller === null ? [] : [highlightPlugin(this.options.controller)];
  },
});

function highlightPlugin(controller: CommentsController): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: commentsPluginKey,
    state: {
      init: (_, state) => build(state, controller.getHighlights()),
      apply(tr, previous, _old, state) {
        if (tr.getMeta(commentsPluginKey) === REFRESH || tr.getMeta(ySyncPluginKey) !== undefined) {
          return build(state, controller.getHighlights());
        }
        return tr.docChanged ? previous.map(tr.mapping, tr.doc) : previous;
      },
    },
    props: {
      decorations: (state) => commentsPluginKey.getState(state),
      handleClick(view, pos) {
        const found = commentsPluginKey.getState(view.state)?.find(pos, pos, (spec: { threadId?: unknown }) => typeof spec.threadId === 'string') ?? [];
        // The innermost (shortest) highlight under the click wins.
        const hit = found.sort((a, b) => a.to - a.from - (b.to - b.from))[0];
        if (hit) controller.activate((hit.spec as { threadId: string }).threadId);
        return false;
      },
    },
    view(view) {
      let timer: ReturnType<typeof setTimeout> | null = null;
      // Never dispatch from inside another dispatch (a comments change can arrive mid-update).
      const refresh = () => {
        if (timer !== null) return;
        timer = setTimeout(() => {
          timer = null;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentsPluginKey, REFRESH).setMeta('addToHistory', false));
        }, 0);
      };
      const unsubscribe = controller.subscribeHighlights(refresh);
      return {
        destroy() {
          unsubscribe();
          if (timer !== null) clearTimeout(timer);
        },
      };
    },
  });
}

function build(state: EditorState, highlights: CommentHighlights): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of highlights.threads) {
    const range = rangeOfAnchor(state, thread.anchor);
    if (range === null) continue;
    const active = thread.id === highlights.activeId;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        { class: active ? `${HIGHLIGHT_CLASS} ${ACTIVE_CLASS}` : HIGHLIGHT_CLASS, 'data-thread-id': thread.id },
        { threadId: thread.id },
      ),
    );
  }
  const draft = highlights.draft === null ? null : rangeOfAnchor(state, highlights.draft);
  if (draft !== null) decorations.push(Decoration.inline(draft.from, draft.to, { class: `${HIGHLIGHT_CLASS} ${DRAFT_CLASS}` }));
  return DecorationSet.create(state.doc, decorations);
}

/** Scrolls a thread's highlighted words into view (after the editor has drawn them). */
export function revealThread(threadId: string): void {
  setTimeout(() => {
    const element = document.querySelector(`.${HIGHLIGHT_CLASS}[data-thread-id="${CSS.escape(threadId)}"]`);
    element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, 0);
}
