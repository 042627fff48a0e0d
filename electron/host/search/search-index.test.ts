import { describe, expect, it } from 'vitest';
import type { Range } from '../../../shared/bridge/search';
import type { MemberId, PageId } from '../../../shared/ids';
import { SearchIndex, type PageMeta } from './search-index';

const ALICE = 'a'.repeat(64) as MemberId;
const BOB = 'b'.repeat(64) as MemberId;
const id = (n: number) => n.toString(16).padStart(32, '0') as PageId;
const meta = (title: string, extra: Partial<PageMeta> = {}): PageMeta => ({
  title,
  kind: 'note',
  tags: [],
  createdBy: ALICE,
  updatedBy: ALICE,
  updatedAt: 1,
  hidden: false,
  ...extra,
});
const marked = (text: string, ranges: readonly Range[]) => ranges.map(([s, e]) => text.slice(s, e));

function sample(): SearchIndex {
  const index = SearchIndex.empty();
  index.upsertMeta(id(1), meta('Composting at the lab', { kind: 'guide', tags: ['soil'], updatedAt: 3 }));
  index.setContent(id(1), 'Turn the heap weekly.\nKeep the compost moist like a wrung sponge.', 'v1');
  index.upsertMeta(id(2), meta('Meeting notes', { tags: ['weekly', 'soil'], createdBy: BOB, updatedBy: BOB, updatedAt: 2 }));
  index.setContent(id(2), 'We discussed the greenhouse irrigation and the compost rota.', 'v2');
  index.upsertMeta(id(3), meta('Irrigation questions', { kind: 'question', updatedAt: 1 }));
  index.setContent(id(3), 'Why does the drip line clog?', 'v3');
  return index;
}

