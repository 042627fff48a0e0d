import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { indexStateOf } from './minisearch-state';
import { scoreQuery, scoreWithLibrary, type ScoreRequest, type Scored } from './query-scorer';
import { MINISEARCH_OPTIONS, QUERY_OPTIONS, type IndexedFields } from './search-options';

/** Words with shared prefixes and near-misses, so queries expand by prefix and by typo. */
const VOCABULARY = (
  'garden gardener gardening garlic gate gather compost composting compote compass soil soils solid sold ' +
  'water watering waterproof wander irrigation irrigate meeting meetings melting protocol protocols ' +
  'harvest harvester seedling seedlings seeding weekly weakly sponge drip clog mulch mulching trial trials'
).split(' ');
const TAGS = ['soil', 'water', 'lab', 'draft'];

/** A deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(count: number, seed = 7): IndexedFields[] {
  const rand = random(seed);
  const word = () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)] as string;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count }, (_, i) => ({
    id: `page-${i}`,
    title: words(1 + Math.floor(rand() * 4)),
    body: `${words(5 + Math.floor(rand() * 60))}. The ${words(3)}, and ${words(2)}.`,
    tags: TAGS.filter(() => rand() < 0.3),
  }));
}

function built(docs: readonly IndexedFields[]): MiniSearch<IndexedFields> {
  const mini = new MiniSearch<IndexedFields>(MINISEARCH_OPTIONS);
  mini.addAll(docs);
  return mini;
}

const QUERIES = [
  'garden', // one word, also a prefix of others, and typo-close to some
  'gar', // a short prefix of many words
  'ga', // too short to expand
  'gardner', // a typo
  'compost water', // every word must match
  'water compost', // the same words, the other one last (expanded)
  'sponge clog drip',
  'meeting meeting', // a word twice
  'the and', // stop words only
  'zebra', // nothing
  'irrigation zebra', // a word that matches nothing (AND: no page)
  'Composting, WATER!', // case and punctuation
];

const request = (text: string, extra: Partial<ScoreRequest> = {}): ScoreRequest => ({
  text,
  combineWith: 'AND',
  boost: QUERY_OPTIONS.boost,
  limit: 10,
  ...extra,
});

/** The scorer agrees with MiniSearch.search: totals, the best scores in order, each page's score and terms. */
function expectSame(fast: Scored, reference: Scored, all: Scored): void {
  expect(fast.total).toBe(reference.total);
  expect(fast.best.length).toBe(reference.best.length);
  const byId = new Map(all.best.map((page) => [page.id, page]));
  fast.best.forEach((page, i) => {
    const expected = byId.get(page.id);
    expect(expected, `page ${page.id} is not a match`).toBeDefined();
    expect(page.score).toBeCloseTo(expected?.score ?? Number.NaN, 9);
    // Same rank, up to ties: the i-th best score is the same number.
    expect(page.score).toBeCloseTo(reference.best[i]?.score ?? Number.NaN, 9);
    expect([...page.terms].sort()).toEqual([...(expected?.terms ?? [])].sort());
    expect(page.inTitle).toBe(expected?.inTitle);
  });
}

