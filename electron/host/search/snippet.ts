/**
 * Snippets and highlights for search results: a window of a page's text around its best match,
 * and the `[start, end)` ranges of the words in it that matched. A word matches when its term
 * (terms.ts) is one of the index terms the query matched (MiniSearch's `result.terms`, which
 * include prefix and typo expansions), so highlights agree with what was found.
 */
import type { Range, Snippet } from '../../../shared/bridge/search';
import { SEPARATOR_CHAR as SEPARATOR, wordSpans, type WordSpan } from './terms';

/** Characters of text in a snippet (before the ellipses). */
export const SNIPPET_LENGTH = 180;
/** How much text to show before the first matched word of the window. */
const CONTEXT_BEFORE = 40;
/** Bodies longer than this are searched for a snippet in their first part only. */
export const MAX_SNIPPET_SCAN = 100_000;
/** Occurrences of one term looked at, at most (a snippet shows a handful). */
const MAX_OCCURRENCES = 200;
const NON_ASCII = /\P{ASCII}/u;
const ELLIPSIS = '…';
/** How far a window edge may move to reach a word boundary (so a snippet never starts mid-word). */
const BOUNDARY_SLACK = 20;

/** Ranges of the words of `text` whose term is in `terms`. */
export function highlightRanges(text: string, terms: ReadonlySet<string>): Range[] {
  const ranges: Range[] = [];
  if (terms.size === 0) return ranges;
  for (const span of wordSpans(text)) if (terms.has(span.term)) ranges.push([span.start, span.end]);
  return ranges;
}

/** The start of the window of SNIPPET_LENGTH holding the most distinct matched terms (earliest on ties). */
function bestWindowStart(matches: readonly WordSpan[]): number {
  let best = { start: matches[0]?.start ?? 0, distinct: 0 };
  let right = 0;
  const counts = new Map<string, number>();
  for (let left = 0; left < matches.length; left++) {
    const from = (matches[left] as WordSpan).start;
    while (right < matches.length && (matches[right] as WordSpan).end <= from + SNIPPET_LENGTH) {
      const term = (matches[right] as WordSpan).term;
      counts.set(term, (counts.get(term) ?? 0) + 1);
      right++;
    }
    if (counts.size > best.distinct) best = { start: from, distinct: counts.size };
    const term = (matches[left] as WordSpan).term;
    const count = (counts.get(term) ?? 1) - 1;
    if (count === 0) counts.delete(term);
    else counts.set(term, count);
  }
  return best.start;
}

/** Moves `at` back (or forward) to just after white space, within BOUNDARY_SLACK characters. */
function snapStart(text: string, at: number): number {
  if (at <= 0) return 0;
  for (let i = at; i > at - BOUNDARY_SLACK && i > 0; i--) if (/\s/.test(text[i - 1] ?? '')) return i;
  return at;
}

function snapEnd(text: string, at: number): number {
  if (at >= text.length) return text.length;
  for (let i = at; i > at - BOUNDARY_SLACK && i > 0; i--) if (/\s/.test(text[i] ?? '')) return i;
  return at;
}

const isSeparator = (char: string | undefined): boolean => char === undefined || SEPARATOR.test(char);

/**
 * The matched words of `body`, in order. Fast path: each term looked up with indexOf in the
 * lower-cased text and kept where it is a whole word. A body with non-ASCII characters may
 * hold words whose term differs from their lower-case form ("Résumé" → "resume"): it is
 * tokenized word by word instead (several times slower, and just as correct).
 */
function matchedWords(body: string, terms: ReadonlySet<string>): WordSpan[] {
  const matches: WordSpan[] = [];
  if (terms.size === 0) return matches;
  const lower = body.toLowerCase();
  if (NON_ASCII.test(body) || lower.length !== body.length) {
    for (const span of wordSpans(body, MAX_SNIPPET_SCAN)) if (terms.has(span.term)) matches.push(span);
    return matches;
  }
  for (const term of terms) {
    let found = 0;
    for (let at = lower.indexOf(term); at >= 0 && at < MAX_SNIPPET_SCAN && found < MAX_OCCURRENCES; at = lower.indexOf(term, at + 1)) {
      const end = at + term.length;
      if (!isSeparator(lower[at - 1]) || !isSeparator(lower[end])) continue;
      matches.push({ start: at, end, term });
      found++;
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

/**
 * A snippet of `body` around the best cluster of matched words, with line breaks shown as
 * spaces and "…" where text was cut. With no match in the body, the body's beginning.
 */
export function buildSnippet(body: string, terms: ReadonlySet<string>): Snippet {
  const matches = matchedWords(body, terms);
  const anchor = matches.length > 0 ? bestWindowStart(matches) : 0;
  const start = snapStart(body, Math.max(0, anchor - CONTEXT_BEFORE));
  const end = snapEnd(body, Math.min(body.length, start + SNIPPET_LENGTH));
  const lead = start > 0 ? ELLIPSIS : '';
  const text = `${lead}${body.slice(start, end).replace(/\s+$/, '')}${end < body.length ? ELLIPSIS : ''}`.replace(/[\n\r]/g, ' ');
  const shift = lead.length - start;
  const highlights: Range[] = [];
  for (const match of matches) {
    if (match.start >= start && match.end <= end) highlights.push([match.start + shift, match.end + shift]);
  }
  return { text, highlights };
}
