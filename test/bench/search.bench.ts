/**
 * Search over 10,000 generated pages (about 30 MB of text, search-corpus.ts), ours beside the
 * raw library (MiniSearch with exactly our options, search-options.ts) on the same corpus in
 * the same run:
 * - build: raw = MiniSearch.addAll of the pages' text; ours (index only) = SearchIndex fed the
 *   same text and metadata. Also ours from the store: a workspace opened with no saved index,
 *   every page doc read from LevelDB, its text extracted and indexed (what a first start does).
 * - start-up: the same workspace opened again: the saved index loaded, every page's stored
 *   version checked, none read again.
 * - query: per query, the median of QUERY_RUNS runs, taking turns raw/ours; p50 and p95 over
 *   single words, two words, prefixes and typos. Raw = MiniSearch.search with QUERY_OPTIONS
 *   (the options ours scores with) and the first RESULT_LIMIT taken. Ours = SearchIndex.query:
 *   the same matches and scores, computed by query-scorer.ts over MiniSearch's index keeping
 *   only the best RESULT_LIMIT, then filters, snippets and highlights for those. That ours finds
 *   what raw finds is checked here on every query (index built from the same pages), and in
 *   query-scorer.test.ts. The same for the quick switcher (SearchIndex.titles: also a fuzzy
 *   pass over every title; raw = MiniSearch.search with the switcher's field boosts).
 * - incremental update: re-indexing one page after an edit, index only (ours setContent vs raw
 *   replace), and end to end in the live host (the edit's debounce excluded).
 * - memory: heap used by each index after build (ours also keeps every page's text for snippets).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { generateNKeysBetween } from 'fractional-indexing';
import MiniSearch from 'minisearch';
import * as Y from 'yjs';
import { newPageId, type MemberId, type PageId, type WorkspaceId } from '../../shared/ids';
import { appendBlocks, type Block } from '../../shared/model/blocks';
import { getPagesMap, PAGE_CONTENT } from '../../shared/model';
import { LOCAL } from '../../electron/host/origins';
import { INDEX_FILE, writeSnapshot } from '../../electron/host/search/index-file';
import { SearchIndex, TITLES_BOOST, type PageMeta } from '../../electron/host/search/search-index';
import { MINISEARCH_OPTIONS, QUERY_OPTIONS, type IndexedFields } from '../../electron/host/search/search-options';
import { searchOf, SearchService } from '../../electron/host/search/search-service';
import { normalizeTerm, tokenize } from '../../electron/host/search/terms';
import { extractText } from '../../electron/host/search/text-extract';
import { PAGE_REINDEX_DEBOUNCE_MS } from '../../electron/host/search/workspace-search';
import { loadOrCreateIdentity } from '../../electron/host/workspace/identity';
import { WorkspaceService } from '../../electron/host/workspace/workspace-service';
import { collectGarbage, defineBench, timed, type BenchContext } from './harness';
import { makeQueries, WordSource, type CorpusPage } from './search-corpus';

/** COMMONPLACE_BENCH_PAGES overrides it for a quick look; the figures in reports use 10,000. */
const PAGES = Number(process.env.COMMONPLACE_BENCH_PAGES ?? 10_000);
const SEED = 20261128;
const WRITE_CHUNK = 500;
const WARM_UP_PAGES = 1_000;
const QUERIES_PER_KIND = 50;
const QUERY_RUNS = 5;
const RESULT_LIMIT = 20;
const TITLES_LIMIT = 12;
const UPDATE_SAMPLES = 30;
const LIVE_EDITS = 10;
const TARGET_P95_MS = 20;
const TARGET_RATIO = 1.2;
const MB = 1024 * 1024;

interface Doc extends IndexedFields {
  readonly id: PageId;
  readonly meta: PageMeta;
}

const heapUsed = (): number => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 0.5);