describe('SearchIndex.query', () => {
  it('finds pages by body and title words, best first, with highlighted snippets', () => {
    const { total, hits } = sample().query({ text: 'compost', limit: 10 });
    expect(total).toBe(2);
    expect(hits.map((h) => h.pageId)).toEqual([id(1), id(2)]); // the title match ranks first
    const [first] = hits;
    expect(marked(first!.snippet.text, first!.snippet.highlights)).toEqual(['compost']);
    expect(marked(first!.title, first!.titleHighlights)).toEqual(['Composting']);
  });

  it('matches prefixes and typos, and needs every word (any word when none has them all)', () => {
    const index = sample();
    expect(index.query({ text: 'irrig', limit: 10 }).hits.map((h) => h.pageId).sort()).toEqual([id(2), id(3)]);
    expect(index.query({ text: 'greenhuse', limit: 10 }).hits.map((h) => h.pageId)).toEqual([id(2)]);
    expect(index.query({ text: 'compost greenhouse', limit: 10 }).hits.map((h) => h.pageId)).toEqual([id(2)]);
    expect(index.query({ text: 'sponge drip', limit: 10 }).hits.map((h) => h.pageId).sort()).toEqual([id(1), id(3)]);
    expect(index.query({ text: 'zebra', limit: 10 })).toEqual({ total: 0, hits: [] });
  });

  it('filters by kind, tag and author, and caps at the limit', () => {
    const index = sample();
    const ids = (q: Parameters<SearchIndex['query']>[0]) => index.query(q).hits.map((h) => h.pageId);
    expect(ids({ text: 'compost', kinds: ['guide'], limit: 10 })).toEqual([id(1)]);
    expect(ids({ text: 'compost', tags: ['weekly'], limit: 10 })).toEqual([id(2)]);
    expect(ids({ text: 'compost', authors: [BOB], limit: 10 })).toEqual([id(2)]);
    expect(ids({ text: 'compost', kinds: ['question'], limit: 10 })).toEqual([]);
    expect(ids({ text: '', kinds: ['guide', 'question'], limit: 10 })).toEqual([id(1), id(3)]);
    expect(ids({ text: '', authors: [ALICE], tags: ['soil'], limit: 10 })).toEqual([id(1)]);
    const capped = index.query({ text: '', limit: 1 });
    expect(capped.total).toBe(3);
    expect(capped.hits).toHaveLength(1);
  });

  it('ignores stop words: they neither match nor spoil a query', () => {
    const index = sample();
    expect(index.query({ text: 'the', limit: 10 }).total).toBe(0);
    expect(index.query({ text: 'the compost', limit: 10 }).total).toBe(2);
  });

  it('lists filtered pages, most recently updated first, for an empty query', () => {
    const { total, hits } = sample().query({ text: '  ', tags: ['soil'], limit: 10 });
    expect(total).toBe(2);
    expect(hits.map((h) => h.pageId)).toEqual([id(1), id(2)]);
    expect(hits[0]!.snippet.text.startsWith('Turn the heap')).toBe(true);
  });

  it('leaves hidden (trashed) pages out of results, titles and facets', () => {
    const index = sample();
    index.upsertMeta(id(2), meta('Meeting notes', { tags: ['weekly', 'soil'], createdBy: BOB, updatedBy: BOB, updatedAt: 2, hidden: true }));
    expect(index.query({ text: 'compost', limit: 10 }).hits.map((h) => h.pageId)).toEqual([id(1)]);
    expect(index.titles('meeting', 10)).toEqual([]);
    expect(index.facets(() => '').tags).toEqual([{ value: 'soil', count: 1 }]);
  });

  it('follows renames, tag changes, new bodies and removals', () => {
    const index = sample();
    expect(index.upsertMeta(id(3), meta('Drip line troubles', { kind: 'question', updatedAt: 1 }))).toBe('retokenized');
    expect(index.query({ text: 'troubles', limit: 10 }).hits.map((h) => h.pageId)).toEqual([id(3)]);
    expect(index.query({ text: 'questions', limit: 10 }).total).toBe(0);
    expect(index.upsertMeta(id(3), meta('Drip line troubles', { kind: 'note', updatedAt: 1 }))).toBe('updated');
    expect(index.upsertMeta(id(3), meta('Drip line troubles', { kind: 'note', updatedAt: 1 }))).toBe('unchanged');
    expect(index.setContent(id(3), 'Now about mulch.', 'v3b')).toBe(true);
    expect(index.query({ text: 'clog', limit: 10 }).total).toBe(0);
    expect(index.query({ text: 'mulch', limit: 10 }).hits[0]?.pageId).toBe(id(3));
    expect(index.setContent(id(9), 'unknown page', 'v')).toBe(false);
    expect(index.remove(id(3))).toBe(true);
    expect(index.remove(id(3))).toBe(false);
    expect(index.query({ text: 'mulch', limit: 10 }).total).toBe(0);
    index.upsertMeta(id(3), meta('Back again'));
    expect(index.get(id(3))).toMatchObject({ body: '', version: null });
  });

  it('keeps a page whose text is not read yet out of MiniSearch, but finds it by title in the switcher', async () => {
    const index = sample();
    index.upsertMeta(id(4), meta('Seed library'));
    expect(index.query({ text: 'seed', limit: 10 }).total).toBe(0);
    expect(index.titles('seed', 10).map((h) => h.pageId)).toEqual([id(4)]);
    index.upsertMeta(id(4), meta('Seed library rules')); // renamed while pending
    index.setContent(id(4), 'Borrow seeds in spring.', 'v4');
    expect(index.query({ text: 'rules', limit: 10 }).hits.map((h) => h.pageId)).toEqual([id(4)]);
    expect(index.query({ text: 'borrow', limit: 10 }).hits.map((h) => h.pageId)).toEqual([id(4)]);
    index.remove(id(4));
    index.upsertMeta(id(5), meta('Pending forever'));
    const copy = await SearchIndex.fromJSON(JSON.parse(JSON.stringify(index)));
    expect(copy.get(id(5))?.version).toBeNull();
    expect(copy.titles('pending', 10).map((h) => h.pageId)).toEqual([id(5)]);
  });
});

