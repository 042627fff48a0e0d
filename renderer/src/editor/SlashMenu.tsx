/**
 * The slash menu on screen: a listbox anchored under the `/query` text, fed by
 * SlashMenuController (slash-menu.ts). Keys are handled by the controller through the suggestion
 * plugin, so the editor keeps focus; the mouse highlights and chooses.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { Editor } from '@tiptap/core';
import { exitSuggestion } from '@tiptap/suggestion';
import { SLASH_MENU_KEY, type SlashMenuController } from './slash-menu';

/** Gap between the caret line and the menu, in pixels. */
const GAP = 6;
/** Keep the menu this far from the window's edges. */
const MARGIN = 8;

const GLYPHS: Record<string, string> = {
  text: 'T',
  'heading-1': 'H1',
  'heading-2': 'H2',
  'heading-3': 'H3',
  'bullet-list': '•',
  'numbered-list': '1.',
  'task-list': '☑',
  quote: '❝',
  'code-block': '{ }',
  table: '▦',
  divider: '—',
  image: '▣',
};

function usePlacement(
  anchor: DOMRect | null,
  menu: HTMLElement | null,
  itemCount: number,
): { left: number; top: number } | null {
  const [placement, setPlacement] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    if (!anchor || !menu) return setPlacement(null);
    const { width, height } = menu.getBoundingClientRect();
    const below = anchor.bottom + GAP;
    const fitsBelow = below + height <= window.innerHeight - MARGIN;
    const top = fitsBelow ? below : Math.max(MARGIN, anchor.top - GAP - height);
    const left = Math.max(MARGIN, Math.min(anchor.left, window.innerWidth - width - MARGIN));
    setPlacement({ left, top });
  }, [anchor, menu, itemCount]);
  return placement;
}

export function SlashMenu({ editor, controller }: { editor: Editor; controller: SlashMenuController }) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const [menu, setMenu] = useState<HTMLDivElement | null>(null);
  const placement = usePlacement(state.anchor, menu, state.items.length);
  const selectedRef = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    // Braces matter: Chromium's scrollIntoView now returns a Promise, which React would take for a cleanup.
    void selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [state.selected, state.open]);

  useEffect(() => {
    if (!state.open) return;
    const reposition = () => controller.reposition();
    // A press outside both the menu and the editor closes the menu, as Escape does.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (menu?.contains(target) || editor.view.dom.contains(target)) return;
      exitSuggestion(editor.view, SLASH_MENU_KEY);
    };
    window.addEventListener('scroll', reposition, true);
    window.addEventListener('resize', reposition);
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => {
      window.removeEventListener('scroll', reposition, true);
      window.removeEventListener('resize', reposition);
      document.removeEventListener('pointerdown', onPointerDown, true);
    };
  }, [state.open, controller, editor, menu]);

  if (!state.open) return null;
  return createPortal(
    <div
      ref={setMenu}
      className="cp-slash-menu"
      data-testid="slash-menu"
      role="listbox"
      aria-label="Insert block"
      style={{ left: placement?.left ?? 0, top: placement?.top ?? 0, visibility: placement ? 'visible' : 'hidden' }}
      onMouseDown={(event) => event.preventDefault() /* keep the caret in the editor */}
    >
      {state.items.length === 0 ? (
        <div className="cp-slash-menu__empty">No matching commands</div>
      ) : (
        state.items.map((item, index) => (
          <button
            key={item.id}
            ref={index === state.selected ? selectedRef : undefined}
            type="button"
            role="option"
            aria-selected={index === state.selected}
            className="cp-slash-menu__item"
            data-testid="slash-item"
            data-command={item.id}
            tabIndex={-1}
            onMouseMove={() => controller.highlight(index)}
            onClick={() => controller.choose(index)}
          >
            <span className="cp-slash-menu__glyph" aria-hidden="true">
              {GLYPHS[item.id] ?? '·'}
            </span>
            <span className="cp-slash-menu__text">
              <span className="cp-slash-menu__title">{item.title}</span>
              <span className="cp-slash-menu__description">{item.description}</span>
            </span>
          </button>
        ))
      )}
    </div>,
    document.body,
  );
}
