import { describe, expect, it } from 'vitest';
import { MAX_FILTER_VALUES, MAX_QUERY_LENGTH, MAX_SEARCH_LIMIT } from './search';
import { parseArgs } from './validate';

const workspaceId = '0123456789abcdef0123456789abcdef';
const member = 'ab'.repeat(32);

describe('search argument validation', () => {
  it('accepts well-formed calls', () => {
    expect(parseArgs('search', 'query', { workspaceId, text: 'compost' })).toEqual({ workspaceId, text: 'compost' });
    const full = { workspaceId, text: 'x'.repeat(MAX_QUERY_LENGTH), kinds: ['guide'], tags: ['soil'], authors: [member], limit: MAX_SEARCH_LIMIT };
    expect(parseArgs('search', 'query', full)).toEqual(full);
    expect(parseArgs('search', 'query', { workspaceId, text: '' })).toEqual({ workspaceId, text: '' });
    expect(parseArgs('search', 'titles', { workspaceId, text: 'mtg', limit: 1 })).toEqual({ workspaceId, text: 'mtg', limit: 1 });
    expect(parseArgs('search', 'facets', { workspaceId })).toEqual({ workspaceId });
  });

  it.each([
    ['a query over the length cap', { workspaceId, text: 'x'.repeat(MAX_QUERY_LENGTH + 1) }],
    ['a limit over the cap', { workspaceId, text: 'a', limit: MAX_SEARCH_LIMIT + 1 }],
    ['a zero limit', { workspaceId, text: 'a', limit: 0 }],
    ['a fractional limit', { workspaceId, text: 'a', limit: 2.5 }],
    ['a bad workspace id', { workspaceId: '../etc', text: 'a' }],
    ['text that is not a string', { workspaceId, text: { $ne: 1 } }],
    ['too many kinds', { workspaceId, text: 'a', kinds: Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `k${i}`) }],
    ['an empty tag', { workspaceId, text: 'a', tags: [''] }],
    ['an author that is not a member id', { workspaceId, text: 'a', authors: ['alice'] }],
    ['an unknown field', { workspaceId, text: 'a', sql: 'drop' }],
  ])('rejects %s', (_what, args) => {
    expect(() => parseArgs('search', 'query', args)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });

  it('rejects bad titles and facets calls', () => {
    expect(() => parseArgs('search', 'titles', { workspaceId, text: 'a', limit: MAX_SEARCH_LIMIT + 1 })).toThrow(/search.titles/);
    expect(() => parseArgs('search', 'titles', { workspaceId })).toThrow(/search.titles/);
    expect(() => parseArgs('search', 'facets', { workspaceId, text: 'a' })).toThrow(/search.facets/);
  });
});