describe('SearchIndex.titles', () => {
  it('matches titles fuzzily first, then pages whose body has the words', () => {
    const hits = sample().titles('irrigation', 10);
    expect(hits.map((h) => [h.pageId, h.matchedBody])).toEqual([
      [id(3), false],
      [id(2), true],
    ]);
    expect(marked('Irrigation questions', hits[0]!.titleHighlights)).toEqual(['Irrigation']);
    expect(sample().titles('mtgn', 10).map((h) => h.pageId)).toEqual([id(2)]);
    expect(sample().titles('sponge', 10).map((h) => [h.pageId, h.matchedBody])).toEqual([[id(1), true]]);
    expect(sample().titles('', 10)).toEqual([]);
  });
});

describe('SearchIndex.facets', () => {
  it('counts kinds, tags and authors of visible pages, most frequent first', () => {
    const facets = sample().facets((m) => (m === ALICE ? 'Alice' : 'Bob'));
    expect(facets.kinds).toEqual([
      { value: 'guide', count: 1 },
      { value: 'note', count: 1 },
      { value: 'question', count: 1 },
    ]);
    expect(facets.tags).toEqual([
      { value: 'soil', count: 2 },
      { value: 'weekly', count: 1 },
    ]);
    expect(facets.authors).toEqual([
      { value: ALICE, name: 'Alice', count: 2 },
      { value: BOB, name: 'Bob', count: 1 },
    ]);
  });
});

describe('SearchIndex persistence', () => {
  it('reads back what it wrote, giving the same answers', async () => {
    const index = sample();
    index.remove(id(3)); // a discarded document must survive the round trip too
    const copy = await SearchIndex.fromJSON(JSON.parse(JSON.stringify(index)));
    for (const text of ['compost', 'irrig', 'greenhuse', 'weekly soil']) {
      expect(copy.query({ text, limit: 10 })).toEqual(index.query({ text, limit: 10 }));
      expect(copy.titles(text, 10)).toEqual(index.titles(text, 10));
    }
    expect(copy.get(id(1))?.version).toBe('v1');
  });

  it('refuses a file of another format, a wrong shape, or pages that disagree with the index', async () => {
    const good = JSON.parse(JSON.stringify(sample())) as Record<string, unknown>;
    await expect(SearchIndex.fromJSON(null)).rejects.toThrow(/search index/);
    await expect(SearchIndex.fromJSON({ ...good, format: 999 })).rejects.toThrow(/search index/);
    await expect(SearchIndex.fromJSON({ ...good, signature: 'other' })).rejects.toThrow(/search index/);
    await expect(SearchIndex.fromJSON({ ...good, pages: [{ id: 'nope' }] })).rejects.toThrow(/search index/);
    await expect(SearchIndex.fromJSON({ ...good, pages: (good.pages as unknown[]).slice(1) })).rejects.toThrow(/differ/);
    await expect(SearchIndex.fromJSON({ ...good, index: { garbage: true } })).rejects.toThrow(/search index/);
  });
});

describe('SearchIndex vacuum', () => {
  // Regression: MiniSearch's background auto-vacuum threw a TypeError during a bulk import, an
  // unhandled rejection that ended the host. We start vacuums ourselves and catch their failure.
  it('vacuums after many removals, and a failing vacuum neither throws nor loses results', async () => {
    const index = SearchIndex.empty();
    for (let n = 1; n <= 400; n++) {
      index.upsertMeta(id(n), meta(`Page ${n}`));
      index.setContent(id(n), `compost heap number${n}`, `v${n}`);
    }
    const mini = (index as unknown as { mini: { vacuum: () => Promise<void> } }).mini;
    let vacuums = 0;
    mini.vacuum = async () => {
      vacuums++;
      throw new TypeError("Cannot read properties of undefined (reading 'size')");
    };
    for (let n = 1; n <= 300; n++) index.remove(id(n));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(vacuums).toBeGreaterThan(0);
    expect(index.query({ text: 'compost', limit: 100 }).total).toBe(100);
  });
});
