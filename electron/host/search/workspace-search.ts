/**
 * Keeps one open workspace's SearchIndex in step with its docs, and on disk.
 *
 * Lifecycle (attached by search-service.ts when the workspace opens; closed before its store):
 * 1. load   search-index.json, or start empty (missing, corrupt or older format: rebuilt, logged)
 * 2. meta   titles, kinds, tags, authors and trash from the workspace doc (always loaded)
 * 3. verify every page: its stored version (page-source.ts) against the index's; only pages that
 *           moved are read (a fresh index reads them all), a batch at a time, between which the
 *           event loop runs. Queries are served from step 2 on.
 * 4. follow edits of any origin (renderer, peer, import): page docs through docs.onDidUpdate,
 *           the workspace doc through its pages map. Metadata is synced, and changed pages (and
 *           pages new to the workspace doc) are read, once changes to all docs have settled
 *           (SettleTimer): a catch-up of a thousand pages is read once, after it, each page from
 *           its loaded doc, rather than from the store as it is listed and again as it arrives.
 *           Queries apply pending metadata first (`current`), so titles are never stale.
 * 5. save   debounced after changes (and at close): the changed pages appended to a journal,
 *           the whole index rewritten only once the journal has grown (index-saver.ts).
 * Work is a queue of pages drained by one loop; edits in the live docs go first.
 */
import { createLogger } from '../../../shared/log';
import type { MemberId, PageId } from '../../../shared/ids';
import { buildTree, getPagesMap, readMember, type TreeNode } from '../../../shared/model';
import type { DocEntry } from '../docs/doc-entry';
import type { OpenWorkspace } from '../workspace/workspace-service';
import { readIndexFile } from './index-file';
import { IndexSaver } from './index-saver';
import { readLoadedPage, readStoredPage, type PageText } from './page-source';
import { SearchIndex, type PageMeta } from './search-index';
import { SettleTimer } from '../docs/settle-timer';

const log = createLogger('search');

/**
 * Quiet time after the last change to any page or to the workspace doc before changed pages are
 * read and titles, tags and trash synced (typing makes many changes a second; catch-up writes the
 * workspace doc, then hundreds of pages in a burst)…
 */
export const PAGE_REINDEX_DEBOUNCE_MS = 300;
/** …but a changed page waits no longer than this. */
export const PAGE_REINDEX_MAX_WAIT_MS = 2_000;
/** Pages read from the store at once. */
export const INDEX_BATCH_SIZE = 16;

export interface IndexStats {
  /** 'disk' when the saved index was loaded; otherwise why it was rebuilt. */
  readonly loadedFrom: 'disk' | { readonly rebuilt: string };
  /** Pages whose text was read since open (from the store or a loaded doc). */
  readonly pagesRead: number;
  /** Pages whose stored version matched the index at start-up, so were not read. */
  readonly pagesUnchanged: number;
  /** Times changes were appended to the journal, and times the whole index was written. */
  readonly saves: number;
  readonly snapshots: number;
}

