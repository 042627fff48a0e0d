/** Where the open page sits: its ancestors (each opens), then the page. */
import { useSyncExternalStore } from 'react';
import type { PageId } from '../../../../shared/ids';
import { pathTo } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';

export function Breadcrumbs({ open, pageId }: { open: OpenWorkspace; pageId: PageId }) {
  const app = useApp();
  const tree = useSyncExternalStore(open.session.subscribe, open.session.getTree);
  const path = pathTo(tree, pageId);
  const inTrash = tree.byId.get(pageId)?.inTrash ?? false;
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs" data-testid="breadcrumbs">
      {inTrash && (
        <span className="crumb">
          <button type="button" className="crumb-link" onClick={() => app.openTrash()}>
            Trash
          </button>
          <span className="crumb-separator" aria-hidden="true">/</span>
        </span>
      )}
      {path.map((page, index) => {
        const last = index === path.length - 1;
        const title = page.title || UNTITLED;
        return (
          <span key={page.id} className="crumb">
            {index > 0 && <span className="crumb-separator" aria-hidden="true">/</span>}
            {last ? (
              <span className="crumb-current" aria-current="page">{title}</span>
            ) : (
              <button type="button" className="crumb-link" onClick={() => app.openPage(page.id)}>
                {title}
              </button>
            )}
          </span>
        );
      })}
    </nav>
  );
}
