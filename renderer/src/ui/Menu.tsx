/**
 * A context menu at a point (a ⋯ button's corner, or where the user right-clicked). Keyboard:
 * Up/Down move, Enter/Space choose, Escape or Tab close; a click outside closes it too.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { Check } from './icons';

export type MenuEntry =
  | {
      /** Defaults to the label; give one when labels may repeat. */
      readonly id?: string;
      readonly label: string;
      readonly checked?: boolean;
      readonly onSelect: () => void;
      readonly disabled?: boolean;
      readonly danger?: boolean;
      readonly hint?: string;
      /** Muted words after the label that tell it apart from a like one (kept whole; the label gives way). */
      readonly detail?: string;
      /** A tooltip (say why an entry is disabled). */
      readonly title?: string;
    }
  | 'separator';

export interface MenuProps {
  readonly x: number;
  readonly y: number;
  readonly entries: readonly MenuEntry[];
  readonly onClose: () => void;
  readonly label: string;
}

/** Keeps the menu this far from the window's edges. */
const EDGE_MARGIN = 8;

export function Menu({ x, y, entries, onClose, label }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Where the menu ended up once measured (kept inside the window): layout, not content.
  const [position, setPosition] = useState({ left: x, top: y });

  useLayoutEffect(() => {
    const rect = ref.current?.getBoundingClientRect();
    if (rect === undefined) return;
    setPosition({
      left: Math.max(EDGE_MARGIN, Math.min(x, window.innerWidth - rect.width - EDGE_MARGIN)),
      top: Math.max(EDGE_MARGIN, Math.min(y, window.innerHeight - rect.height - EDGE_MARGIN)),
    });
    ref.current?.querySelector<HTMLElement>('[role=menuitem]:not([disabled])')?.focus();
  }, [x, y]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    const onBlur = () => onClose();
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focus = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(-1);
        break;
      case 'Escape':
      case 'Tab':
        onClose();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const hasChecks = entries.some((entry) => entry !== 'separator' && entry.checked !== undefined);
  return createPortal(
    <div ref={ref} className="menu" role="menu" aria-label={label} style={position} onKeyDown={onKeyDown}>
      {entries.map((entry, index) =>
        entry === 'separator' ? (
          <div key={`separator-${index}`} className="menu-separator" role="separator" />
        ) : (
          <button
            key={entry.id ?? entry.label}
            type="button"
            role="menuitem"
            className={entry.danger ? 'menu-item danger' : 'menu-item'}
            disabled={entry.disabled}
            title={entry.title}
            onClick={() => {
              onClose();
              entry.onSelect();
            }}
          >
            {hasChecks && <span className="menu-check">{entry.checked && <Check />}</span>}
            <span className="menu-label">{entry.label}</span>
            {entry.detail !== undefined && <span className="menu-detail">{entry.detail}</span>}
            {entry.hint !== undefined && <kbd className="menu-hint">{entry.hint}</kbd>}
          </button>
        ),
      )}
    </div>,
    document.body,
  );
}
