/** A short message inside the editor (a refused file, a failed upload) when no `onError` is given. */
import { useEffect } from 'react';

/** How long a notice stays unless dismissed. */
const NOTICE_MS = 6_000;

export function EditorNotice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [message, onDismiss]);
  return (
    <div className="cp-editor__notice" role="alert" data-testid="editor-error">
      <span>{message}</span>
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
