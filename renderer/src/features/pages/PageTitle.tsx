/**
 * The page title above the editor. The value is the workspace doc's title (read through the
 * tree); each keystroke writes it back with renamePage, so the sidebar follows as you type.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';

export function PageTitle({ open, pageId, editable }: { open: OpenWorkspace; pageId: PageId; editable: boolean }) {
  const app = useApp();
  const ref = useRef<HTMLTextAreaElement>(null);
  const title = useSyncExternalStore(open.session.subscribe, () => open.session.getTree().byId.get(pageId)?.page.title ?? '');
  const fresh = useCell(app.freshPage) === pageId;

  useEffect(() => {
    if (!fresh) return;
    ref.current?.focus();
    app.freshPage.set(null);
  }, [fresh, app]);

  const focusEditor = () =>
    ref.current?.closest('.page')?.querySelector<HTMLElement>('[contenteditable="true"]')?.focus();

  return (
    <textarea
      ref={ref}
      className="page-title"
      data-testid="page-title"
      aria-label="Page title"
      placeholder={UNTITLED}
      rows={1}
      value={title}
      readOnly={!editable}
      spellCheck
      onChange={(event) => open.session.renamePage(pageId, event.target.value.replace(/\n/g, ' '))}
      onKeyDown={(event) => {
        const atEnd = event.currentTarget.selectionStart === event.currentTarget.value.length;
        if (event.key === 'Enter' || (event.key === 'ArrowDown' && atEnd)) {
          event.preventDefault();
          focusEditor();
        }
      }}
    />
  );
}
