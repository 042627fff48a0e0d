/** A read-only value with a Copy button (the clipboard write may be refused: then select it). */
import { useRef, useState } from 'react';

export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const input = useRef<HTMLInputElement>(null);
  // Whether the last copy worked: feedback on the button only.
  const [copied, setCopied] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => setCopied('copied'),
      () => {
        input.current?.select();
        setCopied('select');
      },
    );
  };
  return (
    <div className="copy-field">
      <input ref={input} className="text-field mono" readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" className="button" onClick={copy}>
        {copied === 'copied' ? 'Copied' : copied === 'select' ? 'Press Ctrl+C' : label}
      </button>
    </div>
  );
}
