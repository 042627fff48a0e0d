/**
 * Where the user is, kept in the URL's hash so reload, back and forward work in both the
 * desktop app and browser mode: `#/<workspaceId>`, `#/<workspaceId>/<pageId>`,
 * `#/<workspaceId>/trash`, `#/<workspaceId>/search?q=…` (search-route.ts),
 * `#/<workspaceId>/questions` (the open questions), `#/<workspaceId>/activity`,
 * `#/<workspaceId>/member/<memberId>` (a member's profile). Anything
 * unparsable reads as "no workspace chosen".
 */
import { assertNever } from '../../../shared/errors';
import { isPageId, isWorkspaceId, type MemberId, type PageId, type WorkspaceId } from '../../../shared/ids';
import { formatSearchQuery, parseSearchQuery, type SearchQuery } from './search-route';
import { StateCell } from './state-cell';

export type View =
  | { readonly kind: 'home' }
  | { readonly kind: 'page'; readonly pageId: PageId }
  | { readonly kind: 'trash' }
  | { readonly kind: 'search'; readonly query: SearchQuery }
  | { readonly kind: 'questions' }
  | { readonly kind: 'activity' }
  | { readonly kind: 'member'; readonly memberId: MemberId };

export interface Route {
  readonly workspaceId: WorkspaceId | null;
  readonly view: View;
}

const HOME: View = { kind: 'home' };
const TRASH_SEGMENT = 'trash';
const SEARCH_SEGMENT = 'search';
const QUESTIONS_SEGMENT = 'questions';
const ACTIVITY_SEGMENT = 'activity';
const MEMBER_SEGMENT = 'member';
const MEMBER_ID = /^[0-9a-f]{64}$/;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [workspace, second, third] = path.split('/');
  if (!isWorkspaceId(workspace)) return { workspaceId: null, view: HOME };
  if (second === TRASH_SEGMENT) return { workspaceId: workspace, view: { kind: 'trash' } };
  if (second === QUESTIONS_SEGMENT) return { workspaceId: workspace, view: { kind: 'questions' } };
  if (second === ACTIVITY_SEGMENT) return { workspaceId: workspace, view: { kind: 'activity' } };
  if (second === MEMBER_SEGMENT && third !== undefined && MEMBER_ID.test(third)) return { workspaceId: workspace, view: { kind: 'member', memberId: third as MemberId } };
  if (second === SEARCH_SEGMENT) return { workspaceId: workspace, view: { kind: 'search', query: parseSearchQuery(query) } };
  if (isPageId(second)) return { workspaceId: workspace, view: { kind: 'page', pageId: second } };
  return { workspaceId: workspace, view: HOME };
}

export function formatRoute(route: Route): string {
  if (route.workspaceId === null) return '#/';
  const view = route.view;
  switch (view.kind) {
    case 'home':
      return `#/${route.workspaceId}`;
    case 'trash':
      return `#/${route.workspaceId}/${TRASH_SEGMENT}`;
    case 'page':
      return `#/${route.workspaceId}/${view.pageId}`;
    case 'questions':
      return `#/${route.workspaceId}/${QUESTIONS_SEGMENT}`;
    case 'activity':
      return `#/${route.workspaceId}/${ACTIVITY_SEGMENT}`;
    case 'member':
      return `#/${route.workspaceId}/${MEMBER_SEGMENT}/${view.memberId}`;
    case 'search': {
      const query = formatSearchQuery(view.query);
      return `#/${route.workspaceId}/${SEARCH_SEGMENT}${query === '' ? '' : `?${query}`}`;
    }
    default:
      return assertNever(view, 'view');
  }
}

export const sameRoute = (a: Route, b: Route): boolean => formatRoute(a) === formatRoute(b);

export class Router {
  readonly route = new StateCell<Route>(parseRoute(location.hash));
  private readonly onHashChange = () => this.route.set(parseRoute(location.hash));

  constructor() {
    window.addEventListener('hashchange', this.onHashChange);
  }

  /** Goes to a route; `replace` rewrites the current history entry (redirects). */
  navigate(route: Route, options: { replace?: boolean } = {}): void {
    if (sameRoute(route, this.route.get())) return;
    const hash = formatRoute(route);
    if (options.replace) history.replaceState(null, '', hash);
    else history.pushState(null, '', hash);
    this.route.set(route);
  }

  destroy(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }
}
