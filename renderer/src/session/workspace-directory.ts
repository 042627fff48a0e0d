/**
 * The open workspace as the editor's PageDirectory: titles and trash state from the page tree
 * (so links re-render when a page is renamed, trashed or restored), fuzzy title search for the
 * `[[` menu, and page creation and navigation through the session and the router.
 */
import type { PageId } from '../../../shared/ids';
import { MAX_TITLE_LENGTH, pathTo, type PageTree } from '../../../shared/model';
import { rankTitles, type PageCandidate, type PageDirectory, type PageStatus, type RankedTitle } from '../editor/page-directory';
import type { WorkspaceSession } from './workspace-session';

export class WorkspaceDirectory implements PageDirectory {
  private titles: { tree: PageTree; live: RankedTitle[] } | null = null;

  constructor(
    private readonly workspace: Pick<WorkspaceSession, 'getTree' | 'subscribe' | 'createPage'>,
    private readonly navigate: (pageId: PageId) => void,
    /** The page being edited: left out of search results (a page rarely links to itself). */
    private readonly current: PageId | null = null,
  ) {}

  title(pageId: PageId): string | null {
    return this.workspace.getTree().byId.get(pageId)?.page.title ?? null;
  }

  status(pageId: PageId): PageStatus {
    const node = this.workspace.getTree().byId.get(pageId);
    if (node === undefined) return 'missing';
    return node.inTrash ? 'trashed' : 'live';
  }

  search(text: string, limit: number): PageCandidate[] {
    const tree = this.workspace.getTree();
    return rankTitles(text, this.liveTitles(tree), limit).map(({ pageId, title }) => ({
      pageId,
      title,
      path: pathTo(tree, pageId)
        .slice(0, -1)
        .map((page) => page.title),
    }));
  }

  open(pageId: PageId): void {
    this.navigate(pageId);
  }

  create(title: string): PageId | null {
    return this.workspace.createPage({ parentId: null, title: title.trim().slice(0, MAX_TITLE_LENGTH) });
  }

  readonly subscribe = (listener: () => void): (() => void) => this.workspace.subscribe(listener);

  /** Live pages' titles, computed once per tree. */
  private liveTitles(tree: PageTree): RankedTitle[] {
    if (this.titles?.tree !== tree) {
      const live = [...tree.byId.values()]
        .filter((node) => !node.inTrash && node.page.id !== this.current)
        .map((node) => ({ pageId: node.page.id, title: node.page.title, updatedAt: node.page.updatedAt }));
      this.titles = { tree, live };
    }
    return this.titles.live;
  }
}
