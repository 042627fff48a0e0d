/**
 * The frame of the quick switcher and the command palette: a modal <dialog> (focus trapped and
 * restored by the browser) with a text field over a list. ↑/↓ move, Enter chooses, Escape or a
 * click outside closes. The list's behaviour is a Picker; this only renders it.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useCell } from '../../ui/use-cell';
import type { Picker } from './picker';

export interface PickerDialogProps<T> {
  readonly label: string;
  readonly placeholder: string;
  readonly testId: string;
  readonly picker: Picker<T>;
  readonly itemKey: (item: T) => string;
  readonly renderItem: (item: T) => ReactNode;
  readonly onChoose: (item: T) => void;
  readonly onClose: () => void;
  /** Shown when nothing matches the text. */
  readonly empty: ReactNode;
  readonly footer?: ReactNode;
  /** Keys the dialog does not handle itself (e.g. Ctrl+Enter); return true when handled. */
  readonly onKey?: (event: KeyboardEvent) => boolean;
}

export function PickerDialog<T>(props: PickerDialogProps<T>) {
  const { picker, label, testId } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const state = useCell(picker.state);
  const listId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null || dialog.open) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected=true]')?.scrollIntoView({ block: 'nearest' });
  }, [state.selected, state.items]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (props.onKey?.(event)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') picker.move(event.key === 'ArrowDown' ? 1 : -1);
    else if (event.key === 'Enter') {
      const item = picker.selectedItem();
      if (item !== undefined) props.onChoose(item);
    } else return;
    event.preventDefault();
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <dialog
      ref={ref}
      className="picker"
      aria-label={label}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      onClick={(event) => {
        if (event.target === ref.current) props.onClose(); // the backdrop
      }}
    >
      <input
        className="picker-input"
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={state.items.length > 0 ? optionId(state.selected) : undefined}
        aria-label={label}
        placeholder={props.placeholder}
        value={state.text}
        spellCheck={false}
        data-testid={`${testId}-input`}
        onChange={(event) => picker.setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div ref={listRef} id={listId} className="picker-list" role="listbox" aria-label={label}>
        {state.items.map((item, index) => (
          <div
            key={props.itemKey(item)}
            id={optionId(index)}
            role="option"
            aria-selected={index === state.selected}
            className={index === state.selected ? 'picker-item selected' : 'picker-item'}
            data-testid={`${testId}-item`}
            onMouseMove={() => picker.select(index)}
            onClick={() => props.onChoose(item)}
          >
            {props.renderItem(item)}
          </div>
        ))}
        {state.items.length === 0 && !state.loading && <div className="picker-empty" data-testid={`${testId}-empty`}>{props.empty}</div>}
      </div>
      {props.footer !== undefined && <div className="picker-footer">{props.footer}</div>}
    </dialog>
  );
}

/** A keyboard shortcut as keys, e.g. Ctrl K. */
export function Keys({ keys }: { keys: readonly string[] }) {
  return (
    <span className="keys">
      {keys.map((key, i) => (
        <kbd key={i}>{key}</kbd>
      ))}
    </span>
  );
}
