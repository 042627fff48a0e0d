/**
 * The `[[` menu on screen: page titles (with their parents, to tell same-named pages apart) and
 * "Create page …", anchored under the typed text, fed by WikiLinkMenuController. Keys go
 * through the suggestion plugin, so the editor keeps focus; the mouse highlights and chooses.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { Editor } from '@tiptap/core';
import { exitSuggestion } from '@tiptap/suggestion';
import { UNTITLED } from './page-directory';
import { WIKI_LINK_MENU_KEY, type WikiLinkItem, type WikiLinkMenuController } from './wiki-link-menu';

const GAP = 6;
const MARGIN = 8;

function usePlacement(anchor: DOMRect | null, menu: HTMLElement | null, itemCount: number) {
  const [placement, setPlacement] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    if (!anchor || !menu) return setPlacement(null);
    const { width, height } = menu.getBoundingClientRect();
    const below = anchor.bottom + GAP;
    const top = below + height <= window.innerHeight - MARGIN ? below : Math.max(MARGIN, anchor.top - GAP - height);
    setPlacement({ left: Math.max(MARGIN, Math.min(anchor.left, window.innerWidth - width - MARGIN)), top });
  }, [anchor, menu, itemCount]);
  return placement;
}

function ItemText({ item }: { item: WikiLinkItem }) {
  if (item.kind === 'create') {
    return (
      <span className="cp-slash-menu__text">
        <span className="cp-slash-menu__title">Create page “{item.title}”</span>
        <span className="cp-slash-menu__description">New page at the top level</span>
      </span>
    );
  }
  return (
    <span className="cp-slash-menu__text">
      <span className="cp-slash-menu__title">{item.title.trim() === '' ? UNTITLED : item.title}</span>
      {item.path.length > 0 && <span className="cp-slash-menu__description">{item.path.join(' / ')}</span>}
    </span>
  );
}

export function WikiLinkMenu({ editor, controller }: { editor: Editor; controller: WikiLinkMenuController }) {
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const [menu, setMenu] = useState<HTMLDivElement | null>(null);
  const placement = usePlacement(state.anchor, menu, state.items.length);
  const selectedRef = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    void selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [state.selected, state.open]);

  useEffect(() => {
    if (!state.open) return;
    const reposition = () => controller.reposition();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (menu?.contains(target) || editor.view.dom.contains(target)) return;
      exitSuggestion(editor.view, WIKI_LINK_MENU_KEY);
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
      className="cp-slash-menu cp-link-menu"
      data-testid="wiki-link-menu"
      role="listbox"
      aria-label="Link to page"
      style={{ left: placement?.left ?? 0, top: placement?.top ?? 0, visibility: placement ? 'visible' : 'hidden' }}
      onMouseDown={(event) => event.preventDefault() /* keep the caret in the editor */}
    >
      {state.items.length === 0 ? (
        <div className="cp-slash-menu__empty">Type a page title</div>
      ) : (
        state.items.map((item, index) => (
          <button
            key={item.kind === 'page' ? item.pageId : 'create'}
            ref={index === state.selected ? selectedRef : undefined}
            type="button"
            role="option"
            aria-selected={index === state.selected}
            className="cp-slash-menu__item"
            data-testid="wiki-link-item"
            data-kind={item.kind}
            tabIndex={-1}
            onMouseMove={() => controller.highlight(index)}
            onClick={() => controller.choose(index)}
          >
            <span className="cp-slash-menu__glyph" aria-hidden="true">
              {item.kind === 'create' ? '+' : '↗'}
            </span>
            <ItemText item={item} />
          </button>
        ))
      )}
    </div>,
    document.body,
  );
}