const metaOf = (node: TreeNode): PageMeta => ({
  title: node.page.title,
  kind: node.page.kind,
  tags: node.page.tags,
  createdBy: node.page.createdBy,
  updatedBy: node.page.updatedBy,
  updatedAt: node.page.updatedAt,
  hidden: node.inTrash,
});

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class WorkspaceSearch {
  /** Resolves once queries can be answered (the saved index is loaded and the metadata synced). */
  readonly ready: Promise<void>;
  private index = SearchIndex.empty();
  private stats: Omit<IndexStats, 'saves' | 'snapshots'> = { loadedFrom: 'disk', pagesRead: 0, pagesUnchanged: 0 };
  private readonly saver: IndexSaver;
  private loaded = false;
  private closed = false;
  /** Pages to read: from their loaded doc (an edit) or from the store (start-up, new pages). */
  private readonly liveQueue = new Map<PageId, DocEntry>();
  private readonly storeQueue = new Set<PageId>();
  private draining: Promise<void> | null = null;
  /**
   * Pages waiting for changes to settle: the loaded doc an edit was made in, or null for a page
   * new to the workspace doc (read from the store, unless an edit brings its doc first).
   */
  private readonly settling = new Map<PageId, DocEntry | null>();
  private readonly reindexTimer = new SettleTimer(PAGE_REINDEX_DEBOUNCE_MS, PAGE_REINDEX_MAX_WAIT_MS, () => this.settled());
  /** The workspace doc changed since the metadata was last synced. */
  private metaPending = false;
  private idleWaiters: Array<() => void> = [];
  private readonly disposers: Array<() => void> = [];

  constructor(private readonly workspace: OpenWorkspace) {
    this.saver = new IndexSaver(workspace.dir, () => this.index, () => this.draining !== null);
    this.disposers.push(
      workspace.docs.onDidUpdate((entry) => {
        if (entry.docId !== workspace.id) this.pageChanged(entry);
      }),
    );
    const pages = getPagesMap(workspace.root.doc);
    const onPages = (): void => this.metaChanged();
    pages.observeDeep(onPages);
    this.disposers.push(() => pages.unobserveDeep(onPages));
    this.ready = this.start();
  }

  get indexStats(): IndexStats {
    return { ...this.stats, saves: this.saver.saves, snapshots: this.saver.snapshots };
  }

  /** The index, current as of the last applied change (pending title changes applied first). */
  async current(): Promise<SearchIndex> {
    await this.ready;
    if (this.metaPending) this.syncMeta();
    return this.index;
  }

  nameOf = (member: MemberId): string => readMember(this.workspace.root.doc, member)?.name ?? member.slice(0, 8);

  /** Resolves when nothing is waiting: no debounce pending, no page queued or being read. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Saves now if anything changed since the last save; resolves when it is on disk. */
  save(): Promise<void> {
    return this.saver.save();
  }

  /** Stops following changes, finishes the batch being read and saves. Runs before the store closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.ready.catch(() => undefined);
    if (this.metaPending) this.syncMeta();
    this.closed = true;
    this.saver.stop();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.reindexTimer.cancel();
    this.settling.clear();
    this.liveQueue.clear();
    this.storeQueue.clear();
    await this.draining;
    await this.save();
    this.resolveIdle();
  }

  // ---- start-up ---------------------------------------------------------------------------------

  private async start(): Promise<void> {
    const read = await readIndexFile(this.workspace.dir);
    if (read.index !== null) {
      this.index = read.index;
      this.saver.loaded(read.snapshotBytes, read.journalBytes);
    } else {
      this.stats = { ...this.stats, loadedFrom: { rebuilt: read.reason } };
      if (read.reason.startsWith('corrupt') || read.reason.startsWith('unreadable')) {
        log.error(`search index of ${this.workspace.id} ${read.reason}; rebuilding it`);
      }
      this.markChanged();
    }
    if (this.closed) return;
    this.loaded = true;
    this.syncMeta();
    // Every page is verified against the store now, but those an edit is waiting to be read for.
    for (const id of this.index.ids()) {
      if (this.liveQueue.has(id) || (this.settling.get(id) ?? null) !== null) continue;
      this.settling.delete(id);
      this.storeQueue.add(id);
    }
    if (this.settling.size === 0) this.reindexTimer.cancel();
    this.kick();
  }

  // ---- following changes ------------------------------------------------------------------------

  private pageChanged(entry: DocEntry): void {
    const pageId = entry.docId as PageId;
    this.settling.set(pageId, entry);
    this.storeQueue.delete(pageId); // the read after the edit (from its loaded doc) covers it
    this.reindexTimer.note();
  }

  /** Changes have settled: metadata is synced and the changed pages are read. */
  private settled(): void {
    if (this.closed) return;
    if (this.metaPending) this.syncMeta(); // pages just listed are known before they are read
    for (const [id, entry] of this.settling) {
      if (entry !== null) {
        this.liveQueue.set(id, entry);
        this.storeQueue.delete(id);
      } else if (!this.liveQueue.has(id)) this.storeQueue.add(id);
    }
    this.settling.clear();
    this.reindexTimer.cancel();
    this.kick();
  }

  /** The workspace doc changed: metadata is synced once changes settle (or a query comes first). */
  private metaChanged(): void {
    this.metaPending = true;
    this.reindexTimer.note();
  }

  /** Brings every page's metadata in line with the workspace doc; new pages wait to be read (settled). */
  private syncMeta(): void {
    if (!this.loaded || this.closed) return;
    this.metaPending = false;
    const tree = buildTree(this.workspace.root.doc);
    let changed = false;
    let added = false;
    for (const [id, node] of tree.byId) {
      const change = this.index.upsertMeta(id, metaOf(node));
      if (change === 'unchanged') continue;
      changed = true;
      if (change !== 'added' || this.settling.has(id) || this.liveQueue.has(id)) continue;
      this.settling.set(id, null);
      added = true;
    }
    if (added) this.reindexTimer.note();
    for (const id of this.index.ids()) {
      if (!tree.byId.has(id) && this.index.remove(id)) changed = true;
    }
    if (changed) this.markChanged();
    this.resolveIdle();
  }

  // ---- reading pages ----------------------------------------------------------------------------

  private kick(): void {
    if (this.draining !== null || !this.loaded || this.closed) return;
    if (this.liveQueue.size === 0 && this.storeQueue.size === 0) return this.resolveIdle();
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.kick();
      this.resolveIdle();
    });
  }

  private async drain(): Promise<void> {
    while (!this.closed && (this.liveQueue.size > 0 || this.storeQueue.size > 0)) {
      const batch: Array<Promise<void>> = [];
      for (const [id, entry] of this.liveQueue) {
        if (batch.length >= INDEX_BATCH_SIZE) break;
        this.liveQueue.delete(id);
        batch.push(this.read(id, () => readLoadedPage(this.workspace.store, entry)));
      }
      for (const id of this.storeQueue) {
        if (batch.length >= INDEX_BATCH_SIZE) break;
        this.storeQueue.delete(id);
        const known = this.index.get(id)?.version ?? null;
        batch.push(this.read(id, () => readStoredPage(this.workspace.store, id, known)));
      }
      await Promise.all(batch);
      await yieldToEventLoop();
    }
  }

  private async read(pageId: PageId, reader: () => Promise<PageText | null>): Promise<void> {
    if (this.index.get(pageId) === undefined) return; // not (or no longer) a page of the workspace doc
    let text: PageText | null;
    try {
      text = await reader();
    } catch (error) {
      if (!this.closed) log.error(`could not index page ${pageId} of ${this.workspace.id}`, error);
      return;
    }
    if (this.closed) return;
    if (text === null) {
      this.stats = { ...this.stats, pagesUnchanged: this.stats.pagesUnchanged + 1 };
      return;
    }
    if (this.index.setContent(pageId, text.body, text.version)) {
      this.stats = { ...this.stats, pagesRead: this.stats.pagesRead + 1 };
      this.markChanged();
    }
  }

  private markChanged(): void {
    if (!this.closed) this.saver.changed();
  }

  private isIdle(): boolean {
    const queued = this.liveQueue.size + this.storeQueue.size + this.settling.size;
    return this.closed || (this.loaded && this.draining === null && queued === 0 && !this.metaPending);
  }

  private resolveIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
