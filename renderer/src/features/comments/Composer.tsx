/**
 * A text box to write a comment, a reply or an answer: Ctrl/Cmd+Enter posts, Escape cancels.
 * What is typed is the member's draft (view state), handed to `onSubmit` on posting; the box
 * empties only when the post was accepted.
 */
import { useState, type KeyboardEvent } from 'react';
import { MAX_COMMENT_LENGTH } from '../../../../shared/model/comments';

export interface ComposerProps {
  readonly placeholder: string;
  readonly submitLabel: string;
  /** Returns whether the post was accepted. */
  readonly onSubmit: (body: string) => boolean;
  readonly onCancel?: () => void;
  readonly initialValue?: string;
  readonly autoFocus?: boolean;
  /** Rows when empty; the box grows with its content. */
  readonly rows?: number;
  readonly testId?: string;
}

export function Composer({ placeholder, submitLabel, onSubmit, onCancel, initialValue = '', autoFocus, rows = 2, testId }: ComposerProps) {
  // The draft being typed: the member's input, not document content.
  const [body, setBody] = useState(initialValue);
  const empty = body.trim() === '';
  const submit = () => {
    if (!empty && onSubmit(body)) setBody('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <div className="composer" data-testid={testId}>
      <textarea
        className="composer-input"
        value={body}
        placeholder={placeholder}
        aria-label={placeholder}
        rows={rows}
        maxLength={MAX_COMMENT_LENGTH}
        autoFocus={autoFocus}
        onChange={(event) => setBody(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        {onCancel && (
          <button type="button" className="button small" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="button small primary" disabled={empty} onClick={submit} title="Ctrl+Enter" data-testid={testId && `${testId}-submit`}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}
