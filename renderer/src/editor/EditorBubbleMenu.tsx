/**
 * The formatting bubble over a text selection: marks, headings, and the link input (also opened
 * with Mod-Shift-K, see link-behaviour.ts).
 */
import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useEditorState, type Editor } from '@tiptap/react';
import { BubbleMenu } from '@tiptap/react/menus';
import { NodeSelection, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { LinkPrompt } from './link-prompt';
import { LinkInput } from './LinkInput';

const LEVELS = [1, 2, 3] as const;
const BUBBLE_MENU_KEY = 'formattingBubbleMenu';

/** Re-anchors the bubble whenever its size changes (the link input opening, a validation message). */
function useRepositionOnResize(editor: Editor, element: HTMLElement | null): void {
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(() => {
      if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(BUBBLE_MENU_KEY, 'updatePosition'));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [editor, element]);
}

/**
 * Shown on a selection: formatting where we may edit, just "Comment" on a page we may only comment
 * on. `canComment` is read when asked, not captured: the React menu passes a new `shouldShow` to
 * the plugin only on its second render after it was registered (it skips the first), so a role
 * that changes right after the page opens would otherwise go unseen.
 */
function shouldShowFor(canComment: { readonly current: boolean }) {
  return (props: Parameters<typeof shouldShow>[0]) => {
    if (props.editor.isEditable) return shouldShow(props);
    // Not editable: the editor never takes focus, but ProseMirror still follows the DOM selection.
    const { view, state, from, to } = props;
    const selected = view.dom.contains(document.getSelection()?.anchorNode ?? null);
    return canComment.current && selected && from !== to && !(state.selection instanceof NodeSelection) && state.doc.textBetween(from, to).length > 0;
  };
}

function shouldShow({ editor, element, view, state, from, to }: {
  editor: Editor;
  element: HTMLElement;
  view: EditorView;
  state: EditorState;
  from: number;
  to: number;
}): boolean {
  const focused = view.hasFocus() || element.contains(document.activeElement);
  if (!focused || !editor.isEditable || from === to) return false;
  // Images are node selections; code blocks take no marks; an empty range of blocks has nothing to format.
  if (state.selection instanceof NodeSelection || state.selection.$from.parent.type.spec.code) return false;
  return state.doc.textBetween(from, to).length > 0;
}

function Button(props: { label: string; title: string; active: boolean; onPress: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      className="cp-bubble-menu__button"
      aria-label={props.label}
      title={props.title}
      aria-pressed={props.active}
      onMouseDown={(event) => event.preventDefault() /* keep the selection */}
      onClick={props.onPress}
    >
      {props.children}
    </button>
  );
}

export function EditorBubbleMenu({ editor, linkPrompt, canComment = false }: { editor: Editor; linkPrompt: LinkPrompt; canComment?: boolean }) {
  const linkOpen = useSyncExternalStore(linkPrompt.subscribe, linkPrompt.getSnapshot);
  const canCommentNow = useRef(canComment);
  canCommentNow.current = canComment;
  const [show] = useState(() => shouldShowFor(canCommentNow));
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  useRepositionOnResize(editor, element);
  // The plugin looks again only when the selection changes: a role that changes under a selection
  // (a reader made a commenter while words are selected) shows or hides the bubble here.
  useEffect(() => {
    if (editor.isDestroyed || editor.isEditable) return;
    const { state, view } = editor;
    const visible = show({ editor, element: element ?? view.dom, view, state, from: state.selection.from, to: state.selection.to });
    view.dispatch(state.tr.setMeta(BUBBLE_MENU_KEY, visible ? 'show' : 'hide'));
  }, [canComment, editor, show, element]);
  const is = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      strike: e.isActive('strike'),
      code: e.isActive('code'),
      link: e.isActive('link'),
      href: (e.getAttributes('link').href as string | undefined) ?? '',
      level: LEVELS.find((level) => e.isActive('heading', { level })) ?? 0,
    }),
  });
  const chain = () => editor.chain().focus();

  return (
    <BubbleMenu
      ref={setElement}
      pluginKey={BUBBLE_MENU_KEY}
      editor={editor}
      shouldShow={show}
      options={{ placement: 'top', offset: 8, onHide: () => linkPrompt.hide() }}
      className="cp-bubble-menu"
      data-testid="bubble-menu"
    >
      {!editor.isEditable ? (
        canComment && (
          <Button label="Comment" title="Comment on the selection" active={false} onPress={() => editor.commands.startComment()}>
            Comment
          </Button>
        )
      ) : linkOpen ? (
        <LinkInput editor={editor} initialHref={is.href} onClose={() => linkPrompt.hide()} />
      ) : (
        <>
          <Button label="Bold" title="Bold (Ctrl+B)" active={is.bold} onPress={() => chain().toggleBold().run()}>
            <b>B</b>
          </Button>
          <Button label="Italic" title="Italic (Ctrl+I)" active={is.italic} onPress={() => chain().toggleItalic().run()}>
            <i>I</i>
          </Button>
          <Button label="Strikethrough" title="Strikethrough (Ctrl+Shift+S)" active={is.strike} onPress={() => chain().toggleStrike().run()}>
            <s>S</s>
          </Button>
          <Button label="Code" title="Inline code (Ctrl+E)" active={is.code} onPress={() => chain().toggleCode().run()}>
            <code>{'</>'}</code>
          </Button>
          <Button label="Link" title="Link (Ctrl+Shift+K)" active={is.link} onPress={() => linkPrompt.show()}>
            Link
          </Button>
          <span className="cp-bubble-menu__divider" aria-hidden="true" />
          {LEVELS.map((level) => (
            <Button
              key={level}
              label={`Heading ${level}`}
              title={`Heading ${level} (Ctrl+Alt+${level})`}
              active={is.level === level}
              onPress={() => chain().toggleHeading({ level }).run()}
            >
              H{level}
            </Button>
          ))}
          {canComment && (
            <>
              <span className="cp-bubble-menu__divider" aria-hidden="true" />
              <Button label="Comment" title="Comment (Ctrl+Alt+M)" active={false} onPress={() => editor.commands.startComment()}>
                Comment
              </Button>
            </>
          )}
        </>
      )}
    </BubbleMenu>
  );
}
