import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './router';

const W = '0123456789abcdef0123456789abcdef';
const P = 'fedcba9876543210fedcba9876543210';

describe('routes', () => {
  it('round-trips every view', () => {
    for (const hash of [`#/${W}`, `#/${W}/${P}`, `#/${W}/trash`, `#/${W}/questions`, `#/${W}/search`, `#/${W}/search?q=a%2Fb+c&kind=guide&tag=soil`]) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });

  it('reads a search route, dropping filter values the host would refuse', () => {
    const author = 'ab'.repeat(32);
    const route = parseRoute(`#/${W}/search?q=compost%20heap&kind=guide&kind=guide&tag=&tag=soil&author=${author}&author=eve`);
    expect(route).toEqual({ workspaceId: W, view: { kind: 'search', query: { text: 'compost heap', kinds: ['guide'], tags: ['soil'], authors: [author] } } });
    const long = parseRoute(`#/${W}/search?q=${'x'.repeat(600)}`);
    expect(long.view.kind === 'search' && long.view.query.text.length).toBe(500);
  });

  it('reads anything malformed as no workspace, or the workspace home', () => {
    expect(parseRoute('')).toEqual({ workspaceId: null, view: { kind: 'home' } });
    expect(parseRoute('#/not-an-id/trash')).toEqual({ workspaceId: null, view: { kind: 'home' } });
    expect(parseRoute(`#/${W}/<script>`)).toEqual({ workspaceId: W, view: { kind: 'home' } });
  });
});