describe('scoreQuery', () => {
  const docs = corpus(400);
  const mini = built(docs);

  it('finds the same pages, scores and matched terms as MiniSearch.search, best first', () => {
    for (const text of QUERIES) {
      for (const combineWith of ['AND', 'OR'] as const) {
        const fast = scoreQuery(mini, request(text, { combineWith }));
        const reference = scoreWithLibrary(mini, request(text, { combineWith }));
        expectSame(fast, reference, scoreWithLibrary(mini, request(text, { combineWith, limit: docs.length })));
      }
    }
    // The corpus is what the comparison needs: broad matches, narrow ones, and none.
    expect(scoreQuery(mini, request('gar')).total).toBeGreaterThan(200);
    expect(scoreQuery(mini, request('sponge clog drip')).total).toBeLessThan(docs.length / 2);
    expect(scoreQuery(mini, request('the and'))).toEqual({ total: 0, best: [] });
  });

  it('keeps only the best `limit` but counts every match', () => {
    const all = scoreQuery(mini, request('garden', { limit: docs.length }));
    const top = scoreQuery(mini, request('garden', { limit: 3 }));
    expect(top.total).toBe(all.total);
    expect(top.best.map((p) => p.id)).toEqual(all.best.slice(0, 3).map((p) => p.id));
    const scores = all.best.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('leaves out pages not accepted, and ranks by score plus bonus', () => {
    const even = (id: string) => Number(id.slice(5)) % 2 === 0;
    const fast = scoreQuery(mini, request('water', { accept: even }));
    expectSame(fast, scoreWithLibrary(mini, request('water', { accept: even })), scoreWithLibrary(mini, request('water', { accept: even, limit: docs.length })));
    expect(fast.best.every((page) => even(page.id))).toBe(true);

    const bonus = (_id: string, inTitle: boolean) => (inTitle ? 1_000 : 0);
    const boosted = scoreQuery(mini, request('compost', { bonus, boost: { title: 6, tags: 2 } }));
    const reference = scoreWithLibrary(mini, request('compost', { bonus, boost: { title: 6, tags: 2 } }));
    expect(boosted.best.map((p) => p.inTitle)).toEqual(reference.best.map((p) => p.inTitle));
    expect(boosted.best.map((p) => p.score + bonus(p.id, p.inTitle))).toEqual(
      reference.best.map((p) => expect.closeTo(p.score + bonus(p.id, p.inTitle), 9) as unknown as number),
    );
    expect(boosted.best[0]?.inTitle).toBe(true);
  });

  it('follows changes to the index between queries (lengths and averages are cached per change)', () => {
    const changing = built(docs.slice(0, 200));
    const compare = (text: string) => {
      const reference = scoreWithLibrary(changing, request(text, { limit: 400 }));
      expectSame(scoreQuery(changing, request(text, { limit: 400 })), reference, reference);
    };
    compare('garden water');
    const longer = docs.slice(200).map((doc) => ({ ...doc, body: `${doc.body} ${doc.body} garden` }));
    changing.addAll(longer);
    compare('garden water');
    changing.remove(longer[100] as IndexedFields); // remove: no dirt, one page fewer
    compare('garden water');
  });

  it('skips replaced and removed pages that are still in the index, and scores as if they were gone', () => {
    const dirty = built(docs);
    for (const doc of docs.slice(0, 60)) dirty.replace({ ...doc, body: 'garden '.repeat(5) });
    for (const doc of docs.slice(60, 120)) dirty.discard(doc.id);
    expect(indexStateOf(dirty)?._dirtCount).toBe(120);
    const texts = ['garden', 'compost water', 'gardner'];
    const fast = texts.map((text) => scoreQuery(dirty, request(text, { limit: 400 })));
    // MiniSearch drops stale postings as its queries meet them; its second answer is the clean one.
    for (const text of texts) scoreWithLibrary(dirty, request(text));
    texts.forEach((text, i) => {
      const clean = scoreWithLibrary(dirty, request(text, { limit: 400 }));
      expectSame(fast[i] as Scored, clean, clean);
    });
    expect(fast[0]?.best.some((page) => Number(page.id.slice(5)) >= 60 && Number(page.id.slice(5)) < 120)).toBe(false);
  });
});

describe('scoreQuery on a long-lived index', () => {
  it('scores pages replaced many times (MiniSearch numbers them anew each time), before and after a vacuum', async () => {
    const few = corpus(40, 11);
    const mini = built(few);
    for (let round = 0; round < 50; round++) for (const doc of few) mini.replace({ ...doc, body: `${doc.body} round${round}` });
    const state = indexStateOf(mini);
    expect(state?._nextId).toBeGreaterThan(40 * 50);
    const compare = (text: string) => {
      const fast = scoreQuery(mini, request(text, { limit: 40 }));
      for (let i = 0; i < 2; i++) scoreWithLibrary(mini, request(text)); // MiniSearch drops stale postings as it meets them
      const reference = scoreWithLibrary(mini, request(text, { limit: 40 }));
      expectSame(fast, reference, reference);
      expect(fast.total).toBeGreaterThan(0);
    };
    compare('garden round49');
    await mini.vacuum();
    expect(indexStateOf(mini)?._dirtCount).toBe(0);
    compare('water round');
  });
});

describe('indexStateOf (the guard on MiniSearch internals)', () => {
  const mini = built(corpus(50));

  it('accepts the pinned MiniSearch, before and after a save and load', async () => {
    expect(indexStateOf(mini)).not.toBeNull();
    const loaded = await MiniSearch.loadJSAsync<IndexedFields>(JSON.parse(JSON.stringify(mini)) as never, MINISEARCH_OPTIONS);
    expect(indexStateOf(loaded)).not.toBeNull();
    expect(scoreQuery(loaded, request('garden')).best).toEqual(scoreQuery(mini, request('garden')).best);
  });

  it('rejects an index of another shape, and then searches through MiniSearch.search', () => {
    // What a future version might look like: a field renamed (the library itself still works).
    const other = Object.create(mini, { _nextId: { value: undefined } }) as MiniSearch<IndexedFields>;
    expect(indexStateOf(other)).toBeNull();
    expect(indexStateOf(Object.create(mini, { _index: { value: { get: () => undefined } } }) as MiniSearch<IndexedFields>)).toBeNull();
    const fallback = scoreQuery(other, request('garden'));
    expect(fallback).toEqual(scoreWithLibrary(mini, request('garden')));
    expect(fallback.total).toBeGreaterThan(0);
  });
});
