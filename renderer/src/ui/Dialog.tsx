/**
 * A modal dialog on the native <dialog> element: focus is trapped and restored by the browser,
 * Escape cancels. Mounted only while open.
 */
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

export interface DialogProps {
  readonly title: string;
  readonly children: ReactNode;
  /** The buttons; a submit button submits the form (Enter in a field does too). */
  readonly actions: ReactNode;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
  readonly testId?: string;
}

export function Dialog({ title, children, actions, onSubmit, onCancel, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null || dialog.open) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      data-testid={testId}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onCancel(); // a click on the backdrop
      }}
    >
      <form className="dialog-body" onSubmit={submit}>
        <h2 className="dialog-title">{title}</h2>
        {children}
        <div className="dialog-actions">{actions}</div>
      </form>
    </dialog>
  );
}
