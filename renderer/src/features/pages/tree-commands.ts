/**
 * What the sidebar tree does on a key, a menu choice or a drop, outside React. The component
 * forwards events here; these call the workspace session and the tree's view state.
 */
import type { PageId } from '../../../../shared/ids';
import { flattenVisible, type VisibleRow } from '../../../../shared/model';
import type { AppController, OpenWorkspace } from '../../session/app-controller';
import type { TreeMove } from '../../session/workspace-session';
import type { DropZone } from '../../session/tree-moves';
import { dropTarget } from '../../session/tree-moves';
import { roleAbility } from '../members/role-actions';

export interface KeyLike {
  readonly key: string;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
}

/** The rows the sidebar shows, in order. */
export function visibleRows(open: OpenWorkspace): VisibleRow[] {
  return flattenVisible(open.session.getTree(), open.treeView.expanded.get());
}

export function movePage(open: OpenWorkspace, pageId: PageId, how: TreeMove): void {
  const moved = open.session.move(pageId, how);
  if (!moved) return;
  // Keep the moved page in sight: indenting nests it under a page that may be collapsed.
  open.treeView.reveal(open.session.getTree(), pageId);
  open.treeView.focused.set(pageId);
}

/** Handles a key on the focused row; returns false for keys the tree does not use. */
export function handleTreeKey(app: AppController, open: OpenWorkspace, event: KeyLike): boolean {
  const { treeView } = open;
  const rows = visibleRows(open);
  const focused = treeView.focused.get() ?? rows[0]?.node.page.id ?? null;
  if (focused === null) return false;
  const at = rows.findIndex((row) => row.node.page.id === focused);
  const row = rows[at];
  const focus = (index: number) => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (target) treeView.focused.set(target.node.page.id);
  };
  const mod = event.ctrlKey || event.metaKey;
  if (mod) return false;

  if (event.altKey && event.shiftKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
    if (mayChange(app, open)) movePage(open, focused, event.key === 'ArrowUp' ? 'up' : 'down');
    return true;
  }
  if (event.altKey) return false;
  switch (event.key) {
    case 'ArrowDown':
      focus(at + 1);
      return true;
    case 'ArrowUp':
      focus(at - 1);
      return true;
    case 'Home':
      focus(0);
      return true;
    case 'End':
      focus(rows.length - 1);
      return true;
    case 'ArrowRight':
      if (row?.hasChildren && !row.expanded) treeView.setExpanded(focused, true);
      else if (row?.expanded) focus(at + 1);
      return true;
    case 'ArrowLeft':
      if (row?.expanded) treeView.setExpanded(focused, false);
      else if (row?.node.parent) treeView.focused.set(row.node.parent);
      return true;
    case 'Enter':
      app.openPage(focused);
      return true;
    case 'F2':
      if (mayChange(app, open)) treeView.renaming.set(focused);
      return true;
    case 'Tab':
      if (mayChange(app, open)) movePage(open, focused, event.shiftKey ? 'outdent' : 'indent');
      return true; // also when the move does not apply: Tab stays in the tree's hands
    case 'Delete':
      if (mayChange(app, open)) trashAndRefocus(app, open, focused, rows, at);
      return true;
    default:
      return false;
  }
}

/** Whether our role may change the page tree; if not, a toast says why (a key has no tooltip). */
function mayChange(app: AppController, open: OpenWorkspace): boolean {
  const ability = roleAbility(open.members.abilities.get(), 'changePages');
  if (!ability.allowed) app.toasts.show('error', ability.reason);
  return ability.allowed;
}

/** Moves a page to the trash and puts the focus on its neighbour. */
export function trashAndRefocus(app: AppController, open: OpenWorkspace, pageId: PageId, rows: VisibleRow[], at: number): void {
  open.session.trashPage(pageId);
  const next = rows.slice(at + 1).find((row) => !isUnder(open, row.node.page.id, pageId)) ?? rows[at - 1];
  open.treeView.focused.set(next?.node.page.id ?? null);
  const view = app.route.view;
  if (view.kind === 'page' && isUnder(open, view.pageId, pageId)) app.router.navigate({ ...app.route, view: { kind: 'home' } });
}

function isUnder(open: OpenWorkspace, pageId: PageId, ancestor: PageId): boolean {
  for (let id: PageId | null = pageId; id !== null; id = open.session.getTree().byId.get(id)?.parent ?? null) {
    if (id === ancestor) return true;
  }
  return false;
}

/** Where a drag over a row would drop, from the pointer's height in the row. */
export function zoneAt(offsetY: number, height: number): DropZone {
  const EDGE = 0.28; // the top and bottom bands reorder; the middle nests
  if (offsetY < height * EDGE) return 'before';
  if (offsetY > height * (1 - EDGE)) return 'after';
  return 'inside';
}

/** Updates the drop hint for a drag over a row; false when the drop is not allowed there. */
export function dragOver(open: OpenWorkspace, target: PageId, zone: DropZone): boolean {
  const dragged = open.treeView.dragging.get();
  const allowed = dragged !== null && dropTarget(open.session.getTree(), dragged, target, zone) !== null;
  const current = open.treeView.dropHint.get();
  if (!allowed) open.treeView.dropHint.set(null);
  else if (current?.pageId !== target || current.zone !== zone) open.treeView.dropHint.set({ pageId: target, zone });
  return allowed;
}

export function drop(open: OpenWorkspace, target: PageId, zone: DropZone): void {
  const dragged = open.treeView.dragging.get();
  open.treeView.endDrag();
  if (dragged === null) return;
  if (open.session.drop(dragged, target, zone) && zone === 'inside') open.treeView.setExpanded(target, true);
  open.treeView.focused.set(dragged);
}
