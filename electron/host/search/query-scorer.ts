/**
 * Scores a query and keeps the best `limit` pages: the same matches and the same BM25 scores
 * as `MiniSearch.search(text, QUERY_OPTIONS)`, without its cost for what is thrown away.
 *
 * Why: MiniSearch scores every matching page into an object of its own, builds a result object
 * for each and sorts them all, though a search shows 20 and the quick switcher 12. A common word
 * (or a short prefix, or a typo of a common word) matches most pages of a large workspace, and
 * then that work is nearly all of a query's time: about 30 ms at 10,000 pages, most of it
 * allocation and garbage collection (test/bench/search.bench.ts). Here the same postings are
 * summed into typed arrays (one slot per page, minisearch-state.ts), the best `limit` are
 * picked in one pass, and only those get their matched terms (for snippets and highlights).
 *
 * @safety This reads MiniSearch's index (minisearch-state.ts says how, and why it is safe);
 * query-scorer.test.ts compares this scorer with MiniSearch.search on a corpus. Should the
 * index's shape ever differ at run time, `scoreQuery` falls back to MiniSearch.search (slower,
 * same answers) and logs it once. Nothing here writes to the index.
 *
 * One difference: MiniSearch drops the postings of discarded (replaced) pages as a query meets
 * them, and counts them in a term's document frequency until then; here they are skipped and
 * never counted, which is what MiniSearch's scores come to once the index is vacuumed.
 */
import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { createLogger } from '../../../shared/log';
import { FIELDS, indexStateOf, layoutOf, type FieldTermData, type IndexState, type Layout } from './minisearch-state';
import { QUERY_OPTIONS } from './search-options';
import { normalizeTerm, tokenize } from './terms';

const log = createLogger('search');
const TITLE_FIELD = 'title';

export interface ScoreRequest {
  readonly text: string;
  readonly combineWith: 'AND' | 'OR';
  /** Field boosts (QUERY_OPTIONS.boost unless the quick switcher weighs titles more). */
  readonly boost: Readonly<Record<string, number>>;
  /** Which pages may be returned (and counted); all when absent. */
  readonly accept?: (id: string) => boolean;
  /** Added to a page's score to rank it (not to the score returned); 0 when absent. */
  readonly bonus?: (id: string, inTitle: boolean) => number;
  readonly limit: number;
}

export interface ScoredPage {
  readonly id: string;
  /** MiniSearch's score. */
  readonly score: number;
  /** The index terms that matched in this page (expansions included), as MiniSearch's `result.terms`. */
  readonly terms: ReadonlySet<string>;
  /** Whether one of them is in the page's title. */
  readonly inTitle: boolean;
}

export interface Scored {
  /** Pages that match (and are accepted). */
  readonly total: number;
  /** The best `limit` of them by score + bonus, best first; ties by index order. */
  readonly best: readonly ScoredPage[];
}

let warnedFallback = false;

/** Scores `request` over `mini` (built with MINISEARCH_OPTIONS): the fast path, or MiniSearch's own. */
export function scoreQuery<T>(mini: MiniSearch<T>, request: ScoreRequest): Scored {
  const state = indexStateOf(mini);
  if (state !== null) return scoreWithIndex(state, request);
  if (!warnedFallback) {
    warnedFallback = true;
    log.warn('MiniSearch index has an unexpected shape; searching through MiniSearch.search (slower)');
  }
  return scoreWithLibrary(mini, request);
}

