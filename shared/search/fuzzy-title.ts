/**
 * Fuzzy title matching, the way editors' "go to file" boxes match: the whole query as a
 * substring ("notes" in "Meeting notes"), every word of it ("meet not"), or its letters in
 * order, favouring word starts ("mtgn" in "MeeTinG Notes"). Scores are in (0, 1], best first;
 * null when the title does not match. Used by the host's quick switcher and the renderer's
 * command palette.
 */
import type { Range } from '../bridge/search';

export interface TitleMatch {
  readonly score: number;
  readonly ranges: readonly Range[];
}

const EXACT = 1;
const SUBSTRING_AT_START = 0.9;
const SUBSTRING_AT_WORD = 0.8;
const SUBSTRING = 0.6;
/** All words found: this times the mean of their own substring scores. */
const WORDS_FACTOR = 0.7;
/** Letters in order: between these, by how many letters fall on word starts or follow each other. */
const SUBSEQUENCE_MIN = 0.1;
const SUBSEQUENCE_SPREAD = 0.3;
/** A subsequence match must have at least this share of its letters on word starts or runs. */
const SUBSEQUENCE_MIN_QUALITY = 0.5;
const MIN_SUBSEQUENCE_LENGTH = 2;

const isWordStart = (text: string, at: number): boolean => at === 0 || /[\s\p{P}]/u.test(text[at - 1] ?? '');

/** The best occurrence of `word` in `title` (both lower case): at a word start if there is one. */
function substring(title: string, word: string): TitleMatch | null {
  let first = -1;
  for (let at = title.indexOf(word); at >= 0; at = title.indexOf(word, at + 1)) {
    if (first < 0) first = at;
    if (isWordStart(title, at)) {
      return { score: at === 0 ? SUBSTRING_AT_START : SUBSTRING_AT_WORD, ranges: [[at, at + word.length]] };
    }
  }
  return first < 0 ? null : { score: SUBSTRING, ranges: [[first, first + word.length]] };
}

function allWords(title: string, words: readonly string[]): TitleMatch | null {
  let total = 0;
  const ranges: Range[] = [];
  for (const word of words) {
    const match = substring(title, word);
    if (match === null) return null;
    total += match.score;
    ranges.push(...match.ranges);
  }
  return { score: (WORDS_FACTOR * total) / words.length, ranges: mergeRanges(ranges) };
}

/** Whether `letters` occur in order in `title` from `from` on. */
function fits(title: string, letters: string, from: number): boolean {
  let at = from;
  for (const letter of letters) {
    at = title.indexOf(letter, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/**
 * Where the next letter goes, in this order of preference: a word start that begins a run of
 * the letters; right after the previous letter; any word start; its next occurrence. A word
 * start is taken only if the remaining letters still fit after it (the earliest occurrence
 * always leaves room, if anything does).
 */
function place(title: string, letter: string, at: number, rest: string): number {
  const first = title.indexOf(letter, at);
  let wordStart = -1;
  for (let i = first; i >= 0; i = title.indexOf(letter, i + 1)) {
    if (!isWordStart(title, i) || !fits(title, rest, i + 1)) continue;
    if (rest === '' || title[i + 1] === rest[0]) return i;
    if (wordStart < 0) wordStart = i;
  }
  if (at > 0 && title[at] === letter) return at;
  return wordStart >= 0 ? wordStart : first;
}

function subsequence(title: string, query: string): TitleMatch | null {
  const letters = query.replace(/\s+/g, '');
  if (letters.length < MIN_SUBSEQUENCE_LENGTH || !fits(title, letters, 0)) return null;
  const ranges: Range[] = [];
  let good = 0;
  let at = 0;
  for (let k = 0; k < letters.length; k++) {
    const found = place(title, letters[k] as string, at, letters.slice(k + 1));
    const last = ranges[ranges.length - 1];
    const follows = last !== undefined && last[1] === found;
    if (isWordStart(title, found) || follows) good++;
    if (follows) ranges[ranges.length - 1] = [last[0], found + 1];
    else ranges.push([found, found + 1]);
    at = found + 1;
  }
  const quality = good / letters.length;
  if (quality < SUBSEQUENCE_MIN_QUALITY) return null;
  return { score: SUBSEQUENCE_MIN + SUBSEQUENCE_SPREAD * quality, ranges };
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && range[0] <= last[1]) out[out.length - 1] = [last[0], Math.max(last[1], range[1])];
    else out.push(range);
  }
  return out;
}

/**
 * A matcher for one query, to run over many titles: how well a title matches, or null.
 * Case-insensitive; pass the title's lower-case form if you have it cached.
 */
export function titleMatcher(query: string): (title: string, lower?: string) => TitleMatch | null {
  const q = query.trim().toLowerCase();
  const words = q.split(/\s+/);
  const first = q.charAt(0);
  return (title, lower = title.toLowerCase()) => {
    if (q === '' || title === '') return null;
    // NOTE: toLowerCase keeps the length of almost every string; where it does not (a few
    // special cases such as 'İ'), ranges would be off, so match on the original then.
    const t = lower.length === title.length ? lower : title;
    if (!t.includes(first)) return null; // the common case, cheaply
    if (t === q) return { score: EXACT, ranges: [[0, t.length]] };
    const whole = substring(t, q);
    if (whole !== null) return whole;
    return (words.length > 1 ? allWords(t, words) : null) ?? subsequence(t, q);
  };
}

/** How well `title` matches `query`, or null. Case-insensitive. */
export const matchTitle = (query: string, title: string): TitleMatch | null => titleMatcher(query)(title);

/** The score of a match of the whole query as a substring, or better. */
export const STRONG_TITLE_MATCH = SUBSTRING;
