/**
 * The link index of one open workspace: every page's text blocks and outgoing wiki links
 * (page-text.ts), the reverse map target → sources, and the queries the backlinks panel asks.
 *
 * Kept up to date from two sources:
 * - page docs: `docs.onDidUpdate` marks a page dirty (any origin: renderer, peer, import, the
 *   host); dirty pages are re-read once edits to all pages have been quiet for DEBOUNCE_MS (at
 *   most MAX_WAIT_MS after the first: docs/settle-timer.ts), or at once before a query answers.
 *   So a catch-up burst of a thousand pages is read after the burst, not in step with it;
 * - the workspace doc: a title, trash or tree change only changes how results read (titles,
 *   which sources count), so it re-reads nothing and just tells listeners (after DEBOUNCE_MS
 *   too: typing a title renames the page once per key).
 * At open, a scan reads every page doc once (rebuilt, not persisted: see LinkScanStats and the
 * figures in link-index.test.ts). Queries wait for the scan.
 *
 * Results skip the page itself (a self link is not a backlink; a page's own title is not a
 * mention of itself) and sources in the trash.
 */
import type { Backlink, LinksChange, UnlinkedMention } from '../../../shared/bridge/links';
import { CommonplaceError } from '../../../shared/errors';
import type { DocId, PageId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { buildTree, getPagesMap, PAGE_CONTENT, type PageTree } from '../../../shared/model';
import type { DocEntry } from '../docs/doc-entry';
import { blockContext, UNTITLED, type TitleOf } from './context';
import { findMentions, mentionPattern } from './mentions';
import { readPageText, type PageText } from './page-text';
import { SettleTimer } from '../docs/settle-timer';
import type * as Y from 'yjs';

const log = createLogger('links');

/** Quiet time after the last page edit before dirty pages are re-read… */
export const DEBOUNCE_MS = 300;
/** …but a dirty page waits no longer than this (someone typing re-reads their page this often). */
export const MAX_WAIT_MS = 2_000;
/** Bounds on what one query returns: more is not readable in a panel and only costs the bridge. */
export const MAX_BACKLINKS = 500;
export const MAX_MENTIONS = 200;
/** Page docs the start-up scan loads at once. */
const SCAN_CONCURRENCY = 4;

/** What the index needs of an open workspace (OpenWorkspace, or a twin in tests). */
export interface LinkWorkspace {
  readonly id: DocId;
  readonly root: { readonly doc: Y.Doc };
  readonly docs: {
    onDidUpdate(cb: (entry: DocEntry, origin: unknown) => void): () => void;
    with<T>(docId: DocId, fn: (entry: DocEntry) => Promise<T> | T): Promise<T>;
  };
}

export interface LinkScanStats {
  readonly pages: number;
  readonly ms: number;
}

export type LinkChangeListener = (change: Omit<LinksChange, 'workspaceId'>) => void;

const shownTitle = (title: string): string => (title.trim() === '' ? UNTITLED : title);

export class LinkIndex {
  /** Resolves once the start-up scan has read every page (or the index closed). */
  readonly ready: Promise<void>;
  scanStats: LinkScanStats | null = null;
  private readonly pages = new Map<PageId, PageText>();
  private readonly incoming = new Map<PageId, Set<PageId>>();
  private readonly dirty = new Map<PageId, DocEntry>();
  private readonly disposers: Array<() => void> = [];
  private readonly reindexTimer = new SettleTimer(DEBOUNCE_MS, MAX_WAIT_MS, () => {
    void this.flush().catch((error: unknown) => log.error('re-indexing failed', error));
  });
  /** Pages whose entries changed since listeners were last told (a title typed is one rename per key). */
  private readonly changedEntries = new Set<PageId>();
  private entriesTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private tree: PageTree | null = null;
  private closed = false;

  constructor(
    private readonly workspace: LinkWorkspace,
    private readonly onChange: LinkChangeListener,
  ) {
    this.disposers.push(workspace.docs.onDidUpdate((entry) => this.onDocUpdate(entry)));
    const pages = getPagesMap(workspace.root.doc);
    const onEntries = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => this.onEntries(events);
    pages.observeDeep(onEntries);
    this.disposers.push(() => pages.unobserveDeep(onEntries));
    this.ready = this.scan().catch((error: unknown) => log.error(`the link scan of ${workspace.id} failed`, error));
  }

  async backlinks(target: PageId): Promise<Backlink[]> {
    await this.settle();
    const tree = this.getTree();
    const titleOf = this.titleOf(tree);
    const found: Backlink[] = [];
    for (const source of this.incoming.get(target) ?? []) {
      const node = tree.byId.get(source);
      if (source === target || node === undefined || node.inTrash) continue;
      const sourceTitle = shownTitle(node.page.title);
      for (const block of this.pages.get(source)?.blocks ?? []) {
        block.inlines.forEach((inline, index) => {
          if (inline.kind === 'link' && inline.pageId === target) {
            found.push({ sourcePageId: source, sourceTitle, context: blockContext(block, { inline: index }, titleOf) });
          }
        });
      }
    }
    return sortBySource(found).slice(0, MAX_BACKLINKS);
  }

  async unlinkedMentions(target: PageId): Promise<UnlinkedMention[]> {
    await this.settle();
    const tree = this.getTree();
    const node = tree.byId.get(target);
    if (node === undefined) throw new CommonplaceError('not-found', `no page ${target}`);
    const pattern = mentionPattern(node.page.title);
    if (pattern === null) return [];
    const titleOf = this.titleOf(tree);
    const found: UnlinkedMention[] = [];
    for (const [source, text] of this.pages) {
      const sourceNode = tree.byId.get(source);
      if (source === target || sourceNode === undefined || sourceNode.inTrash) continue;
      const sourceTitle = shownTitle(sourceNode.page.title);
      text.blocks.forEach((block, index) => {
        for (const mention of findMentions(block, pattern)) {
          found.push({
            sourcePageId: source,
            sourceTitle,
            context: blockContext(block, mention, titleOf),
            occurrence: { block: index, start: mention.start },
          });
        }
      });
    }
    return sortBySource(found).slice(0, MAX_MENTIONS);
  }

  /** The pages `source` links to, as last indexed (for tests and diagnostics). */
  async outgoing(source: PageId): Promise<PageId[]> {
    await this.settle();
    return [...(this.pages.get(source)?.outgoing ?? [])];
  }

  /** Re-reads dirty pages (and reports entry changes) now instead of after the debounce. */
  flush(): Promise<void> {
    this.reportEntries();
    this.reindexTimer.cancel();
    // A failed re-index must not wedge every later one: the chain continues past it.
    this.flushing = this.flushing.catch(() => undefined).then(() => this.reindexDirty());
    return this.flushing;
  }

  async dispose(): Promise<void> {
    this.closed = true;
    this.reindexTimer.cancel();
    if (this.entriesTimer !== null) clearTimeout(this.entriesTimer);
    this.entriesTimer = null;
    this.changedEntries.clear();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.dirty.clear();
    await Promise.all([this.ready, this.flushing.catch(() => undefined)]);
  }

  private async settle(): Promise<void> {
    await this.ready;
    await this.flush();
  }

  private titleOf(tree: PageTree): TitleOf {
    return (pageId) => tree.byId.get(pageId)?.page.title ?? null;
  }

  private getTree(): PageTree {
    return (this.tree ??= buildTree(this.workspace.root.doc));
  }

  private onDocUpdate(entry: DocEntry): void {
    if (this.closed || entry.docId === this.workspace.id) return;
    this.dirty.set(entry.docId as PageId, entry);
    this.reindexTimer.note();
  }

  private onEntries(events: Y.YEvent<Y.AbstractType<unknown>>[]): void {
    this.tree = null;
    if (this.closed) return;
    for (const event of events) {
      const [first] = event.path;
      if (typeof first === 'string') {
        this.changedEntries.add(first as PageId);
        continue;
      }
      for (const [key, change] of (event as Y.YMapEvent<unknown>).changes.keys) {
        this.changedEntries.add(key as PageId);
        if (change.action === 'delete') this.remove(key as PageId);
      }
    }
    if (this.changedEntries.size > 0 && this.entriesTimer === null) {
      this.entriesTimer = setTimeout(() => this.reportEntries(), DEBOUNCE_MS);
    }
  }

  private reportEntries(): void {
    if (this.entriesTimer !== null) clearTimeout(this.entriesTimer);
    this.entriesTimer = null;
    if (this.closed || this.changedEntries.size === 0) return;
    const pageIds = [...this.changedEntries];
    this.changedEntries.clear();
    this.onChange({ pageIds, reason: 'entries' });
  }

  private async reindexDirty(): Promise<void> {
    if (this.dirty.size === 0 || this.closed) return;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const [pageId, entry] of batch) {
      // The entry may have been unloaded since (its last holder let go): read it from the store.
      const text = entry.doc.isDestroyed
        ? await this.workspace.docs.with(pageId, (loaded) => readPageText(loaded.doc.getXmlFragment(PAGE_CONTENT)))
        : readPageText(entry.doc.getXmlFragment(PAGE_CONTENT));
      if (this.closed) return;
      this.set(pageId, text);
    }
    this.onChange({ pageIds: batch.map(([pageId]) => pageId), reason: 'content' });
  }

  private async scan(): Promise<void> {
    const started = performance.now();
    const queue = [...getPagesMap(this.workspace.root.doc).keys()].reverse() as PageId[];
    let read = 0;
    // A few loads in flight overlap the store's I/O (reading dominates: see the figures in
    // links-host.test.ts); more gain nothing and would crowd out the renderer's own loads.
    const worker = async () => {
      for (let pageId = queue.pop(); pageId !== undefined && !this.closed; pageId = queue.pop()) {
        if (this.pages.has(pageId) || this.dirty.has(pageId)) continue;
        const text = await this.workspace.docs.with(pageId, (entry) => readPageText(entry.doc.getXmlFragment(PAGE_CONTENT)));
        // A re-index that ran meanwhile read the live doc, which is at least as new.
        if (this.closed) return;
        if (!this.pages.has(pageId)) this.set(pageId, text);
        read++;
      }
    };
    await Promise.all(Array.from({ length: SCAN_CONCURRENCY }, worker));
    if (this.closed) return;
    this.scanStats = { pages: read, ms: performance.now() - started };
    log.debug(`scanned ${read} pages of ${this.workspace.id} in ${this.scanStats.ms.toFixed(0)} ms`);
  }

  private set(pageId: PageId, text: PageText): void {
    this.unlinkOutgoing(pageId);
    this.pages.set(pageId, text);
    for (const target of text.outgoing) {
      let sources = this.incoming.get(target);
      if (sources === undefined) this.incoming.set(target, (sources = new Set()));
      sources.add(pageId);
    }
  }

  private remove(pageId: PageId): void {
    this.unlinkOutgoing(pageId);
    this.pages.delete(pageId);
    this.dirty.delete(pageId);
  }

  private unlinkOutgoing(pageId: PageId): void {
    for (const target of this.pages.get(pageId)?.outgoing ?? []) {
      const sources = this.incoming.get(target);
      sources?.delete(pageId);
      if (sources?.size === 0) this.incoming.delete(target);
    }
  }
}

/** By source title (then id), keeping each source's links in document order. */
function sortBySource<T extends { sourcePageId: PageId; sourceTitle: string }>(items: T[]): T[] {
  return items
    .map((item, order) => ({ item, order }))
    .sort(
      (a, b) =>
        a.item.sourceTitle.localeCompare(b.item.sourceTitle) ||
        (a.item.sourcePageId < b.item.sourcePageId ? -1 : a.item.sourcePageId > b.item.sourcePageId ? 1 : 0) ||
        a.order - b.order,
    )
    .map(({ item }) => item);
}