/** The reference: MiniSearch.search with the same options, cut to the best `limit`. */
export function scoreWithLibrary<T>(mini: MiniSearch<T>, request: ScoreRequest): Scored {
  const { accept, bonus } = request;
  const filter = accept === undefined ? undefined : (r: SearchResult) => accept(r.id as string);
  const results = mini.search(request.text, { ...QUERY_OPTIONS, boost: { ...request.boost }, combineWith: request.combineWith, ...(filter ? { filter } : {}) });
  const pages = results.map((r) => ({
    id: r.id as string,
    score: r.score,
    terms: new Set(r.terms),
    inTitle: Object.values(r.match).some((fields) => fields.includes(TITLE_FIELD)),
  }));
  if (bonus !== undefined) {
    const rank = new Map(pages.map((page) => [page, page.score + bonus(page.id, page.inTitle)]));
    pages.sort((a, b) => (rank.get(b) ?? 0) - (rank.get(a) ?? 0));
  }
  return { total: results.length, best: pages.slice(0, request.limit) };
}

/** One way a query word matches: an index term, and the weight of a match through it. */
interface Expansion {
  readonly term: string;
  readonly weight: number;
  readonly data: FieldTermData;
}

/** A query word (MiniSearch's query spec) and the index terms it matches through. */
interface Word {
  readonly term: string;
  readonly expansions: readonly Expansion[];
}

