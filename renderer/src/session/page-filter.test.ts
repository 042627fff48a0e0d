import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId, PageId } from '../../../shared/ids';
import { buildTree, createPage, trashPage } from '../../../shared/model';
import { filterPages, isFiltering, matchIds, NO_FILTER, PageFilter, type FilterCriteria } from './page-filter';

const stamp = { by: 'me' as MemberId, now: 1 };

/** Field guide (guide: soil, Water) > [Sampling (note: soil), Old (question: soil, trashed)], Q (question: water) */
function fixture() {
  const doc = new Y.Doc();
  const add = (title: string, parentId: PageId | null, kind: string, tags: string[]) =>
    createPage(doc, { title, parentId, kind, tags, ...stamp }, null);
  const guide = add('Field guide', null, 'guide', ['soil', 'Water']);
  const sampling = add('Sampling', guide, 'note', ['Soil']);
  const old = add('Old', guide, 'question', ['soil']);
  trashPage(doc, { pageId: old, ...stamp }, null);
  const q = add('Q', null, 'question', ['water']);
  return { tree: buildTree(doc), guide, sampling, q };
}

const criteria = (kinds: string[], tags: string[]): FilterCriteria => ({ kinds: new Set(kinds), tags: new Set(tags) });

describe('filterPages', () => {
  it('matches any of the kinds, in tree order, every depth, never the trash', () => {
    const { tree, guide, sampling, q } = fixture();
    expect(matchIds(filterPages(tree, criteria(['note', 'guide'], [])))).toEqual([guide, sampling]);
    expect(matchIds(filterPages(tree, criteria(['question'], [])))).toEqual([q]);
  });

  it('matches pages with all of the tags, whatever their case', () => {
    const { tree, guide, sampling, q } = fixture();
    expect(matchIds(filterPages(tree, criteria([], ['soil'])))).toEqual([guide, sampling]);
    expect(matchIds(filterPages(tree, criteria([], ['soil', 'water'])))).toEqual([guide]);
    expect(matchIds(filterPages(tree, criteria(['question'], ['water'])))).toEqual([q]);
    expect(matchIds(filterPages(tree, criteria(['note'], ['water'])))).toEqual([]);
  });

  it('gives each match its ancestors, top first', () => {
    const { tree } = fixture();
    const [, sampling] = filterPages(tree, criteria([], ['soil']));
    expect(sampling?.ancestors.map((p) => p.title)).toEqual(['Field guide']);
  });

  it('matches everything with no criteria', () => {
    const { tree } = fixture();
    expect(filterPages(tree, NO_FILTER)).toHaveLength(3);
    expect(isFiltering(NO_FILTER)).toBe(false);
  });
});

describe('PageFilter', () => {
  it('toggles kinds and tags (tags by key), shows one tag, and clears when closed', () => {
    const filter = new PageFilter();
    filter.toggleKind('guide');
    filter.toggleTag('Soil');
    expect([...filter.criteria.get().kinds]).toEqual(['guide']);
    expect([...filter.criteria.get().tags]).toEqual(['soil']);
    filter.toggleTag('SOIL');
    expect(filter.criteria.get().tags.size).toBe(0);

    filter.showTag('Water');
    expect(filter.criteria.get()).toEqual(criteria([], ['water']));
    expect(filter.open.get()).toBe(true);

    filter.toggleOpen();
    expect(filter.open.get()).toBe(false);
    expect(isFiltering(filter.criteria.get())).toBe(false);
  });
});
