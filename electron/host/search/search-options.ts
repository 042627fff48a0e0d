/**
 * The MiniSearch configuration: what is indexed and how queries expand. The benchmark runs the
 * raw library with exactly these options to measure what our layer adds, and query-scorer.ts
 * scores with them (so every parameter of a query is spelled out here, even where it equals
 * the library's default).
 */
import type { BM25Params, Options, SearchOptions } from 'minisearch';
import { createLogger } from '../../../shared/log';
import { normalizeTerm, tokenize } from './terms';

const log = createLogger('search');

/** What MiniSearch indexes per page. */
export interface IndexedFields {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
}

/**
 * Names the tokenizer, term normalisation and fields. Stored with a persisted index: an index
 * written under another signature is rebuilt, never read with different rules.
 */
export const INDEX_SIGNATURE = 'fields:title,body,tags;terms:v2';

/**
 * Prefix expansion for the last query word (the one being typed), if at least this long: a
 * short prefix matches a large part of the vocabulary, and each match's pages are scored.
 */
export const MIN_PREFIX_LENGTH = 3;
/** Typo tolerance for query words at least this long… */
export const MIN_FUZZY_LENGTH = 5;
/** …of this share of their length (1 edit up to 7 letters, 2 from 8)… */
export const FUZZINESS = 0.2;
/** …and never more edits than this. Words with digits (dates, versions, codes) are never fuzzy. */
export const MAX_FUZZY_EDITS = 2;
const HAS_DIGIT = /\d/;
export const TITLE_BOOST = 3;
export const TAGS_BOOST = 2;

export const MINISEARCH_OPTIONS: Options<IndexedFields> = {
  idField: 'id',
  fields: ['title', 'body', 'tags'],
  storeFields: [],
  extractField: (doc, field) => (field === 'tags' ? doc.tags.join(' ') : doc[field as 'id' | 'title' | 'body']),
  tokenize,
  processTerm: normalizeTerm,
  // Vacuuming is started by SearchIndex.discard, which catches its failures.
  autoVacuum: false,
  logger: (level, message) => (level === 'error' ? log.error(message) : log.warn(message)),
};

/** A prefix or typo match's score is its word's times this (less for longer expansions). */
export const PREFIX_WEIGHT = 0.375;
export const FUZZY_WEIGHT = 0.45;
/** BM25: term frequency saturation, length normalisation, and a floor for any match. */
export const BM25: BM25Params = { k: 1.2, b: 0.7, d: 0.5 };

/** The query options, every one given (query-scorer.ts reads them; MiniSearch gets them too). */
export interface QueryOptions extends SearchOptions {
  readonly combineWith: 'AND' | 'OR';
  readonly boost: Readonly<Record<string, number>>;
  readonly prefix: (term: string, index: number, terms: string[]) => boolean;
  readonly fuzzy: (term: string, index: number, terms: string[]) => number | false;
  readonly maxFuzzy: number;
  readonly weights: { readonly fuzzy: number; readonly prefix: number };
  readonly bm25: BM25Params;
}

/**
 * Every word must match (when no page has them all, SearchIndex falls back to any of them);
 * the last word also matches as a prefix (it is often still being typed), longer words also
 * with a typo; title and tag matches weigh more. The same as MiniSearch's defaults otherwise.
 */
export const QUERY_OPTIONS: QueryOptions = {
  combineWith: 'AND',
  boost: { title: TITLE_BOOST, tags: TAGS_BOOST },
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= MIN_PREFIX_LENGTH,
  fuzzy: (term) => (term.length >= MIN_FUZZY_LENGTH && !HAS_DIGIT.test(term) ? FUZZINESS : false),
  maxFuzzy: MAX_FUZZY_EDITS,
  weights: { fuzzy: FUZZY_WEIGHT, prefix: PREFIX_WEIGHT },
  bm25: BM25,
};
