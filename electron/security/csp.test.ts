import { describe, expect, it } from 'vitest';
import { ATTACHMENT_CSP, buildCsp, CSP_DIRECTIVES } from './csp';

const parse = (csp: string): Map<string, string[]> =>
  new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );

describe('buildCsp', () => {
  const csp = buildCsp();
  const directives = parse(csp);

  it('never allows eval or inline script', () => {
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toContain("'wasm-unsafe-eval'");
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('allows inline styles only in style-src', () => {
    for (const [name, sources] of directives) {
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('keeps everything else local', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'cp-attachment:']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('writes one well-formed directive per entry', () => {
    expect(directives.size).toBe(Object.keys(CSP_DIRECTIVES).length);
    expect(csp).not.toMatch(/[\r\n,]/);
  });
});

describe('ATTACHMENT_CSP', () => {
  it('runs nothing inside a served attachment', () => {
    const directives = parse(ATTACHMENT_CSP);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.has('sandbox')).toBe(true);
    expect(directives.has('script-src')).toBe(false);
  });
});