/** Writes the corpus as a workspace: page docs straight into its store, entries into its workspace doc. */
async function writeWorkspace(ctx: BenchContext, dataDir: string, words: WordSource): Promise<{ workspaceId: WorkspaceId; docs: Doc[] }> {
  const { identity } = await loadOrCreateIdentity(dataDir);
  const workspaces = new WorkspaceService(dataDir, identity);
  const { id: workspaceId } = await workspaces.create('Bench');
  const workspace = await workspaces.get(workspaceId);
  const by = identity.id as MemberId;
  const orders = generateNKeysBetween(null, null, PAGES);
  const docs: Doc[] = [];
  for (let start = 0; start < PAGES; start += WRITE_CHUNK) {
    const chunk: Array<{ id: PageId; page: CorpusPage; order: string }> = [];
    for (let i = start; i < Math.min(PAGES, start + WRITE_CHUNK); i++) chunk.push({ id: newPageId(), page: words.page(), order: orders[i] ?? '' });
    const writes = chunk.map(({ id, page }) => {
      const doc = new Y.Doc({ guid: id, gc: false });
      appendBlocks(doc.getXmlFragment(PAGE_CONTENT), page.blocks as Block[]);
      const meta: PageMeta = { title: page.title, kind: page.kind, tags: page.tags, createdBy: by, updatedBy: by, updatedAt: 1, hidden: false };
      docs.push({ id, title: page.title, body: extractText(doc.getXmlFragment(PAGE_CONTENT)), tags: page.tags, meta });
      const update = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      return workspace.store.append(id, update);
    });
    const root = workspace.root.doc;
    root.transact(() => {
      for (const { id, page, order } of chunk) {
        const map = new Y.Map<unknown>();
        getPagesMap(root).set(id, map);
        const fields: Record<string, unknown> = { title: page.title, parentId: null, order, kind: page.kind, tags: Y.Array.from([...page.tags]) };
        Object.assign(fields, { icon: null, createdBy: by, createdAt: 1, updatedBy: by, updatedAt: 1, movedAt: 1, trashedAt: null, isTemplate: false });
        for (const [key, value] of Object.entries(fields)) map.set(key, value);
      }
    }, LOCAL);
    await Promise.all(writes);
    if ((start / WRITE_CHUNK) % 4 === 0) ctx.log(`wrote ${start + chunk.length} pages`);
  }
  await workspace.root.persisted.whenSaved();
  await workspaces.close();
  return { workspaceId, docs };
}

async function openWithSearch(dataDir: string, workspaceId: WorkspaceId) {
  const { identity } = await loadOrCreateIdentity(dataDir);
  const workspaces = new WorkspaceService(dataDir, identity);
  const service = new SearchService(workspaces);
  const start = performance.now();
  const workspace = await workspaces.get(workspaceId);
  const search = searchOf(workspace);
  if (!search) throw new Error('search did not attach');
  await search.ready;
  const readyMs = performance.now() - start;
  await search.whenIdle();
  return { workspaces, service, workspace, search, readyMs, idleMs: performance.now() - start };
}

/**
 * Per query the median of QUERY_RUNS, raw and ours taking turns; returns both lists of medians,
 * in query order.
 */
function timeQueries(queries: readonly string[], raw: (q: string) => unknown, ours: (q: string) => unknown) {
  const rawMs: number[] = [];
  const oursMs: number[] = [];
  for (const q of queries) {
    const r: number[] = [];
    const o: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      let t = performance.now();
      raw(q);
      r.push(performance.now() - t);
      t = performance.now();
      ours(q);
      o.push(performance.now() - t);
    }
    rawMs.push(median(r));
    oursMs.push(median(o));
  }
  return { raw: rawMs, ours: oursMs };
}

const p = (values: readonly number[], at: number): number => percentile([...values].sort((a, b) => a - b), at);

/**
 * Whether ours finds what raw finds: per query, the same number of pages and the same best
 * RESULT_LIMIT scores (raw with ours's fallback to any word when no page has them all), over
 * an index of ours built from the same pages in the same order as
 * raw's (the store-built index has the welcome page too, which shifts every score a little).
 * Pages with equal scores may come in another order; the note counts the queries where even
 * that order is the same.
 */
