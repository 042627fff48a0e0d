/** The sidebar's way into search: opens the quick switcher, whose footer leads to the search view. */
import { shortcutKeys } from '../../session/commands';
import { useApp } from '../../ui/app-context';
import { SearchIcon } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { Keys } from './PickerDialog';
import './search.css';

export function SidebarSearch() {
  const app = useApp();
  const { view } = useCell(app.router.route);
  return (
    <button
      type="button"
      className={view.kind === 'search' ? 'sidebar-link sidebar-search active' : 'sidebar-link sidebar-search'}
      title="Go to a page, or search every page"
      data-testid="sidebar-search"
      onClick={() => app.search.toggle('switcher')}
    >
      <SearchIcon />
      <span>Search</span>
      <Keys keys={shortcutKeys('Mod+K')} />
    </button>
  );
}
