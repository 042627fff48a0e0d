import { describe, expect, it } from 'vitest';
import type { PageId } from '../../../shared/ids';
import { describeLink, rankTitles, type PageDirectory, type PageStatus } from './page-directory';

const LIVE = 'a'.repeat(32) as PageId;
const TRASHED = 'b'.repeat(32) as PageId;
const UNTITLED_PAGE = 'c'.repeat(32) as PageId;
const GONE = 'd'.repeat(32) as PageId;

const pages: PageDirectory = {
  title: (id) => ({ [LIVE]: 'Field guide', [TRASHED]: 'Old notes', [UNTITLED_PAGE]: '' })[id] ?? null,
  status: (id): PageStatus => (({ [LIVE]: 'live', [TRASHED]: 'trashed', [UNTITLED_PAGE]: 'live' }) as Record<string, PageStatus>)[id] ?? 'missing',
  search: () => [],
  open: () => undefined,
  create: () => null,
  subscribe: () => () => undefined,
};

const link = (pageId: PageId | null, target = 'As written', label: string | null = null, heading: string | null = null) => ({
  pageId,
  target,
  label,
  heading,
});

describe('describeLink', () => {
  it('live: the current title (not the target as written), the heading after it', () => {
    expect(describeLink(link(LIVE, 'Old title', null, 'Part'), pages)).toEqual({
      state: 'live',
      text: 'Field guide',
      heading: 'Part',
      tooltip: 'Open “Field guide”',
    });
  });

  it('a label wins over the title and hides the heading', () => {
    expect(describeLink(link(LIVE, 'x', 'see here', 'Part'), pages)).toMatchObject({ text: 'see here', heading: null });
  });

  it('untitled pages read as Untitled', () => {
    expect(describeLink(link(UNTITLED_PAGE), pages).text).toBe('Untitled');
  });

  it('trashed: the title, and a tooltip that says it is in the trash', () => {
    expect(describeLink(link(TRASHED), pages)).toMatchObject({ state: 'trashed', text: 'Old notes', tooltip: 'In trash: “Old notes”' });
  });

  it('missing: the target as written, and "Page not found"', () => {
    expect(describeLink(link(GONE, 'Deleted page'), pages)).toMatchObject({ state: 'missing', text: 'Deleted page', tooltip: 'Page not found' });
    expect(describeLink(link(LIVE), null)).toMatchObject({ state: 'missing' });
  });

  it('unresolved (no page id): the raw target', () => {
    expect(describeLink(link(null, 'Never imported'), pages)).toMatchObject({
      state: 'unresolved',
      text: 'Never imported',
      tooltip: 'No page “Never imported” (the link did not resolve)',
    });
  });
});

describe('rankTitles', () => {
  const titles = [
    { pageId: 'p1' as PageId, title: 'Meeting notes', updatedAt: 1 },
    { pageId: 'p2' as PageId, title: 'Notes', updatedAt: 2 },
    { pageId: 'p3' as PageId, title: 'Field guide', updatedAt: 3 },
    { pageId: 'p4' as PageId, title: 'Old notes', updatedAt: 4 },
  ];

  it('ranks exact, then prefix, then word matches; drops non-matches', () => {
    expect(rankTitles('notes', titles, 10).map((t) => t.title)).toEqual(['Notes', 'Old notes', 'Meeting notes']);
    expect(rankTitles('fg', titles, 10).map((t) => t.title)).toEqual(['Field guide']);
    expect(rankTitles('zzz', titles, 10)).toEqual([]);
  });

  it('lists the most recently edited first for a blank query, up to the limit', () => {
    expect(rankTitles('  ', titles, 2).map((t) => t.title)).toEqual(['Old notes', 'Field guide']);
  });
});
