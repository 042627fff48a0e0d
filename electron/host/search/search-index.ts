/**
 * One workspace's full-text index, in memory: MiniSearch over each page's title, body and tags,
 * plus each page's metadata (for filters and results) and body text (for snippets). Pure: no
 * I/O and no Yjs; workspace-search.ts feeds it and persists it (toJSON / fromJSON).
 *
 * A page whose text has not been read yet (version null) is *pending*: it has metadata (the
 * quick switcher's title match finds it) but is not in MiniSearch until its text arrives, so
 * the first read of each page indexes it once instead of twice (add, then replace).
 * Invariant: a page is in MiniSearch exactly when its version is not null.
 */
import MiniSearch from 'minisearch';
import type { AuthorFacet, FacetCount, SearchFacets, SearchHit, SearchResults, TitleHit } from '../../../shared/bridge/search';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, PageId } from '../../../shared/ids';
import { STRONG_TITLE_MATCH, titleMatcher } from '../../../shared/search/fuzzy-title';
import { scoreQuery, type ScoreRequest, type Scored } from './query-scorer';
import { INDEX_SIGNATURE, MINISEARCH_OPTIONS, QUERY_OPTIONS } from './search-options';
import { buildSnippet, highlightRanges } from './snippet';
import { checkStoredIndex } from './stored-format';
import { normalizeTerm, tokenize } from './terms';
import { createLogger } from '../../../shared/log';

const log = createLogger('search-index');
/** Vacuum discarded documents once this many are pending and they are 10 % of the index. */
const VACUUM_MIN_DIRT = 200;
const VACUUM_MIN_FACTOR = 0.1;

/** What the index knows of a page besides its body. */
export interface PageMeta {
  readonly title: string;
  readonly kind: string;
  readonly tags: readonly string[];
  readonly createdBy: MemberId;
  readonly updatedBy: MemberId;
  readonly updatedAt: number;
  /** Trashed, or under a trashed page: left out of every result. */
  readonly hidden: boolean;
}

export interface PageEntry extends PageMeta {
  readonly id: PageId;
  readonly body: string;
  /** Fingerprint of the stored page doc the body was read from; null before it was read. */
  readonly version: string | null;
}

export interface QueryInput {
  readonly text: string;
  readonly kinds?: readonly string[];
  readonly tags?: readonly string[];
  readonly authors?: readonly string[];
  readonly limit: number;
}

export type MetaChange = 'added' | 'retokenized' | 'updated' | 'unchanged';

/** Format of the persisted index; bump on any change of toJSON's shape. */
export const INDEX_FORMAT = 1;
/** A title match ranks above every body-only match in the quick switcher. */
const TITLE_MATCH_RANK = 1_000;
const TITLE_SCORE_WEIGHT = 100;
/** Field boosts of the quick switcher's word search: titles weigh more than in the search view. */
export const TITLES_BOOST = { title: 6, tags: 2 };

/** The persisted shape (checked by fromJSON, which sees it as unknown JSON). */
export interface StoredIndex {
  readonly format: typeof INDEX_FORMAT;
  readonly signature: typeof INDEX_SIGNATURE;
  /** Which journal continues this snapshot (index-file.ts). */
  readonly generation: number;
  readonly pages: readonly PageEntry[];
  readonly index: unknown;
}

const sameTags = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((t, i) => t === b[i]);
/** The values of a filter, or null for "no filter". */
const setOf = (values: readonly string[] | undefined): ReadonlySet<string> | null =>
  values === undefined || values.length === 0 ? null : new Set(values);

export class SearchIndex {
  /** How many pages are hidden (in the trash): while none is, queries need no filter. */
  private hiddenCount = 0;
  /** Each page's title in lower case, for the quick switcher's scan over every title. */
  private readonly lowerTitles = new Map<PageId, string>();
  /** Pages changed since the last takeChanges(): their entry, or null when removed. */
  private changes = new Map<PageId, PageEntry | null>();

  private constructor(
    private readonly mini: MiniSearch<PageEntry>,
    private readonly entries: Map<PageId, PageEntry>,
    /** Of the snapshot this index was read from or last written as. */
    public generation: number,
  ) {
    for (const entry of entries.values()) {
      this.lowerTitles.set(entry.id, entry.title.toLowerCase());
      if (entry.hidden) this.hiddenCount++;
    }
  }

  static empty(): SearchIndex {
    return new SearchIndex(new MiniSearch<PageEntry>(MINISEARCH_OPTIONS), new Map(), 0);
  }

