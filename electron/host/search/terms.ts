/**
 * How text becomes index terms, shared by indexing, querying and highlighting so the three
 * always agree: a word is a run of characters that are not white space or punctuation (the
 * complement of MiniSearch's default separator), and a term is a word lower-cased with its
 * diacritics removed ("Café" → "cafe").
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

export const tokenize = (text: string): string[] => text.split(SEPARATOR);

/** The term a word is indexed and searched as, or null for none. */
export function normalizeTerm(word: string): string | null {
  if (word.length === 0 || word.length > MAX_TERM_LENGTH) return null;
  const lower = word.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '') || null : lower;
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
