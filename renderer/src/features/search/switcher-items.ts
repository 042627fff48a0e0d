/**
 * What the quick switcher lists: for empty text the pages opened recently (then the rest of
 * the recently updated ones), for text the host's title-and-body matches; each with where it
 * sits in the tree, from the workspace doc the renderer already has.
 */
import type { Range } from '../../../../shared/bridge/search';
import type { PageId } from '../../../../shared/ids';
import { pathTo, type PageTree } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import type { SearchSession } from '../../session/search-session';
import { UNTITLED } from '../../session/workspace-session';
import type { PickerSource } from './picker';

export interface SwitcherItem {
  readonly pageId: PageId;
  readonly title: string;
  readonly kind: string;
  /** The titles of its ancestors, top first. */
  readonly path: readonly string[];
  readonly highlights: readonly Range[];
  readonly matchedBody: boolean;
  readonly recent: boolean;
}

/** Pages shown before anything is typed. */
export const RECENT_SHOWN = 8;

function item(tree: PageTree, pageId: PageId, extra: Partial<SwitcherItem> = {}): SwitcherItem | null {
  const node = tree.byId.get(pageId);
  if (node === undefined || node.inTrash) return null;
  const path = pathTo(tree, pageId).slice(0, -1).map((page) => page.title || UNTITLED);
  return { pageId, title: node.page.title, kind: node.page.kind, path, highlights: [], matchedBody: false, recent: false, ...extra };
}

export function switcherSource(search: SearchSession, open: OpenWorkspace): PickerSource<SwitcherItem> {
  return (text) => {
    const tree = open.session.getTree();
    if (text.trim() === '') {
      const recent = search.recentPages().flatMap((id) => item(tree, id, { recent: true }) ?? []);
      const seen = new Set(recent.map((r) => r.pageId));
      const others = [...tree.byId.values()]
        .filter((node) => !node.inTrash && !seen.has(node.page.id))
        .sort((a, b) => b.page.updatedAt - a.page.updatedAt)
        .flatMap((node) => item(tree, node.page.id) ?? []);
      return [...recent, ...others].slice(0, RECENT_SHOWN);
    }
    return search.titles(text).then((hits) =>
      hits.flatMap((hit) => item(open.session.getTree(), hit.pageId, { highlights: hit.titleHighlights, matchedBody: hit.matchedBody }) ?? []),
    );
  };
}
