import { describe, expect, it } from 'vitest';
import { findDeepLink, parseDeepLink } from './deep-link';

describe('parseDeepLink', () => {
  it('reads the action of a commonplace:// link and keeps the link', () => {
    expect(parseDeepLink('commonplace://join/abc?k=secret')).toEqual({
      action: 'join',
      url: 'commonplace://join/abc?k=secret',
    });
    expect(parseDeepLink('commonplace:join/abc')?.action).toBe('join');
  });

  it.each([
    ['another scheme', 'https://join/abc'],
    ['a lookalike scheme', 'commonplacex://join/abc'],
    ['credentials', 'commonplace://user@join/abc'],
    ['a port', 'commonplace://join:1/abc'],
    ['no action', 'commonplace://'],
    ['an odd action', 'commonplace://JOIN%00/abc'],
    ['a command-line switch', '--inspect=9229'],
    ['not a URL', 'join'],
    ['empty', ''],
    ['overlong', `commonplace://join/${'a'.repeat(5000)}`],
  ])('refuses %s', (_name, raw) => {
    expect(parseDeepLink(raw)).toBeUndefined();
  });

  it('refuses non-strings', () => {
    expect(parseDeepLink(undefined)).toBeUndefined();
    expect(parseDeepLink(42)).toBeUndefined();
  });
});

describe('findDeepLink', () => {
  it('finds the link among command-line arguments', () => {
    const argv = ['/opt/Commonplace/commonplace', '--no-sandbox-is-not-ours', 'commonplace://join/abc'];
    expect(findDeepLink(argv)?.action).toBe('join');
  });

  it('finds nothing in an ordinary start', () => {
    expect(findDeepLink(['/usr/bin/electron', '.'])).toBeUndefined();
  });
});
