/**
 * While a filter is active, the sidebar lists the matching pages flat, each with the path of
 * its ancestors (a pruned tree would put the matches among greyed pages that do not match).
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { OpenWorkspace } from '../../session/app-controller';
import { filterPages } from '../../session/page-filter';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { KindIcon } from '../properties/KindIcon';
import { useKinds } from '../properties/use-kinds';
import { describeKind } from '../../../../shared/model';

export function FilteredPages({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const tree = useSyncExternalStore(open.session.subscribe, open.session.getTree);
  const kinds = useKinds(open.session);
  const criteria = useCell(open.treeView.filter.criteria);
  const route = useCell(app.router.route);
  const matches = useMemo(() => filterPages(tree, criteria), [tree, criteria]);
  const current = route.view.kind === 'page' ? route.view.pageId : null;

  if (matches.length === 0) {
    return (
      <div className="filter-empty" data-testid="filter-empty">
        <p>No pages match these filters</p>
        <button type="button" className="button small" onClick={() => open.treeView.filter.clear()}>
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <>
      <p className="filter-summary" aria-live="polite">
        {matches.length === 1 ? '1 page' : `${matches.length} pages`}
      </p>
      <ul className="filtered-pages" aria-label="Matching pages" data-testid="filtered-pages">
        {matches.map(({ page, ancestors }) => {
          const kind = describeKind(kinds, page.kind);
          return (
            <li key={page.id}>
              <button
                type="button"
                className={page.id === current ? 'filtered-row active' : 'filtered-row'}
                aria-current={page.id === current ? 'page' : undefined}
                data-testid="filtered-row"
                data-page-id={page.id}
                onClick={() => app.openPage(page.id)}
              >
                <span className="filtered-icon" title={kind.label}>
                  {page.icon ?? <KindIcon kind={kind} />}
                </span>
                <span className="filtered-text">
                  <span className={page.title ? 'filtered-title' : 'filtered-title untitled'}>{page.title || UNTITLED}</span>
                  {ancestors.length > 0 && (
                    <span className="filtered-path">{ancestors.map((a) => a.title || UNTITLED).join(' / ')}</span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
