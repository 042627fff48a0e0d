/**
 * How text becomes index terms, shared by indexing, querying and highlighting so the three
 * always agree: a word is a run of characters that are not white space or punctuation (the
 * complement of MiniSearch's default separator), and a term is a word lower-cased with its
 * diacritics removed ("Café" → "cafe"), unless it is a stop word.
 */

/** Splits text into words (MiniSearch's default tokenizer). */
export const SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;
/** One separator character. */
export const SEPARATOR_CHAR = /^[\n\r\p{Z}\p{P}]$/u;
/** One word; keep it the exact complement of SEPARATOR. */
const WORD = /[^\n\r\p{Z}\p{P}]+/gu;
/** Longer "words" are pasted tokens (hashes, base64), not something anyone searches for. */
export const MAX_TERM_LENGTH = 40;
const NON_ASCII = /\P{ASCII}/u;
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * English function words, left out of the index and of queries: they occur on nearly every
 * page, so matching them ranks nothing and costs the most (every page's entry is scored).
 * Titles are still matched in full by the quick switcher (fuzzy-title.ts).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an and are as at be been but by can could did do does for from had has have he her his i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this those to us was we were what ' +
    'when which who will with would you your').split(' '),
);

export const tokenize = (text: string): string[] => text.split(SEPARATOR);

/** The term a word is indexed and searched as, or null for none. */
export function normalizeTerm(word: string): string | null {
  if (word.length === 0 || word.length > MAX_TERM_LENGTH) return null;
  const lower = word.toLowerCase();
  const term = NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '') : lower;
  return term === '' || STOP_WORDS.has(term) ? null : term;
}

export interface WordSpan {
  readonly start: number;
  readonly end: number;
  readonly term: string;
}

/** The words of `text` (up to `limit` characters of it), with their offsets and terms. */
export function* wordSpans(text: string, limit = text.length): Generator<WordSpan> {
  const scanned = limit < text.length ? text.slice(0, limit) : text;
  for (const match of scanned.matchAll(WORD)) {
    const term = normalizeTerm(match[0]);
    if (term !== null) yield { start: match.index, end: match.index + match[0].length, term };
  }
}
