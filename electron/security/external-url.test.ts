import { describe, expect, it } from 'vitest';
import { MAX_URL_LENGTH } from '../../shared/bridge/contract';
import { checkExternalUrl } from '../../shared/bridge/external-url';

describe('checkExternalUrl', () => {
  it.each([
    'https://example.org/',
    'https://example.org/path?q=1#frag',
    'http://example.org',
    'http://192.168.1.10:8080/wiki',
    'mailto:someone@example.org',
    'mailto:someone@example.org?subject=Hello',
  ])('accepts %s', (url) => {
    const verdict = checkExternalUrl(url);
    expect(verdict.ok).toBe(true);
  });

  it('returns the normalized href, not the raw text', () => {
    expect(checkExternalUrl('HTTPS://Example.ORG')).toEqual({ ok: true, url: 'https://example.org/' });
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: in capitals', 'JaVaScRiPt:alert(1)'],
    ['javascript: with a comment trick', 'javascript://example.org/%0aalert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['file: on Windows', 'file://C:/Windows/System32/calc.exe'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['blob:', 'blob:https://example.org/uuid'],
    ['our own app scheme', 'app://commonplace/'],
    ['our attachment scheme', 'cp-attachment://0123/sha256-00'],
    ['a custom handler scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['smb:', 'smb://server/share'],
    ['ftp:', 'ftp://example.org/'],
    ['a relative path', '/relative/path'],
    ['a protocol-relative URL', '//example.org/'],
    ['a bare host', 'example.org'],
    ['http: with no host', 'http:'],
    ['https: with an empty authority', 'https://'],
    ['empty', ''],
    ['only whitespace', '   '],
  ])('refuses %s', (_name, url) => {
    expect(checkExternalUrl(url).ok).toBe(false);
  });

  it.each([
    ['leading whitespace before javascript:', '  javascript:alert(1)'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a newline inside the scheme', 'java\nscript:alert(1)'],
    ['a leading control character', '\u0001javascript:alert(1)'],
    ['a NUL before the scheme', '\u0000javascript:alert(1)'],
    ['a zero-width space in the scheme', 'java\u200bscript:alert(1)'],
  ])('refuses whitespace and control-character tricks: %s', (_name, url) => {
    expect(checkExternalUrl(url).ok).toBe(false);
  });

  it('normalizes what a browser would normalize (extra slashes name a host)', () => {
    expect(checkExternalUrl('https:///example.org/path')).toEqual({ ok: true, url: 'https://example.org/path' });
  });

  it('never passes a control character through to the OS', () => {
    const verdict = checkExternalUrl('https://example.org/a\tb\nc');
    const CONTROL_LIMIT = 0x20;
    if (verdict.ok) expect([...verdict.url].some((ch) => ch.charCodeAt(0) < CONTROL_LIMIT)).toBe(false);
  });

  it('refuses overlong URLs and accepts one at the limit', () => {
    const prefix = 'https://example.org/';
    expect(checkExternalUrl(prefix + 'a'.repeat(MAX_URL_LENGTH - prefix.length)).ok).toBe(true);
    expect(checkExternalUrl(prefix + 'a'.repeat(MAX_URL_LENGTH - prefix.length + 1))).toEqual({ ok: false, reason: 'too long' });
  });

  it.each([undefined, null, 42, {}, ['https://example.org/'], new URL('https://example.org/')])(
    'refuses a non-string: %s',
    (value) => {
      expect(checkExternalUrl(value).ok).toBe(false);
    },
  );
});
