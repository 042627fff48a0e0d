/**
 * The bubble menu's link field: Enter applies (after parseLinkInput accepts it), an empty field
 * removes the link, Escape cancels. The editor selection stays highlighted meanwhile (the
 * Selection extension draws it while the editor is blurred).
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { parseLinkInput } from './link-policy';

export function LinkInput({ editor, initialHref, onClose }: { editor: Editor; initialHref: string; onClose: () => void }) {
  const [value, setValue] = useState(initialHref);
  const [problem, setProblem] = useState<string | null>(null);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const verdict = parseLinkInput(value);
    switch (verdict.kind) {
      case 'invalid':
        setProblem(verdict.reason);
        return;
      case 'remove':
        editor.chain().focus().extendMarkRange('link').unsetLink().run();
        break;
      case 'set':
        editor.chain().focus().extendMarkRange('link').setLink({ href: verdict.href }).run();
        break;
    }
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <form className="cp-link-input" onSubmit={apply} data-testid="link-input">
      <input
        autoFocus
        type="text"
        inputMode="url"
        spellCheck={false}
        placeholder="Paste or type a link…"
        aria-label="Link address"
        aria-invalid={problem !== null}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setProblem(null);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="cp-bubble-menu__button">
        Apply
      </button>
      {initialHref !== '' && (
        <button
          type="button"
          className="cp-bubble-menu__button"
          onClick={() => {
            editor.chain().focus().extendMarkRange('link').unsetLink().run();
            onClose();
          }}
        >
          Remove
        </button>
      )}
      {problem && (
        <div className="cp-link-input__problem" role="alert">
          {problem}
        </div>
      )}
    </form>
  );
}
