/**
 * The sidebar tree's view state for one workspace: which pages are expanded (remembered across
 * sessions), which row has keyboard focus, which row is being renamed. UI state only; the tree
 * itself is derived from the workspace doc.
 */
import type { PageId, WorkspaceId } from '../../../shared/ids';
import { pathTo, type PageTree } from '../../../shared/model';
import { readSetting, writeSetting } from './local-settings';
import { PageFilter } from './page-filter';
import { StateCell } from './state-cell';
import type { DropZone } from './tree-moves';

export interface DropHint {
  readonly pageId: PageId;
  readonly zone: DropZone;
}

export class TreeViewState {
  readonly expanded: StateCell<ReadonlySet<PageId>>;
  readonly focused = new StateCell<PageId | null>(null);
  readonly renaming = new StateCell<PageId | null>(null);
  /** The page being dragged, and where it would land: drag and drop feedback. */
  readonly dragging = new StateCell<PageId | null>(null);
  readonly dropHint = new StateCell<DropHint | null>(null);
  /** The sidebar's filter by kind and tag (features/filters). */
  readonly filter = new PageFilter();
  private readonly setting: string;

  constructor(workspaceId: WorkspaceId) {
    this.setting = `expanded.${workspaceId}`;
    this.expanded = new StateCell<ReadonlySet<PageId>>(new Set(parseIds(readSetting(this.setting))));
  }

  isExpanded(pageId: PageId): boolean {
    return this.expanded.get().has(pageId);
  }

  setExpanded(pageId: PageId, open: boolean): void {
    if (this.isExpanded(pageId) === open) return;
    const next = new Set(this.expanded.get());
    if (open) next.add(pageId);
    else next.delete(pageId);
    this.expanded.set(next);
    writeSetting(this.setting, JSON.stringify([...next]));
  }

  toggle(pageId: PageId): void {
    this.setExpanded(pageId, !this.isExpanded(pageId));
  }

  endDrag(): void {
    this.dragging.set(null);
    this.dropHint.set(null);
  }

  /** Expands every ancestor of a page so its row is visible. */
  reveal(tree: PageTree, pageId: PageId): void {
    for (const page of pathTo(tree, pageId).slice(0, -1)) this.setExpanded(page.id, true);
  }
}

function parseIds(raw: string | null): PageId[] {
  if (raw === null) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((id): id is PageId => typeof id === 'string') : [];
  } catch {
    return []; // a corrupt preference only loses which pages were expanded
  }
}
