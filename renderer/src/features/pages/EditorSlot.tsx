/**
 * Mounts the editor only once the page doc holds its existing content (DocSession.whenReady):
 * an editor created over a doc still loading writes its own empty paragraph into it, which
 * duplicates content on every reload.
 */
import { useMemo } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { CommentsSession } from '../../session/comments-session';
import type { DocSession } from '../../session/doc-session';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { PageEditor } from '../../editor/PageEditor';
import { WorkspaceDirectory } from '../../session/workspace-directory';

export function EditorSlot(props: { open: OpenWorkspace; session: DocSession; editable: boolean; canComment?: boolean; comments?: CommentsSession }) {
  const { open, session, editable, canComment = true, comments } = props;
  const app = useApp();
  const ready = useCell(session.ready);
  const pages = useMemo(
    () => new WorkspaceDirectory(open.session, (pageId) => app.openPage(pageId), session.docId as PageId),
    [open.session, app, session.docId],
  );
  if (!ready) return <div className="editor-skeleton" aria-busy="true" data-testid="editor-loading" />;
  return (
    <div className="editor-slot" data-testid="editor-slot">
      <PageEditor
        doc={session.doc}
        awareness={session.awareness}
        workspaceId={open.session.workspaceId}
        bridge={app.bridge}
        editable={editable}
        canComment={canComment}
        onError={app.toasts.error}
        pages={pages}
        comments={comments}
      />
    </div>
  );
}
