/**
 * CommentsActivity: the comments, answers and accepted answers of every page of one workspace,
 * read from the pages' comments docs (shared/model/activity-extract.ts `commentsActivity`), with
 * how their authors presented themselves (a fallback for names the members map lacks).
 *
 * A comments doc is read once and what it says kept until the doc changes (any origin: a
 * renderer, a peer catching up), like the open-questions cache. Only comments docs the store
 * holds are read: a page nobody commented on has none, and loading it would only make an empty one.
 */
import type { CommentsDocId, DocId, MemberId, PageId } from '../../../shared/ids';
import type { ActivityItem } from '../../../shared/model/activity';
import { commentAuthors, commentsActivity } from '../../../shared/model/activity-extract';
import { getPagesMap } from '../../../shared/model';
import { commentsDocId, pageOfCommentsDoc, type Author } from '../../../shared/model/comments';
import type { OpenWorkspace } from '../workspace/workspace-service';

/** Comments docs read at once when the items are computed cold. */
const READ_CONCURRENCY = 8;

interface PageComments {
  readonly items: readonly ActivityItem[];
  readonly authors: ReadonlyMap<MemberId, Author>;
}

export interface CommentsSnapshot {
  readonly items: ActivityItem[];
  readonly authors: Map<MemberId, Author>;
}

export class CommentsActivity {
  private readonly cache = new Map<PageId, PageComments>();
  /** Bumped on every change of a page's comments doc: a read that raced a change is not kept. */
  private readonly generation = new Map<PageId, number>();
  /** Doc ids the store holds, and those that changed since (null: not listed yet). */
  private stored: Set<string> | null = null;
  private readonly pageOf = new Map<string, PageId>();

  constructor(
    private readonly workspace: OpenWorkspace,
    /** Told when a comments doc changed. */
    private readonly onChange: () => void,
  ) {
    const stop = workspace.docs.onDidUpdate((entry) => this.changed(entry.docId));
    workspace.onWillClose(stop);
  }

  /** Every page's comment activity (pages deleted forever are gone from `pages`, so skipped). */
  async all(): Promise<CommentsSnapshot> {
    this.stored ??= new Set(await this.workspace.store.list());
    const pages = [...getPagesMap(this.workspace.root.doc).keys()] as PageId[];
    const found: PageComments[] = [];
    const toRead: PageId[] = [];
    for (const pageId of pages) {
      const cached = this.cache.get(pageId);
      if (cached) found.push(cached);
      else if (this.stored.has(this.docOf(pageId))) toRead.push(pageId);
    }
    for (let i = 0; i < toRead.length; i += READ_CONCURRENCY) {
      found.push(...(await Promise.all(toRead.slice(i, i + READ_CONCURRENCY).map((pageId) => this.read(pageId)))));
    }
    const snapshot: CommentsSnapshot = { items: [], authors: new Map() };
    for (const page of found) {
      snapshot.items.push(...page.items);
      for (const [id, author] of page.authors) snapshot.authors.set(id, author);
    }
    return snapshot;
  }

  private async read(pageId: PageId): Promise<PageComments> {
    const generation = this.generation.get(pageId) ?? 0;
    const page = await this.workspace.docs.with(this.docOf(pageId), (entry) => ({
      items: commentsActivity(pageId, entry.doc),
      authors: commentAuthors(entry.doc),
    }));
    if ((this.generation.get(pageId) ?? 0) === generation) this.cache.set(pageId, page);
    return page;
  }

  private docOf(pageId: PageId): CommentsDocId {
    const docId = commentsDocId(pageId);
    this.pageOf.set(docId, pageId);
    return docId;
  }

  private changed(docId: DocId): void {
    if (docId === this.workspace.id) return;
    const pages = getPagesMap(this.workspace.root.doc);
    if (pages.has(docId)) return; // a page doc: cheap to rule out, and the common case (typing)
    const pageId = this.pageOf.get(docId) ?? pageOfCommentsDoc(pages.keys(), docId);
    if (pageId === null) return;
    this.pageOf.set(docId, pageId);
    this.stored?.add(docId);
    this.cache.delete(pageId);
    this.generation.set(pageId, (this.generation.get(pageId) ?? 0) + 1);
    this.onChange();
  }
}
