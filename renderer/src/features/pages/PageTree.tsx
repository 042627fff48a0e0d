/**
 * The sidebar's page tree (an ARIA tree with a roving focus). Keys, menu choices and drops are
 * handed to tree-commands.ts; this component only renders the rows.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { PageId } from '../../../../shared/ids';
import { flattenVisible } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { Menu } from '../../ui/Menu';
import { useCell } from '../../ui/use-cell';
import { pageMenuEntries } from './page-menu';
import { PageRow } from './PageRow';
import { handleTreeKey } from './tree-commands';

interface MenuAt {
  readonly pageId: PageId;
  readonly x: number;
  readonly y: number;
}

export function PageTree({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const tree = useSyncExternalStore(open.session.subscribe, open.session.getTree);
  const expanded = useCell(open.treeView.expanded);
  const focused = useCell(open.treeView.focused);
  const route = useCell(app.router.route);
  const abilities = useCell(open.members.abilities); // the menu follows our role while it is open
  const rows = useMemo(() => flattenVisible(tree, expanded), [tree, expanded]);
  // Which row's menu is open, and where: view state of this component alone.
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const current = route.view.kind === 'page' ? route.view.pageId : null;
  const tabStop = rows.some((row) => row.node.page.id === focused) ? focused : (rows[0]?.node.page.id ?? null);

  // While the tree has the keyboard, DOM focus follows the focused row (also after a move).
  useEffect(() => {
    const root = ref.current;
    if (root === null || tabStop === null || !root.contains(document.activeElement)) return;
    if (document.activeElement?.tagName === 'INPUT') return;
    root.querySelector<HTMLElement>(`[data-page-id="${tabStop}"]`)?.focus();
  }, [tabStop, rows]);

  const onKeyDown = (event: KeyboardEvent) => {
    // Only keys on a row: not the rename field, a row's buttons, or the menu (a portal whose
    // React events still bubble through this element).
    if ((event.target as HTMLElement).getAttribute('role') !== 'treeitem') return;
    if (handleTreeKey(app, open, event)) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <div ref={ref} className="page-tree" role="tree" aria-label="Pages" data-testid="page-tree" onKeyDown={onKeyDown}>
      {rows.length === 0 && <p className="tree-empty">No pages yet.</p>}
      {rows.map((row) => (
        <PageRow
          key={row.node.page.id}
          row={row}
          open={open}
          active={row.node.page.id === current}
          tabStop={row.node.page.id === tabStop}
          onMenu={(x, y) => setMenu({ pageId: row.node.page.id, x, y })}
        />
      ))}
      {menu !== null && (
        <Menu
          x={menu.x}
          y={menu.y}
          label="Page actions"
          entries={pageMenuEntries(app, open, menu.pageId, abilities)}
          onClose={() => setMenu(null)}
        />
      )}
    </div>
  );
}
