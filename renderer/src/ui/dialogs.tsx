/** The two dialogs the app needs: ask for a name, and confirm something that cannot be undone. */
import { useId, useRef, useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

export interface PromptDialogProps {
  readonly title: string;
  readonly label: string;
  readonly initialValue?: string;
  readonly confirmLabel: string;
  readonly onSubmit: (value: string) => void;
  readonly onCancel: () => void;
}

export function PromptDialog({ title, label, initialValue = '', confirmLabel, onSubmit, onCancel }: PromptDialogProps) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const submit = () => {
    const value = input.current?.value.trim() ?? '';
    if (value !== '') onSubmit(value);
  };
  return (
    <Dialog
      title={title}
      testId="prompt-dialog"
      onSubmit={submit}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary">
            {confirmLabel}
          </button>
        </>
      }
    >
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input ref={input} id={id} className="text-field" defaultValue={initialValue} autoFocus maxLength={200} required />
    </Dialog>
  );
}

export interface ConfirmDialogProps {
  readonly title: string;
  readonly message: ReactNode;
  readonly confirmLabel: string;
  /** When set, the user must type this text before the confirm button enables. */
  readonly typeToConfirm?: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function ConfirmDialog({ title, message, confirmLabel, typeToConfirm, onConfirm, onCancel }: ConfirmDialogProps) {
  // What the user has typed so far: their input, not document content.
  const [typed, setTyped] = useState('');
  const id = useId();
  const allowed = typeToConfirm === undefined || typed.trim() === typeToConfirm.trim();
  return (
    <Dialog
      title={title}
      testId="confirm-dialog"
      onSubmit={() => allowed && onConfirm()}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus={typeToConfirm === undefined}>
            Cancel
          </button>
          <button type="submit" className="button danger" disabled={!allowed}>
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="dialog-message">{message}</div>
      {typeToConfirm !== undefined && (
        <>
          <label className="field-label" htmlFor={id}>
            Type <strong>{typeToConfirm}</strong> to confirm
          </label>
          <input
            id={id}
            className="text-field"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoFocus
            autoComplete="off"
            spellCheck={false}
          />
        </>
      )}
    </Dialog>
  );
}
