/**
 * What the editor knows of the workspace's pages: `PageDirectory`, which the open workspace
 * implements (session/workspace-directory.ts) and the editor's wiki-link and embed nodes read to
 * render current titles, and the pure functions behind it: how a link reads in each state, and
 * the title ranking of the `[[` menu. No DOM, no React.
 */
import type { PageId } from '../../../shared/ids';
import { matchTitle } from '../../../shared/search/fuzzy-title';

export type PageStatus = 'live' | 'trashed' | 'missing';

export interface PageCandidate {
  readonly pageId: PageId;
  readonly title: string;
  /** The titles of its ancestors, outermost first (to tell same-named pages apart). */
  readonly path: readonly string[];
}

export interface PageDirectory {
  /** The page's current title ('' for an untitled page), or null if there is no such page. */
  title(pageId: PageId): string | null;
  status(pageId: PageId): PageStatus;
  /** Live pages whose titles match `text`, best first (recently edited first for no text). */
  search(text: string, limit: number): PageCandidate[];
  open(pageId: PageId): void;
  /** Creates a top-level page with this title; null if it could not be created. */
  create(title: string): PageId | null;
  /** Called after any title or trash change. */
  subscribe(listener: () => void): () => void;
}

export const UNTITLED = 'Untitled';

/** How a wiki link or an embed reads, and why it looks the way it does. */
export interface LinkView {
  readonly state: PageStatus | 'unresolved';
  /** The text shown in place of the link. */
  readonly text: string;
  /** `#heading` shown after the text, or null. */
  readonly heading: string | null;
  /** The tooltip: why a link is greyed out, or where it goes. */
  readonly tooltip: string;
}

export interface LinkAttrs {
  readonly pageId: PageId | null;
  readonly target: string;
  readonly label: string | null;
  readonly heading: string | null;
}

const shown = (title: string): string => (title.trim() === '' ? UNTITLED : title);

export function describeLink(attrs: LinkAttrs, pages: PageDirectory | null): LinkView {
  const label = attrs.label !== null && attrs.label !== '' ? attrs.label : null;
  const heading = label === null ? attrs.heading : null;
  const fallback = label ?? (attrs.target || UNTITLED);
  if (attrs.pageId === null) {
    return { state: 'unresolved', text: fallback, heading, tooltip: `No page “${attrs.target}” (the link did not resolve)` };
  }
  const title = pages?.title(attrs.pageId) ?? null;
  const status = pages ? pages.status(attrs.pageId) : 'missing';
  if (title === null || status === 'missing') return { state: 'missing', text: fallback, heading, tooltip: 'Page not found' };
  const text = label ?? shown(title);
  if (status === 'trashed') return { state: 'trashed', text, heading, tooltip: `In trash: “${shown(title)}”` };
  return { state: 'live', text, heading, tooltip: `Open “${shown(title)}”` };
}

// ---- fuzzy title ranking ----------------------------------------------------------------------

export interface RankedTitle {
  readonly pageId: PageId;
  readonly title: string;
  readonly updatedAt: number;
}

/**
 * The best `limit` titles for `query` (shared/search/fuzzy-title.ts, the quick switcher's
 * matcher); ties, and every page for a blank query, go most recently edited first.
 */
export function rankTitles(query: string, titles: readonly RankedTitle[], limit: number): RankedTitle[] {
  const blank = query.trim() === '';
  return titles
    .map((entry) => ({ entry, score: blank ? 1 : (matchTitle(query, entry.title)?.score ?? 0) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || b.entry.updatedAt - a.entry.updatedAt || a.entry.title.localeCompare(b.entry.title))
    .slice(0, limit)
    .map(({ entry }) => entry);
}
