/** One row of the page tree: chevron, title (or the rename field), and hover actions. */
import { useSyncExternalStore, type DragEvent, type MouseEvent } from 'react';
import type { VisibleRow } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { ChevronRight, Dots, Plus } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { KindIcon } from '../properties/KindIcon';
import { useKind } from '../properties/use-kinds';
import { gatedButton } from '../members/role-actions';
import { useRoleAbility } from '../members/use-abilities';
import { RenameField } from './RenameField';
import { dragOver, drop, zoneAt } from './tree-commands';

/** Indentation per tree level, in px. */
const INDENT = 14;
const DRAG_TYPE = 'application/x-commonplace-page';

export interface PageRowProps {
  readonly row: VisibleRow;
  readonly open: OpenWorkspace;
  readonly active: boolean;
  readonly tabStop: boolean;
  readonly onMenu: (x: number, y: number) => void;
}

export function PageRow({ row, open, active, tabStop, onMenu }: PageRowProps) {
  const app = useApp();
  const { page } = row.node;
  const { treeView } = open;
  const renaming = useCell(treeView.renaming) === page.id;
  const kind = useKind(open.session, page.kind);
  const change = useRoleAbility(open, 'changePages');
  const hint = useSyncExternalStore(treeView.dropHint.subscribe, () => {
    const current = treeView.dropHint.get();
    return current?.pageId === page.id ? current.zone : null;
  });

  const select = () => {
    treeView.focused.set(page.id);
    app.openPage(page.id);
  };
  const stop = (event: MouseEvent) => event.stopPropagation();
  const zoneOf = (event: DragEvent<HTMLElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return zoneAt(event.clientY - rect.top, rect.height);
  };

  return (
    <div
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.hasChildren ? row.expanded : undefined}
      aria-selected={active}
      tabIndex={tabStop ? 0 : -1}
      className={['tree-row', active && 'active', hint && `drop-${hint}`].filter(Boolean).join(' ')}
      style={{ paddingLeft: 6 + row.depth * INDENT }}
      data-testid="page-row"
      data-page-id={page.id}
      draggable={!renaming && change.allowed}
      onClick={select}
      onFocus={() => treeView.focused.set(page.id)}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(event.clientX, event.clientY);
      }}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, page.id);
        event.dataTransfer.effectAllowed = 'move';
        treeView.dragging.set(page.id);
      }}
      onDragOver={(event) => {
        if (!dragOver(open, page.id, zoneOf(event))) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
      }}
      onDrop={(event) => {
        event.preventDefault();
        drop(open, page.id, zoneOf(event));
      }}
      onDragEnd={() => treeView.endDrag()}
    >
      <button
        type="button"
        tabIndex={-1}
        className={`tree-toggle ${row.hasChildren ? '' : 'leaf'} ${row.expanded ? 'open' : ''}`}
        aria-label={row.expanded ? 'Collapse' : 'Expand'}
        onClick={(event) => {
          stop(event);
          if (row.hasChildren) treeView.toggle(page.id);
        }}
      >
        <span className="tree-toggle-chevron"><ChevronRight /></span>
        <span className="tree-toggle-icon" title={kind.label}>{page.icon ?? <KindIcon kind={kind} />}</span>
      </button>
      {renaming ? (
        <RenameField open={open} pageId={page.id} title={page.title} />
      ) : (
        <span className={page.title ? 'tree-title' : 'tree-title untitled'}>{page.title || UNTITLED}</span>
      )}
      <span className="tree-actions">
        <button
          type="button"
          tabIndex={-1}
          className="icon-button small"
          aria-label="Page actions"
          title="Rename, move, duplicate…"
          data-testid="page-row-menu"
          onClick={(event) => {
            stop(event);
            const rect = event.currentTarget.getBoundingClientRect();
            onMenu(rect.left, rect.bottom + 4);
          }}
        >
          <Dots />
        </button>
        <button
          type="button"
          tabIndex={-1}
          className="icon-button small"
          aria-label="Add a page inside"
          data-testid="page-row-add"
          {...gatedButton(change, 'Add a page inside')}
          onClick={(event) => {
            stop(event);
            app.newPage(page.id);
          }}
        >
          <Plus />
        </button>
      </span>
    </div>
  );
}
