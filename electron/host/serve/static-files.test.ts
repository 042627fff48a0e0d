import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED_ATTACHMENT_MIME } from '../../../shared/bridge/contract';
import { attachmentHeaders, contentTypeOf, pageCsp, resolveStaticPath } from './static-files';

const root = join('/srv', 'dist', 'renderer');

describe('resolveStaticPath', () => {
  it('maps / to index.html and paths to files under the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveStaticPath(root, '/assets//x%20y.css')).toBe(join(root, 'assets', 'x y.css'));
  });

  it.each([
    ['/../secret'],
    ['/assets/../../secret'],
    ['/%2e%2e/secret'],
    ['/%2E%2E%2Fsecret'],
    ['/assets/%2e%2e/%2e%2e/etc/passwd'],
    ['/..%5c..%5csecret'],
    ['/a\\..\\b'],
    ['/./index.html'],
    ['/index.html%00.js'],
    ['/%E0%A4%A'],
    ['relative'],
    [''],
  ])('refuses %s', (pathname) => {
    expect(resolveStaticPath(root, pathname)).toBeNull();
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['a.js.map', 'application/json; charset=utf-8'],
    ['README', 'application/octet-stream'],
    ['a.exe', 'application/octet-stream'],
  ])('%s is %s', (path, type) => {
    expect(contentTypeOf(path)).toBe(type);
  });
});

describe('pageCsp', () => {
  const csp = pageCsp('127.0.0.1:4321');
  it.each([
    "script-src 'self'",
    "connect-src 'self' ws://127.0.0.1:4321",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ])('has %s', (directive) => {
    expect(csp.split('; ')).toContain(directive);
  });

  it('never allows inline or evaluated script', () => {
    const script = csp.split('; ').find((d) => d.startsWith('script-src')) ?? '';
    expect(script).not.toContain('unsafe');
  });
});

describe('attachmentHeaders', () => {
  it('serves allowed images as themselves, sandboxed', () => {
    const headers = attachmentHeaders('image/svg+xml', ALLOWED_ATTACHMENT_MIME);
    expect(headers['Content-Type']).toBe('image/svg+xml');
    expect(headers['Content-Security-Policy']).toMatch(/^sandbox;/);
  });

  it('serves anything else as opaque bytes', () => {
    expect(attachmentHeaders('text/html', ALLOWED_ATTACHMENT_MIME)['Content-Type']).toBe('application/octet-stream');
  });
});
