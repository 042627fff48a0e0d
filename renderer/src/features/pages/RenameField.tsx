/**
 * Inline rename of a tree row. Uncontrolled: it starts from the stored title and writes only on
 * Enter or blur; Escape leaves the title as it was.
 */
import { useEffect, useRef } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { OpenWorkspace } from '../../session/app-controller';

export function RenameField({ open, pageId, title }: { open: OpenWorkspace; pageId: PageId; title: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  const finish = (commit: boolean) => {
    if (done.current) return;
    done.current = true;
    const value = ref.current?.value ?? title;
    if (commit && value !== title) open.session.renamePage(pageId, value);
    open.treeView.renaming.set(null);
    open.treeView.focused.set(pageId);
    // Give the keyboard back to the row.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-page-id="${pageId}"]`)?.focus());
  };

  return (
    <input
      ref={ref}
      className="tree-rename"
      defaultValue={title}
      aria-label="Page title"
      data-testid="page-rename"
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') finish(true);
        if (event.key === 'Escape') finish(false);
      }}
      onBlur={() => finish(true)}
    />
  );
}
