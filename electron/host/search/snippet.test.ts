import { describe, expect, it } from 'vitest';
import type { Range, Snippet } from '../../../shared/bridge/search';
import { buildSnippet, highlightRanges, SNIPPET_LENGTH } from './snippet';
import { normalizeTerm, tokenize, wordSpans } from './terms';

const marked = (text: string, ranges: readonly Range[]): string[] => ranges.map(([s, e]) => text.slice(s, e));
const words = (snippet: Snippet) => marked(snippet.text, snippet.highlights);

describe('terms', () => {
  it('lower-cases, strips diacritics and drops over-long words', () => {
    expect(normalizeTerm('Café')).toBe('cafe');
    expect(normalizeTerm('NAÏVE')).toBe('naive');
    expect(normalizeTerm('x'.repeat(41))).toBeNull();
    expect(normalizeTerm('')).toBeNull();
  });

  it('finds the same words MiniSearch tokenizes, with their offsets', () => {
    const text = 'Hello, wörld! (re-use) 42';
    expect(tokenize(text).filter(Boolean)).toEqual(['Hello', 'wörld', 're', 'use', '42']);
    expect([...wordSpans(text)].map((w) => [text.slice(w.start, w.end), w.term])).toEqual([
      ['Hello', 'hello'],
      ['wörld', 'world'],
      ['re', 're'],
      ['use', 'use'],
      ['42', '42'],
    ]);
  });
});

describe('highlightRanges', () => {
  it('marks every word whose term matched, and nothing for no terms', () => {
    const text = 'Compost turns Waste into compost.';
    expect(marked(text, highlightRanges(text, new Set(['compost', 'waste'])))).toEqual(['Compost', 'Waste', 'compost']);
    expect(highlightRanges(text, new Set())).toEqual([]);
  });
});

describe('buildSnippet', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ');

  it('shows a short body whole, highlighted', () => {
    const snippet = buildSnippet('Soil health\nStart with compost.', new Set(['compost']));
    expect(snippet.text).toBe('Soil health Start with compost.');
    expect(words(snippet)).toEqual(['compost']);
  });

  it('centres on the window with the most distinct matched terms, cut at word boundaries', () => {
    const body = `${filler(40)} lonely alpha ${filler(40)} alpha and beta together ${filler(40)}`;
    const snippet = buildSnippet(body, new Set(['alpha', 'beta']));
    expect(words(snippet)).toEqual(['alpha', 'beta']);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 2);
    // No word is cut in half at either end.
    const inner = snippet.text.slice(1, -1);
    expect(body.includes(inner)).toBe(true);
    expect(body[body.indexOf(inner) - 1]).toMatch(/\s/);
    expect(body[body.indexOf(inner) + inner.length]).toMatch(/\s/);
  });

  it('gives the beginning of the page when nothing matched in the body', () => {
    const body = filler(100);
    const snippet = buildSnippet(body, new Set(['absent']));
    expect(snippet.text.startsWith('filler0 filler1')).toBe(true);
    expect(snippet.highlights).toEqual([]);
    expect(buildSnippet('', new Set(['x']))).toEqual({ text: '', highlights: [] });
  });

  it('highlights ranges that index the snippet text exactly, non-BMP text included', () => {
    const body = `${'🧪 '.repeat(60)}the Résumé of 𝒳 results ${'🧪 '.repeat(60)}`;
    const snippet = buildSnippet(body, new Set(['resume', 'results']));
    expect(words(snippet)).toEqual(['Résumé', 'results']);
  });
});

describe('buildSnippet on ASCII and non-ASCII text', () => {
  it('finds only whole words, the same way on both paths', () => {
    const ascii = 'Recompost the compost; composting later. COMPOST-heap!';
    expect(words(buildSnippet(ascii, new Set(['compost'])))).toEqual(['compost', 'COMPOST']);
    const accented = 'Recompost the compost; composting later. COMPOST-heap! Café.';
    expect(words(buildSnippet(accented, new Set(['compost', 'cafe'])))).toEqual(['compost', 'COMPOST', 'Café']);
  });
});
