import { describe, expect, it } from 'vitest';
import { isAllowedHref, parseLinkInput, shouldAutoLink } from './link-policy';

describe('isAllowedHref', () => {
  it.each([
    'https://example.org',
    'http://example.org/a?b=c#d',
    'mailto:someone@example.org',
    '/pages/abc',
    '#section',
    './relative',
    '../up',
    'page-name',
    '?q=1',
    'HTTPS://EXAMPLE.ORG',
  ])('accepts %s', (href) => expect(isAllowedHref(href)).toBe(true));

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    '\u0000javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'jav\rascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'blob:https://example.org/uuid',
    'tel:+123',
    'ftp://example.org',
    'commonplace://join/abc',
    '',
    '   ',
    `https://example.org/${'a'.repeat(3000)}`,
  ])('refuses %j', (href) => expect(isAllowedHref(href)).toBe(false));

  it('refuses non-strings', () => {
    expect(isAllowedHref(undefined)).toBe(false);
    expect(isAllowedHref(null)).toBe(false);
    expect(isAllowedHref(42)).toBe(false);
  });
});

describe('shouldAutoLink', () => {
  it('links explicit web addresses and e-mail addresses', () => {
    expect(shouldAutoLink('https://example.org')).toBe(true);
    expect(shouldAutoLink('www.example.org')).toBe(true);
    expect(shouldAutoLink('someone@example.org')).toBe(true);
  });

  it('leaves file names and version numbers alone', () => {
    expect(shouldAutoLink('notes.md')).toBe(false);
    expect(shouldAutoLink('v1.2')).toBe(false);
    expect(shouldAutoLink('example.org')).toBe(false);
  });
});

describe('parseLinkInput', () => {
  it('keeps allowed hrefs as typed', () => {
    expect(parseLinkInput(' https://example.org/x ')).toEqual({ kind: 'set', href: 'https://example.org/x' });
    expect(parseLinkInput('/pages/abc')).toEqual({ kind: 'set', href: '/pages/abc' });
    expect(parseLinkInput('#top')).toEqual({ kind: 'set', href: '#top' });
  });

  it('completes bare hosts and e-mail addresses', () => {
    expect(parseLinkInput('example.org/docs')).toEqual({ kind: 'set', href: 'https://example.org/docs' });
    expect(parseLinkInput('someone@example.org')).toEqual({ kind: 'set', href: 'mailto:someone@example.org' });
  });

  it('removes the link when empty', () => {
    expect(parseLinkInput('   ')).toEqual({ kind: 'remove' });
  });

  it('refuses other schemes and plain words', () => {
    expect(parseLinkInput('javascript:alert(1)').kind).toBe('invalid');
    expect(parseLinkInput('data:text/html,x').kind).toBe('invalid');
    expect(parseLinkInput('just some words').kind).toBe('invalid');
  });
});
