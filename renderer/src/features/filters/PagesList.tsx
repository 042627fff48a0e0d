/** The sidebar's page list: the tree, or the matching pages while a filter is active. */
import type { OpenWorkspace } from '../../session/app-controller';
import { isFiltering } from '../../session/page-filter';
import { FilterIcon } from '../properties/kind-icons';
import { useCell } from '../../ui/use-cell';
import { PageTree } from '../pages/PageTree';
import { FilteredPages } from './FilteredPages';

export function PagesList({ open }: { open: OpenWorkspace }) {
  const criteria = useCell(open.treeView.filter.criteria);
  return isFiltering(criteria) ? <FilteredPages open={open} /> : <PageTree open={open} />;
}

/** The button in the Pages heading that shows or hides the filter controls. */
export function FilterToggle({ open }: { open: OpenWorkspace }) {
  const shown = useCell(open.treeView.filter.open);
  const filtering = isFiltering(useCell(open.treeView.filter.criteria));
  return (
    <button
      type="button"
      className={filtering ? 'icon-button small filter-toggle active' : 'icon-button small filter-toggle'}
      aria-label="Filter pages by kind or tag"
      aria-pressed={shown || filtering}
      title="Filter by kind or tag"
      data-testid="filter-toggle"
      onClick={() => open.treeView.filter.toggleOpen()}
    >
      <FilterIcon />
    </button>
  );
}