  /**
   * Reads what toJSON wrote; rejects with CommonplaceError('corrupt-record') when it does not
   * hold up. MiniSearch's tree is rebuilt in batches with pauses between them, so a large index
   * does not hold up the process (it is the Electron main process, too).
   */
  static async fromJSON(value: unknown): Promise<SearchIndex> {
    const stored = checkStoredIndex(value, INDEX_FORMAT, INDEX_SIGNATURE);
    if (typeof stored === 'string') throw new CommonplaceError('corrupt-record', `search index: ${stored}`);
    let mini: MiniSearch<PageEntry>;
    try {
      mini = await MiniSearch.loadJSAsync<PageEntry>(stored.index as never, MINISEARCH_OPTIONS);
    } catch (error) {
      throw new CommonplaceError('corrupt-record', `search index: ${error instanceof Error ? error.message : String(error)}`);
    }
    const entries = new Map(stored.pages.map((entry) => [entry.id, entry]));
    const indexed = stored.pages.filter((entry) => entry.version !== null);
    if (mini.documentCount !== indexed.length || indexed.some((entry) => !mini.has(entry.id))) {
      throw new CommonplaceError('corrupt-record', 'search index: its pages and its MiniSearch documents differ');
    }
    return new SearchIndex(mini, entries, stored.generation);
  }

  toJSON(): StoredIndex {
    const { generation } = this;
    return { format: INDEX_FORMAT, signature: INDEX_SIGNATURE, generation, pages: [...this.entries.values()], index: this.mini.toJSON() };
  }

  /** The changes since the last call (what the journal has not got yet). */
  takeChanges(): Map<PageId, PageEntry | null> {
    const changes = this.changes;
    this.changes = new Map();
    return changes;
  }

  /** Replays a saved change (a journal line): the page as it was saved, or its removal. */
  restore(id: PageId, entry: PageEntry | null): void {
    if (entry === null) this.remove(id);
    else this.put({ ...entry, id }, true);
  }

  get size(): number {
    return this.entries.size;
  }

  ids(): PageId[] {
    return [...this.entries.keys()];
  }

  get(id: PageId): PageEntry | undefined {
    return this.entries.get(id);
  }

  /** Adds a page (with no body yet) or updates its metadata, re-tokenizing only if title or tags changed. */
  upsertMeta(id: PageId, meta: PageMeta): MetaChange {
    const old = this.entries.get(id);
    if (old === undefined) {
      this.put({ ...meta, id, body: '', version: null }, false);
      return 'added';
    }
    const retokenize = old.title !== meta.title || !sameTags(old.tags, meta.tags);
    const same =
      !retokenize && old.kind === meta.kind && old.createdBy === meta.createdBy && old.updatedBy === meta.updatedBy &&
      old.updatedAt === meta.updatedAt && old.hidden === meta.hidden;
    if (same) return 'unchanged';
    this.put({ ...old, ...meta, tags: [...meta.tags] }, retokenize);
    return retokenize ? 'retokenized' : 'updated';
  }

  /** Sets a known page's body; false (and nothing changes) for an unknown page. */
  setContent(id: PageId, body: string, version: string): boolean {
    const old = this.entries.get(id);
    if (old === undefined) return false;
    this.put({ ...old, body, version }, old.body !== body);
    return true;
  }

  /**
   * MiniSearch's automatic vacuum runs in the background and has thrown from there when the index
   * changed during one of its pauses (a TypeError in performVacuuming, seen during a bulk import):
   * an unhandled rejection that ends the host. So auto-vacuum is off (search-options.ts) and we
   * start it here, with its failure caught; a failed vacuum only leaves stale entries behind,
   * which searches skip anyway.
   */
  private discard(id: PageId): void {
    this.mini.discard(id);
    const { dirtCount, dirtFactor, isVacuuming } = this.mini;
    if (isVacuuming || dirtCount < VACUUM_MIN_DIRT || dirtFactor < VACUUM_MIN_FACTOR) return;
    this.mini.vacuum().catch((error: unknown) => log.warn('vacuum failed; stale entries stay until the next one', error));
  }

  remove(id: PageId): boolean {
    const old = this.entries.get(id);
    if (old === undefined) return false;
    this.entries.delete(id);
    this.lowerTitles.delete(id);
    if (old.hidden) this.hiddenCount--;
    this.changes.set(id, null);
    if (old.version !== null) this.discard(id);
    return true;
  }

  query(input: QueryInput): SearchResults {
    const [kinds, tags, authors] = [setOf(input.kinds), setOf(input.tags), setOf(input.authors)];
    const accept = (entry: PageEntry | undefined): entry is PageEntry =>
      entry !== undefined &&
      !entry.hidden &&
      (kinds === null || kinds.has(entry.kind)) &&
      (tags === null || entry.tags.some((tag) => tags.has(tag))) &&
      (authors === null || authors.has(entry.createdBy) || authors.has(entry.updatedBy));
    const text = input.text;
    if (text.trim() === '') {
      const all = [...this.entries.values()].filter(accept).sort((a, b) => b.updatedAt - a.updatedAt);
      return { total: all.length, hits: all.slice(0, input.limit).map((entry) => this.hit(entry, 0, new Set())) };
    }
    // The filter runs once per matching page: skipped when it could not leave any out.
    const filtered = kinds !== null || tags !== null || authors !== null || this.hiddenCount > 0;
    const scored = this.search(text, {
      boost: QUERY_OPTIONS.boost,
      limit: input.limit,
      ...(filtered ? { accept: (id: string) => accept(this.entries.get(id as PageId)) } : {}),
    });
    const hits = scored.best.map((page) => this.hit(this.entries.get(page.id as PageId) as PageEntry, page.score, page.terms));
    return { total: scored.total, hits };
  }

