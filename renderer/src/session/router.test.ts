import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './router';

const W = '0123456789abcdef0123456789abcdef';
const P = 'fedcba9876543210fedcba9876543210';

describe('routes', () => {
  it('round-trips every view', () => {
    for (const hash of [`#/${W}`, `#/${W}/${P}`, `#/${W}/trash`]) expect(formatRoute(parseRoute(hash))).toBe(hash);
  });

  it('reads anything malformed as no workspace, or the workspace home', () => {
    expect(parseRoute('')).toEqual({ workspaceId: null, view: { kind: 'home' } });
    expect(parseRoute('#/not-an-id/trash')).toEqual({ workspaceId: null, view: { kind: 'home' } });
    expect(parseRoute(`#/${W}/<script>`)).toEqual({ workspaceId: W, view: { kind: 'home' } });
  });
});
