/**
 * The formatting bubble over a text selection: marks, headings, and the link input (also opened
 * with Mod-Shift-K, see link-behaviour.ts).
 */
import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
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
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  useRepositionOnResize(editor, element);
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
      shouldShow={shouldShow}
      options={{ placement: 'top', offset: 8, onHide: () => linkPrompt.hide() }}
      className="cp-bubble-menu"
      data-testid="bubble-menu"
    >
      {linkOpen ? (
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