function agreement(queries: readonly string[], raw: MiniSearch<IndexedFields>, ours: SearchIndex) {
  let same = 0;
  let sameOrder = 0;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  for (const text of queries) {
    const all = raw.search(text, QUERY_OPTIONS);
    // Ours falls back to any of the words when no page has them all (search-index.ts).
    const expected = all.length === 0 && tokenize(text).filter((w) => normalizeTerm(w) !== null).length > 1 ? raw.search(text, { ...QUERY_OPTIONS, combineWith: 'OR' }) : all;
    const got = ours.query({ text, limit: RESULT_LIMIT });
    const top = expected.slice(0, RESULT_LIMIT);
    if (got.total === expected.length && got.hits.length === top.length && got.hits.every((hit, i) => close(hit.score, top[i]?.score ?? NaN))) same++;
    if (got.hits.every((hit, i) => hit.pageId === top[i]?.id)) sameOrder++;
  }
  return {
    name: 'queries where ours = raw (total, best 20 scores)',
    value: same,
    unit: '',
    target: { op: '>=' as const, value: queries.length },
    note: `of ${queries.length}; ${sameOrder} also in the same page order (the rest differ only among equal scores)`,
  };
}

async function run(ctx: BenchContext): Promise<void> {
  const words = await WordSource.load(SEED);
  const dataDir = await ctx.tempDir();
  const written = await timed(() => writeWorkspace(ctx, dataDir, words));
  const { workspaceId, docs } = written.value;
  const textChars = docs.reduce((sum, d) => sum + d.body.length + d.title.length, 0);
  ctx.metric({ name: 'pages', value: PAGES, unit: '', note: `${(textChars / MB).toFixed(1)} M chars of text, vocabulary ${words.vocabulary.toLocaleString('en-US')} words; written in ${(written.ms / 1000).toFixed(1)} s` });

  // ---- build: raw and ours (index only), then ours from the store --------------------------------
  // A warm-up of both on a slice, so neither pays alone for the JIT and the heap's first growth.
  new MiniSearch<IndexedFields>(MINISEARCH_OPTIONS).addAll(docs.slice(0, WARM_UP_PAGES));
  const warm = SearchIndex.empty();
  for (const d of docs.slice(0, WARM_UP_PAGES)) {
    warm.upsertMeta(d.id, d.meta);
    warm.setContent(d.id, d.body, 'v');
  }
  let heap = heapUsed();
  const rawBuild = await timed(() => {
    const mini = new MiniSearch<IndexedFields>(MINISEARCH_OPTIONS);
    mini.addAll(docs);
    return mini;
  });
  const raw = rawBuild.value;
  const rawHeap = heapUsed() - heap;
  heap = heapUsed();
  const oursBuild = await timed(() => {
    const index = SearchIndex.empty();
    for (const d of docs) {
      index.upsertMeta(d.id, d.meta);
      index.setContent(d.id, d.body, 'v');
    }
    return index;
  });
  const oursHeap = heapUsed() - heap;
  ctx.log(`raw build ${rawBuild.ms.toFixed(0)} ms, ours ${oursBuild.ms.toFixed(0)} ms; building from the store…`);
  ctx.metric({ name: 'build, raw MiniSearch.addAll', value: rawBuild.ms, unit: 'ms', note: `cpu ${rawBuild.cpuMs.toFixed(0)} ms` });
  ctx.metric({ name: 'build, ours (index only)', value: oursBuild.ms, unit: 'ms', note: `cpu ${oursBuild.cpuMs.toFixed(0)} ms` });
  ctx.metric({ name: 'build ratio ours/raw', value: oursBuild.ms / rawBuild.ms, unit: 'x', note: `cpu ${(oursBuild.cpuMs / rawBuild.cpuMs).toFixed(2)}×; one after the other, not interleaved` });

  const first = await openWithSearch(dataDir, workspaceId);
  ctx.log(`built from the store in ${first.idleMs.toFixed(0)} ms; saving…`);
  const firstStats = first.search.indexStats;
  ctx.metric({ name: 'build, ours from the store (first open)', value: first.idleMs, unit: 'ms', note: `${firstStats.pagesRead} pages read from LevelDB, text extracted, indexed` });
  await first.search.save();
  const workspaceDir = join(dataDir, 'workspaces', workspaceId);
  const snapshot = await timed(async () => writeSnapshot(workspaceDir, await first.search.current()));
  const fileBytes = (await stat(join(workspaceDir, INDEX_FILE))).size;
  ctx.metric({ name: 'write a snapshot (serialise + write + fsync)', value: snapshot.ms, unit: 'ms', note: `${(fileBytes / MB).toFixed(1)} MB; edits go to the journal, this runs when it outgrows the snapshot` });
  first.service.dispose();
  await first.workspaces.close();

  // ---- start-up from the saved index ----------------------------------------------------------------
  ctx.log('opening again from the saved index…');
  const live = await openWithSearch(dataDir, workspaceId);
  ctx.log(`ready in ${live.readyMs.toFixed(0)} ms, checked in ${live.idleMs.toFixed(0)} ms; queries…`);
  const stats = live.search.indexStats;
  if (stats.pagesRead !== 0) throw new Error(`start-up read ${stats.pagesRead} pages again`);
  ctx.metric({ name: 'start-up: saved index loaded, queries served', value: live.readyMs, unit: 'ms' });
  ctx.metric({ name: 'start-up: every page version checked', value: live.idleMs, unit: 'ms', note: `${stats.pagesUnchanged} unchanged, ${stats.pagesRead} read` });
  const index = await live.search.current();

  // ---- queries ----------------------------------------------------------------------------------------
  const sets = makeQueries(words, QUERIES_PER_KIND);
  const all = sets.flatMap((s) => s.queries);
  const rawQuery = (q: string) => raw.search(q, QUERY_OPTIONS).slice(0, RESULT_LIMIT);
  const oursQuery = (q: string) => index.query({ text: q, limit: RESULT_LIMIT });
  timeQueries(all.slice(0, 20), rawQuery, oursQuery); // warm-up
  const q = timeQueries(all, rawQuery, oursQuery);
  const hits = all.map((text) => index.query({ text, limit: 1 }).total);
  const found = hits.filter((n) => n > 0).length;
  ctx.metric({ name: 'queries', value: all.length, unit: '', note: `${QUERIES_PER_KIND} each of ${sets.map((s) => s.kind).join(', ')}; ${found} found something, median ${median(hits)} pages` });
  ctx.metric(agreement(all, raw, oursBuild.value));
  ctx.metric({ name: 'query p50, raw', value: p(q.raw, 0.5), unit: 'ms', note: 'MiniSearch.search with the same QUERY_OPTIONS, first 20 taken' });
  ctx.metric({ name: 'query p50, ours', value: p(q.ours, 0.5), unit: 'ms' });
  ctx.metric({ name: 'query p95, raw', value: p(q.raw, 0.95), unit: 'ms' });
  ctx.metric({ name: 'query p95, ours', value: p(q.ours, 0.95), unit: 'ms', target: { op: '<=', value: TARGET_P95_MS } });
  ctx.metric({ name: 'query p50 ratio ours/raw', value: p(q.ours, 0.5) / p(q.raw, 0.5), unit: 'x' });
  ctx.metric({ name: 'query p95 ratio ours/raw', value: p(q.ours, 0.95) / p(q.raw, 0.95), unit: 'x', target: { op: '<=', value: TARGET_RATIO } });
  let from = 0;
  for (const set of sets) {
    const [raws, ours] = [q.raw.slice(from, from + set.queries.length), q.ours.slice(from, from + set.queries.length)];
    from += set.queries.length;
    ctx.metric({ name: `  ${set.kind}: p50 / p95, ours`, value: p(ours, 0.95), unit: 'ms', note: `p50 ${p(ours, 0.5).toFixed(1)} ms; raw p50 ${p(raws, 0.5).toFixed(1)}, p95 ${p(raws, 0.95).toFixed(1)} ms` });
  }
  const rawTitles = (text: string) => raw.search(text, { ...QUERY_OPTIONS, boost: TITLES_BOOST }).slice(0, TITLES_LIMIT);
  const t = timeQueries(all, rawTitles, (text) => index.titles(text, TITLES_LIMIT));
  ctx.metric({ name: 'quick switcher p95, ours', value: p(t.ours, 0.95), unit: 'ms', target: { op: '<=', value: TARGET_P95_MS }, note: `p50 ${p(t.ours, 0.5).toFixed(1)} ms` });
  ctx.metric({ name: 'quick switcher p95 ratio ours/raw', value: p(t.ours, 0.95) / p(t.raw, 0.95), unit: 'x', note: `raw p95 ${p(t.raw, 0.95).toFixed(1)} ms; ours adds a fuzzy pass over every title` });

  // ---- incremental update -----------------------------------------------------------------------------
  const samples = docs.slice(0, UPDATE_SAMPLES);
  const rawUpdate: number[] = [];
  const oursUpdate: number[] = [];
  for (const [i, d] of samples.entries()) {
    const body = `${d.body}\nEdited once more, number ${i}.`;
    let start = performance.now();
    raw.replace({ ...d, body });
    rawUpdate.push(performance.now() - start);
    start = performance.now();
    index.setContent(d.id, body, `v${i}`);
    oursUpdate.push(performance.now() - start);
  }
  ctx.metric({ name: 'update one page, raw replace (median)', value: median(rawUpdate), unit: 'ms' });
  ctx.metric({ name: 'update one page, ours setContent (median)', value: median(oursUpdate), unit: 'ms', note: `ratio ${(median(oursUpdate) / median(rawUpdate)).toFixed(2)}×` });
  const endToEnd: number[] = [];
  for (const d of docs.slice(UPDATE_SAMPLES, UPDATE_SAMPLES + LIVE_EDITS)) {
    await live.workspace.docs.with(d.id, async (page) => {
      const start = performance.now();
      page.doc.transact(() => appendBlocks(page.doc.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text: `zyzzyva ${d.id}` }]), LOCAL);
      await live.search.whenIdle();
      endToEnd.push(performance.now() - start - PAGE_REINDEX_DEBOUNCE_MS);
    });
  }
  if (index.query({ text: 'zyzzyva', limit: 1 }).total !== LIVE_EDITS) throw new Error('live edits were not all indexed');
  ctx.metric({ name: 'edit → searchable in the host, after debounce (median)', value: median(endToEnd), unit: 'ms', note: `save to disk, read the live doc, index; +${PAGE_REINDEX_DEBOUNCE_MS} ms debounce` });
  const journalSave = await timed(() => live.search.save());
  ctx.metric({ name: 'save after those edits (journal append + fsync)', value: journalSave.ms, unit: 'ms', note: `${LIVE_EDITS} pages` });

  // ---- memory -----------------------------------------------------------------------------------------
  ctx.metric({ name: 'heap after build, raw', value: rawHeap / MB, unit: 'MB' });
  ctx.metric({ name: 'heap after build, ours', value: oursHeap / MB, unit: 'MB', note: `${(oursHeap / rawHeap).toFixed(2)}× raw; plus the page text it keeps for snippets (shared with the corpus here)` });
  ctx.metric({ name: 'page text kept for snippets', value: textChars / MB, unit: 'MB', note: 'one byte per char for Latin-1 strings' });
  live.service.dispose();
  await live.workspaces.close();
}

export default defineBench({
  name: 'search',
  description: `full-text search over ${PAGES.toLocaleString('en-US')} generated pages, ours beside raw MiniSearch`,
  run,
});