  /**
   * The quick switcher: fuzzy title matches (titleMatcher) first, then pages whose words match
   * (MiniSearch, title and body); the second pass is skipped when the first already found
   * `limit` strong title matches, as nothing it finds could rank above them.
   */
  titles(text: string, limit: number): TitleHit[] {
    if (text.trim() === '') return [];
    const hits = new Map<PageId, TitleHit>();
    const match = titleMatcher(text);
    let strong = 0;
    for (const entry of this.entries.values()) {
      const found = entry.hidden ? null : match(entry.title, this.lowerTitles.get(entry.id));
      if (found === null) continue;
      if (found.score >= STRONG_TITLE_MATCH) strong++;
      const score = TITLE_MATCH_RANK + TITLE_SCORE_WEIGHT * found.score;
      hits.set(entry.id, { pageId: entry.id, title: entry.title, kind: entry.kind, score, titleHighlights: found.ranges, matchedBody: false });
    }
    if (strong >= limit) return [...hits.values()].sort((a, b) => b.score - a.score).slice(0, limit);
    // Pages whose words match, ranked as they will be below: a title match's rank plus the score.
    const scored = this.search(text, {
      boost: TITLES_BOOST,
      limit,
      bonus: (id, inTitle) => hits.get(id as PageId)?.score ?? (inTitle ? TITLE_MATCH_RANK : 0),
      ...(this.hiddenCount > 0 ? { accept: (id: string) => this.entries.get(id as PageId)?.hidden === false } : {}),
    });
    for (const page of scored.best) {
      const id = page.id as PageId;
      const known = hits.get(id);
      if (known !== undefined) {
        hits.set(id, { ...known, score: known.score + page.score });
        continue;
      }
      const entry = this.entries.get(id) as PageEntry;
      const titleHighlights = page.inTitle ? highlightRanges(entry.title, page.terms) : [];
      const score = (page.inTitle ? TITLE_MATCH_RANK : 0) + page.score;
      hits.set(id, { pageId: id, title: entry.title, kind: entry.kind, score, titleHighlights, matchedBody: !page.inTitle });
    }
    return [...hits.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Kinds, tags and authors of the visible pages, most frequent first. */
  facets(nameOf: (member: MemberId) => string): SearchFacets {
    const kinds = new Map<string, number>();
    const tags = new Map<string, number>();
    const authors = new Map<string, number>();
    const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    for (const entry of this.entries.values()) {
      if (entry.hidden) continue;
      bump(kinds, entry.kind);
      for (const tag of entry.tags) bump(tags, tag);
      for (const author of new Set([entry.createdBy, entry.updatedBy])) if (author !== '') bump(authors, author);
    }
    const counts = (map: Map<string, number>): FacetCount[] =>
      [...map].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    const people: AuthorFacet[] = counts(authors).map((c) => ({ ...c, name: nameOf(c.value as MemberId) }));
    return { kinds: counts(kinds), tags: counts(tags), authors: people };
  }

  /**
   * Every word must match; when no page has them all, pages with any of them. Only the best
   * `limit` are scored in full (query-scorer.ts), so a word on most pages costs little.
   */
  private search(text: string, request: Omit<ScoreRequest, 'text' | 'combineWith'>): Scored {
    const scored = scoreQuery(this.mini, { ...request, text, combineWith: 'AND' });
    if (scored.total > 0 || tokenize(text).filter((word) => normalizeTerm(word) !== null).length < 2) return scored;
    return scoreQuery(this.mini, { ...request, text, combineWith: 'OR' });
  }

  private hit(entry: PageEntry, score: number, terms: ReadonlySet<string>): SearchHit {
    return {
      pageId: entry.id,
      title: entry.title,
      kind: entry.kind,
      tags: entry.tags,
      score,
      snippet: buildSnippet(entry.body, terms),
      titleHighlights: highlightRanges(entry.title, terms),
    };
  }

  /** Stores the entry and brings MiniSearch in line (see the invariant above). */
  private put(entry: PageEntry, retokenize: boolean): void {
    const previous = this.entries.get(entry.id);
    const wasIndexed = previous !== undefined && previous.version !== null;
    this.entries.set(entry.id, entry);
    this.hiddenCount += Number(entry.hidden) - Number(previous?.hidden ?? false);
    if (previous?.title !== entry.title) this.lowerTitles.set(entry.id, entry.title.toLowerCase());
    this.changes.set(entry.id, entry);
    if (entry.version === null) {
      if (wasIndexed) this.discard(entry.id); // only a replayed change goes back to pending
      return;
    }
    if (!wasIndexed) this.mini.add(entry);
    else if (retokenize) this.mini.replace(entry);
  }
}
