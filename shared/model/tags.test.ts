import { describe, expect, it } from 'vitest';
import type { PageId } from '../ids';
import { MAX_LABEL_LENGTH, MAX_TAGS } from './page-writes';
import type { PageRecord } from './schema';
import {
  addTags,
  distinctTags,
  hasAllTags,
  normalizeTag,
  removeTag,
  suggestTags,
  tagKey,
  tagsFromInput,
  workspaceTags,
} from './tags';
import { ALICE, pid } from './test-support';

function page(n: number, tags: string[]): PageRecord {
  return {
    id: pid(n) as PageId,
    title: `p${n}`,
    parentId: null,
    order: 'a0',
    kind: 'note',
    tags,
    icon: null,
    createdBy: ALICE,
    createdAt: 0,
    updatedBy: ALICE,
    updatedAt: 0,
    movedAt: 0,
    trashedAt: null,
    isTemplate: false,
  };
}

describe('normalizeTag', () => {
  it('trims, drops a leading #, and turns spaces and commas into hyphens; keeps the case', () => {
    expect(normalizeTag('  Soil  ')).toBe('Soil');
    expect(normalizeTag('##field-work')).toBe('field-work');
    expect(normalizeTag('field  work')).toBe('field-work');
    expect(normalizeTag('a, b')).toBe('a-b');
    expect(normalizeTag('Ökologie/Böden')).toBe('Ökologie/Böden');
  });

  it('rejects what is empty after normalising, and what is too long', () => {
    expect(normalizeTag('')).toBeNull();
    expect(normalizeTag(' # ')).toBeNull();
    expect(normalizeTag(' - ')).toBeNull();
    expect(normalizeTag('t'.repeat(MAX_LABEL_LENGTH + 1))).toBeNull();
    expect(normalizeTag('t'.repeat(MAX_LABEL_LENGTH))).toHaveLength(MAX_LABEL_LENGTH);
  });

  it('composes decomposed characters, so the same word typed two ways is one tag', () => {
    expect(tagKey(normalizeTag('Cafe\u0301') ?? '')).toBe(tagKey(normalizeTag('Café') ?? ''));
  });
});

describe('tag lists', () => {
  it('splits typed or pasted text on commas and new lines', () => {
    expect(tagsFromInput('soil, water\n#Air,, ')).toEqual(['soil', 'water', 'Air']);
  });

  it('dedupes case-insensitively, keeping the first spelling', () => {
    expect(distinctTags(['Soil', 'soil', 'SOIL', 'water'])).toEqual(['Soil', 'water']);
  });

  it('adds tags in the workspace’s spelling, without duplicates', () => {
    const known = [{ tag: 'Soil', count: 3 }];
    expect(addTags(['water'], ['soil', 'WATER', ' ', 'air'], known)).toEqual(['water', 'Soil', 'air']);
  });

  it(`never adds past ${MAX_TAGS} tags`, () => {
    const many = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
    expect(addTags(many, ['one-more'])).toHaveLength(MAX_TAGS);
  });

  it('removes a tag in any case', () => {
    expect(removeTag(['Soil', 'water'], 'SOIL')).toEqual(['water']);
  });

  it('matches pages carrying all of the wanted tags', () => {
    const p = page(1, ['Soil', 'water']);
    expect(hasAllTags(p, new Set())).toBe(true);
    expect(hasAllTags(p, new Set(['soil']))).toBe(true);
    expect(hasAllTags(p, new Set(['soil', 'water']))).toBe(true);
    expect(hasAllTags(p, new Set(['soil', 'air']))).toBe(false);
  });
});

describe('workspaceTags', () => {
  it('counts pages per tag, most used first, in the most used spelling (ties: code-unit order)', () => {
    const pages = [page(1, ['Soil', 'water']), page(2, ['soil']), page(3, ['soil', 'Soil']), page(4, ['Air']), page(5, ['air'])];
    expect(workspaceTags(pages)).toEqual([
      { tag: 'soil', count: 3 },
      { tag: 'Air', count: 2 },
      { tag: 'water', count: 1 },
    ]);
    // The same pages in another order give the same answer.
    expect(workspaceTags([...pages].reverse())).toEqual(workspaceTags(pages));
  });

  it('suggests tags starting with the query first, then containing it, without chosen ones', () => {
    const known = [
      { tag: 'groundwater', count: 5 },
      { tag: 'water', count: 4 },
      { tag: 'Waterfall', count: 1 },
      { tag: 'soil', count: 1 },
    ];
    expect(suggestTags(known, 'wat', ['water'], 10).map((t) => t.tag)).toEqual(['Waterfall', 'groundwater']);
    expect(suggestTags(known, '', [], 2).map((t) => t.tag)).toEqual(['groundwater', 'water']);
    expect(suggestTags(known, '#SO', [], 10).map((t) => t.tag)).toEqual(['soil']);
  });
});