const compareTerms = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A query word's expansions, as MiniSearch's executeQuerySpec makes them. */
function expand(state: IndexState, term: string, index: number, terms: string[]): Expansion[] {
  const { weights, maxFuzzy } = QUERY_OPTIONS;
  const out: Expansion[] = [];
  const exact = state._index.get(term);
  if (exact !== undefined) out.push({ term, weight: 1, data: exact });
  const fuzzy = QUERY_OPTIONS.fuzzy(term, index, terms);
  const maxDistance = fuzzy === false ? 0 : fuzzy < 1 ? Math.min(maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
  const fuzzyMatches = maxDistance > 0 ? state._index.fuzzyGet(term, maxDistance) : undefined;
  if (QUERY_OPTIONS.prefix(term, index, terms)) {
    for (const [match, data] of state._index.atPrefix(term)) {
      const distance = match.length - term.length;
      if (distance === 0) continue;
      fuzzyMatches?.delete(match); // scored as a prefix match only
      out.push({ term: match, weight: (weights.prefix * match.length) / (match.length + 0.3 * distance), data });
    }
  }
  for (const [match, [data, distance]] of fuzzyMatches ?? []) {
    if (distance === 0) continue;
    out.push({ term: match, weight: (weights.fuzzy * match.length) / (match.length + distance), data });
  }
  return out;
}

/** Per-page accumulators, indexed by slot (Layout). */
class Tally {
  readonly score: Float64Array;
  /** Query words (specs) matched, and 1 + the last one that counted (so each counts once). */
  readonly words: Int32Array;
  readonly wordStamp: Int32Array;
  /** Distinct query terms matched (MiniSearch's "quality" multiplier), and their stamp. */
  readonly quality: Int32Array;
  readonly termStamp: Int32Array;
  readonly inTitle: Uint8Array;

  constructor(size: number) {
    this.score = new Float64Array(size);
    this.words = new Int32Array(size);
    this.wordStamp = new Int32Array(size);
    this.quality = new Int32Array(size);
    this.termStamp = new Int32Array(size);
    this.inTitle = new Uint8Array(size);
  }
}

function scoreWithIndex(state: IndexState, request: ScoreRequest): Scored {
  const terms = tokenize(request.text).map(normalizeTerm).filter((term): term is string => term !== null);
  if (terms.length === 0) return { total: 0, best: [] };
  // Words taken in term order, so each distinct term's words are adjacent and it counts once
  // toward quality; the order does not change which pages match (AND counts every word).
  const words: Word[] = terms.map((term, index) => ({ term, expansions: expand(state, term, index, terms) }));
  const order = terms.map((_, i) => i).sort((x, y) => compareTerms(terms[x] as string, terms[y] as string) || x - y);
  const and = request.combineWith === 'AND';
  const layout = layoutOf(state);
  const { slotOf, norms } = layout;
  const tally = new Tally(layout.shortIds.length);
  const { score, words: matched, wordStamp, quality, termStamp, inTitle } = tally;
  const clean = state._dirtCount === 0;
  const { k, d } = QUERY_OPTIONS.bm25;
  const k1 = k + 1;
  let termIndex = 0;
  let previousTerm: string | null = null;
  for (const [step, wordIndex] of order.entries()) {
    const word = words[wordIndex] as Word;
    if (word.term !== previousTerm) termIndex++;
    previousTerm = word.term;
    for (const { weight, data } of word.expansions) {
      for (const [f, field] of FIELDS.entries()) {
        const postings = data.get(state._fieldIds[field] as number);
        if (postings === undefined) continue;
        // In MiniSearch's order (termWeight * termBoost * fieldBoost * docBoost * bm25; both boosts
        // 1 here), so each page's share of the score is the same number to the last bit.
        const weighted = weight * (request.boost[field] || 1);
        const norm = norms[f] as Float64Array;
        let matching = postings.size;
        if (!clean) for (const doc of postings.keys()) if (!slotOf.has(doc)) matching--;
        const idf = Math.log(1 + (state._documentCount - matching + 0.5) / (matching + 0.5));
        const isTitle = field === TITLE_FIELD;
        // forEach, not for-of: no iterator entry per posting, and there are many.
        postings.forEach((frequency, doc) => {
          const slot = slotOf.get(doc);
          if (slot === undefined) return; // a discarded page, until the next vacuum
          if (and && (matched[slot] as number) < step) return; // missed an earlier word: out already
          score[slot] = (score[slot] as number) + weighted * (idf * (d + (frequency * k1) / (frequency + (norm[slot] as number))));
          if (wordStamp[slot] !== step + 1) {
            wordStamp[slot] = step + 1;
            matched[slot] = (matched[slot] as number) + 1;
          }
          if (termStamp[slot] !== termIndex) {
            termStamp[slot] = termIndex;
            quality[slot] = (quality[slot] as number) + 1;
          }
          if (isTitle) inTitle[slot] = 1;
        });
      }
    }
  }
  return pickBest(state, layout, tally, words, and ? words.length : 1, request);
}

interface Candidate {
  readonly doc: number;
  readonly id: string;
  readonly score: number;
  readonly rank: number;
  readonly inTitle: boolean;
}

/** The pages that matched enough words, best `limit` first (ties: older first), with their matched terms. */
function pickBest(state: IndexState, layout: Layout, tally: Tally, words: readonly Word[], needed: number, request: ScoreRequest): Scored {
  const { accept, bonus, limit } = request;
  const best: Candidate[] = [];
  let total = 0;
  for (let slot = 0; slot < tally.words.length; slot++) {
    if ((tally.words[slot] as number) < needed) continue;
    const doc = layout.shortIds[slot] as number;
    const id = state._documentIds.get(doc);
    if (id === undefined || (accept !== undefined && !accept(id))) continue;
    total++;
    const score = (tally.score[slot] as number) * (tally.quality[slot] as number);
    const inTitle = tally.inTitle[slot] === 1;
    const rank = bonus === undefined ? score : score + bonus(id, inTitle);
    const last = best[best.length - 1];
    if (best.length >= limit && (last === undefined || rank <= last.rank)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as Candidate).rank < rank) at--;
    best.splice(at, 0, { doc, id, score, rank, inTitle });
    if (best.length > limit) best.pop();
  }
  return { total, best: best.map(({ doc, id, score, inTitle }) => ({ id, score, terms: matchedTerms(words, doc), inTitle })) };
}

function matchedTerms(words: readonly Word[], doc: number): Set<string> {
  const terms = new Set<string>();
  for (const { expansions } of words) {
    for (const { term, data } of expansions) {
      if (terms.has(term)) continue;
      for (const postings of data.values()) {
        if (postings.has(doc)) {
          terms.add(term);
          break;
        }
      }
    }
  }
  return terms;
}
