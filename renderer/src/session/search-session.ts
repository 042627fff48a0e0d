/**
 * Search in the renderer, outside React: which overlay is open (quick switcher or command
 * palette), the pages opened recently, and the search view's results, which follow the route
 * (`#/<ws>/search?…`). Every query goes to the host's index over the bridge.
 */
import type { SearchFacets, SearchResults, TitleHit } from '../../../shared/bridge/search';
import type { PageId, WorkspaceId } from '../../../shared/ids';
import type { AppController } from './app-controller';
import { noteRecentPage, readRecentPages } from './recent-pages';
import { EMPTY_SEARCH, type SearchQuery } from './search-route';
import { StateCell } from './state-cell';

export type Overlay = 'switcher' | 'palette';

export interface SearchViewState {
  readonly workspaceId: WorkspaceId | null;
  readonly query: SearchQuery;
  readonly results: SearchResults | null;
  readonly facets: SearchFacets | null;
  readonly loading: boolean;
}

/** Results the search view asks for. */
export const SEARCH_VIEW_LIMIT = 50;
/** Results the quick switcher shows. */
export const SWITCHER_LIMIT = 12;

export class SearchSession {
  readonly overlay = new StateCell<Overlay | null>(null);
  readonly view = new StateCell<SearchViewState>({ workspaceId: null, query: EMPTY_SEARCH, results: null, facets: null, loading: false });
  private asked = 0;
  /** Whether the route showed the search view last time it changed. */
  private inView = false;
  private readonly disposers: Array<() => void> = [];

  constructor(private readonly app: AppController) {
    this.disposers.push(
      app.page.subscribe(() => {
        const page = app.page.get();
        const workspaceId = app.route.workspaceId;
        if (page !== null && workspaceId !== null) noteRecentPage(workspaceId, page.pageId);
      }),
      app.router.route.subscribe(() => this.followRoute()),
    );
    this.followRoute();
  }

  toggle(overlay: Overlay): void {
    const open = this.app.workspace.get() !== null;
    this.overlay.set(this.overlay.get() === overlay || !open ? null : overlay);
  }

  close(): void {
    this.overlay.set(null);
  }

  /** Opens the search view (the full results page) for `text`. */
  openView(text = ''): void {
    const workspaceId = this.app.route.workspaceId;
    if (workspaceId === null) return;
    this.close();
    this.app.router.navigate({ workspaceId, view: { kind: 'search', query: { ...EMPTY_SEARCH, text } } });
  }

  /** Changes the search view's query (typing, filter chips): the route changes, results follow. */
  setQuery(query: SearchQuery): void {
    const workspaceId = this.app.route.workspaceId;
    if (workspaceId !== null) this.app.router.navigate({ workspaceId, view: { kind: 'search', query } }, { replace: true });
  }

  /** The quick switcher's answer: fuzzy title matches first, then pages with the words in their body. */
  titles(text: string): Promise<TitleHit[]> {
    const workspaceId = this.app.route.workspaceId;
    if (workspaceId === null) return Promise.resolve([]);
    return this.app.bridge.search.titles({ workspaceId, text, limit: SWITCHER_LIMIT });
  }

  recentPages(): PageId[] {
    const workspaceId = this.app.route.workspaceId;
    return workspaceId === null ? [] : readRecentPages(workspaceId);
  }

  destroy(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  /** Runs the search view's query when the route shows it; facets are fetched again on entering it. */
  private followRoute(): void {
    const { workspaceId, view } = this.app.route;
    const entering = !this.inView;
    this.inView = view.kind === 'search' && workspaceId !== null;
    if (view.kind !== 'search' || workspaceId === null) return;
    const current = this.view.get();
    const sameWorkspace = current.workspaceId === workspaceId;
    this.view.set({ ...current, workspaceId, query: view.query, loading: true, ...(sameWorkspace ? {} : { results: null, facets: null }) });
    void this.run(workspaceId, view.query, entering || !sameWorkspace || current.facets === null);
  }

  private async run(workspaceId: WorkspaceId, query: SearchQuery, withFacets: boolean): Promise<void> {
    const ask = ++this.asked;
    const { text, kinds, tags, authors } = query;
    try {
      const [results, facets] = await Promise.all([
        this.app.bridge.search.query({ workspaceId, text, kinds: [...kinds], tags: [...tags], authors: [...authors], limit: SEARCH_VIEW_LIMIT }),
        withFacets ? this.app.bridge.search.facets({ workspaceId }) : Promise.resolve(this.view.get().facets),
      ]);
      if (ask === this.asked) this.view.set({ workspaceId, query, results, facets, loading: false });
    } catch (error) {
      if (ask === this.asked) this.view.patch({ loading: false });
      this.app.toasts.error(error);
    }
  }
}
