/**
 * The sidebar's filter by kind and tag: view state of one open workspace (not stored, not
 * shared), and the pure function that picks the matching pages out of the tree.
 *
 * Semantics: a page matches when its kind is one of the chosen kinds (if any are chosen) and it
 * carries every chosen tag (if any are). Kinds are alternatives (a page has one); tags narrow,
 * as labels do in an issue tracker. Tags are held by key (`tagKey`), so the filter is
 * case-insensitive like tags themselves.
 */
import type { PageId } from '../../../shared/ids';
import { hasAllTags, tagKey, type PageKind, type PageRecord, type PageTree, type TreeNode } from '../../../shared/model';
import { StateCell } from './state-cell';

export interface FilterCriteria {
  readonly kinds: ReadonlySet<PageKind>;
  /** Tag keys (lower case). */
  readonly tags: ReadonlySet<string>;
}

export const NO_FILTER: FilterCriteria = { kinds: new Set(), tags: new Set() };

export const isFiltering = (criteria: FilterCriteria): boolean => criteria.kinds.size > 0 || criteria.tags.size > 0;

/** A page that matches, with the titles of its ancestors (top first) to show where it lives. */
export interface FilterMatch {
  readonly page: PageRecord;
  readonly ancestors: readonly PageRecord[];
}

export class PageFilter {
  readonly criteria = new StateCell<FilterCriteria>(NO_FILTER);
  /** Whether the filter controls show (they also show while a filter is active). */
  readonly open = new StateCell(false);

  toggleKind(kind: PageKind): void {
    this.criteria.set({ ...this.criteria.get(), kinds: toggled(this.criteria.get().kinds, kind) });
  }

  toggleTag(tag: string): void {
    this.criteria.set({ ...this.criteria.get(), tags: toggled(this.criteria.get().tags, tagKey(tag)) });
  }

  /** What a click on a tag does: the pages with that tag, whatever was filtered before. */
  showTag(tag: string): void {
    this.criteria.set({ kinds: new Set(), tags: new Set([tagKey(tag)]) });
    this.open.set(true);
  }

  clear(): void {
    this.criteria.set(NO_FILTER);
  }

  toggleOpen(): void {
    const open = !this.open.get();
    this.open.set(open);
    if (!open) this.clear();
  }
}

function toggled<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

export function matches(page: PageRecord, criteria: FilterCriteria): boolean {
  return (criteria.kinds.size === 0 || criteria.kinds.has(page.kind)) && hasAllTags(page, criteria.tags);
}

/**
 * The visible pages (not in the trash) that match, in tree order — every depth, whether or not
 * its parent is expanded — each with its ancestors.
 */
export function filterPages(tree: PageTree, criteria: FilterCriteria): FilterMatch[] {
  const out: FilterMatch[] = [];
  // Iterative pre-order walk, as in shared/model/tree.ts: a deep tree must not overflow the stack.
  const stack: Array<{ node: TreeNode; ancestors: readonly PageRecord[] }> = [...tree.roots].reverse().map((node) => ({ node, ancestors: [] }));
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, ancestors } = item;
    if (matches(node.page, criteria)) out.push({ page: node.page, ancestors });
    const below = [...ancestors, node.page];
    for (const child of [...node.children].reverse()) stack.push({ node: child, ancestors: below });
  }
  return out;
}

/** The ids of matching pages, for tests and keyboard walks. */
export const matchIds = (matches: readonly FilterMatch[]): PageId[] => matches.map((m) => m.page.id);
