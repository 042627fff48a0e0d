/**
 * What query-scorer.ts reads of a MiniSearch index, and a dense numbering of its pages.
 *
 * @safety MiniSearch 7 declares this state `protected`: an extension point for subclasses. We
 * cannot subclass it (`loadJSAsync` always makes a plain MiniSearch), so the scorer reads the
 * same fields from outside, read-only. minisearch is pinned to an exact version in
 * package.json; `indexStateOf` checks the shape on every query (the scorer falls back to
 * MiniSearch.search if it ever differs), and query-scorer.test.ts compares the scorer with
 * MiniSearch.search, so an upgrade that changes the meaning of these fields fails a test.
 */
import type MiniSearch from 'minisearch';
import { MINISEARCH_OPTIONS, QUERY_OPTIONS } from './search-options';

/** fieldId → short document id → term frequency. */
export type FieldTermData = Map<number, Map<number, number>>;

/** The part of MiniSearch 7's protected state the scorer reads. */
export interface IndexState {
  readonly _index: {
    get(term: string): FieldTermData | undefined;
    atPrefix(prefix: string): Iterable<[string, FieldTermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
  };
  readonly _documentCount: number;
  readonly _documentIds: Map<number, string>;
  readonly _fieldIds: Record<string, number>;
  readonly _fieldLength: Map<number, number[]>;
  readonly _avgFieldLength: number[];
  readonly _nextId: number;
  readonly _dirtCount: number;
}

/** The indexed fields, in MINISEARCH_OPTIONS order (per-field arrays follow it). */
export const FIELDS = MINISEARCH_OPTIONS.fields;

/** The state of `mini` if it has the shape this module reads; null otherwise. */
export function indexStateOf<T>(mini: MiniSearch<T>): IndexState | null {
  const s = mini as unknown as Partial<Record<keyof IndexState, unknown>>;
  const index = s._index as Partial<IndexState['_index']> | undefined;
  const fieldIds = s._fieldIds as Record<string, unknown> | undefined;
  const ok =
    typeof index?.get === 'function' && typeof index.atPrefix === 'function' && typeof index.fuzzyGet === 'function' &&
    typeof s._documentCount === 'number' && typeof s._nextId === 'number' && typeof s._dirtCount === 'number' &&
    s._documentIds instanceof Map && s._fieldLength instanceof Map && Array.isArray(s._avgFieldLength) &&
    typeof fieldIds === 'object' && fieldIds !== null && FIELDS.every((field) => typeof fieldIds[field] === 'number');
  return ok ? (s as unknown as IndexState) : null;
}

/**
 * The pages of the index numbered densely (slots), with what scoring needs per page. MiniSearch
 * numbers a page anew each time it is replaced and never reuses a number, so its numbers run
 * far past the number of pages in an index that lives through many edits: per-query arrays are
 * indexed by slot, never by MiniSearch's number.
 */
export interface Layout {
  readonly key: string;
  /** MiniSearch's short id → slot, for live pages only. */
  readonly slotOf: ReadonlyMap<number, number>;
  /** Slot → MiniSearch's short id, in the order MiniSearch added the pages (ascending ids). */
  readonly shortIds: Int32Array;
  /** Per field (FIELDS order), per slot: k·(1 − b + b·length / average length). */
  readonly norms: readonly Float64Array[];
}

/** Keyed by the map of lengths (removeAll replaces it); rebuilt when the index changed. */
const layouts = new WeakMap<IndexState['_fieldLength'], Layout>();

/**
 * The layout of the index as it is: every change that adds, removes or discards a page, or
 * moves a length or an average, moves one of the numbers in the key.
 */
export function layoutOf(state: IndexState): Layout {
  const key = `${state._nextId}:${state._documentCount}:${state._dirtCount}`;
  const cached = layouts.get(state._fieldLength);
  if (cached?.key === key) return cached;
  const { k, b } = QUERY_OPTIONS.bm25;
  const count = state._fieldLength.size;
  const slotOf = new Map<number, number>();
  const shortIds = new Int32Array(count);
  const norms = FIELDS.map(() => new Float64Array(count));
  const fieldIds = FIELDS.map((field) => state._fieldIds[field] as number);
  let slot = 0;
  state._fieldLength.forEach((lengths, doc) => {
    slotOf.set(doc, slot);
    shortIds[slot] = doc;
    fieldIds.forEach((fieldId, f) => {
      (norms[f] as Float64Array)[slot] = k * (1 - b + (b * (lengths[fieldId] as number)) / (state._avgFieldLength[fieldId] as number));
    });
    slot++;
  });
  const layout = { key, slotOf, shortIds, norms };
  layouts.set(state._fieldLength, layout);
  return layout;
}
