/**
 * A small panel under a button (kind picker, filter choices) that stays open while the user
 * picks, unlike Menu. Up/Down move between its `[data-popover-item]` elements (and from a field
 * into them), Escape closes and gives the focus back to the button, a click outside closes.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './popover.css';

export interface PopoverProps {
  /** The element the popover hangs from; it gets the focus back on Escape. */
  readonly anchor: HTMLElement;
  readonly label: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly className?: string;
  readonly testId?: string;
}

/** Keeps the popover this far from the window's edges, and this far below its anchor. */
const EDGE_MARGIN = 8;
const GAP = 4;
const ITEM = '[data-popover-item]:not([disabled])';

export function Popover({ anchor, label, onClose, children, className, testId }: PopoverProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Where the popover ended up once measured: layout, not content.
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const panel = ref.current?.getBoundingClientRect();
    const at = anchor.getBoundingClientRect();
    if (panel === undefined) return;
    const below = at.bottom + GAP;
    const top = below + panel.height > window.innerHeight - EDGE_MARGIN ? Math.max(EDGE_MARGIN, at.top - GAP - panel.height) : below;
    setPosition({ left: Math.max(EDGE_MARGIN, Math.min(at.left, window.innerWidth - panel.width - EDGE_MARGIN)), top });
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus]') ?? ref.current?.querySelector<HTMLElement>(ITEM);
    first?.focus();
  }, [anchor]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!ref.current?.contains(target) && !anchor.contains(target)) onClose();
    };
    const onResize = () => onClose();
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('resize', onResize);
    };
  }, [anchor, onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focus = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at <= 0 ? -1 : at - 1);
        break;
      case 'Escape':
        onClose();
        anchor.focus();
        break;
      case 'Tab':
        onClose();
        return; // the browser moves the focus on
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={ref}
      className={className ? `popover ${className}` : 'popover'}
      role="dialog"
      aria-label={label}
      data-testid={testId}
      style={position ?? { left: -9999, top: -9999 }}
      onKeyDown={onKeyDown}
    >
      {children}
    </div>,
    document.body,
  );
}
