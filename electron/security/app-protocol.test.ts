import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, resolveAppFile, serveAppFile } from './app-protocol';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'cp-app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Commonplace</title>');
  await writeFile(join(root, 'assets', 'main.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'a b.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'outside the root');
  await mkdir(join(base, 'renderer-evil'), { recursive: true });
  await writeFile(join(base, 'renderer-evil', 'x.js'), 'sibling directory');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveAppFile', () => {
  it('maps the root to index.html and paths to files under the root', () => {
    expect(resolveAppFile(root, 'app://commonplace/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://commonplace/assets/main.js')).toBe(join(root, 'assets', 'main.js'));
    expect(resolveAppFile(root, 'app://commonplace/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
    expect(resolveAppFile(root, 'app://commonplace/index.html?v=1#x')).toBe(join(root, 'index.html'));
  });

  const inside = (file: string | undefined) => file === undefined || file.startsWith(join(root, '/'));

  it.each([
    ['an encoded parent segment', 'app://commonplace/%2e%2e/secret.txt'],
    ['an encoded slash and parent', 'app://commonplace/assets%2F..%2F..%2Fsecret.txt'],
    ['a double-encoded traversal', 'app://commonplace/..%252Fsecret.txt'],
    ['a backslash traversal', 'app://commonplace/..%5Csecret.txt'],
    ['a sibling directory sharing the prefix', 'app://commonplace/..%2Frenderer-evil%2Fx.js'],
  ])('never leaves the root: %s', (_name, url) => {
    expect(inside(resolveAppFile(root, url))).toBe(true);
  });

  it('lets the URL parser drop dot segments, as Chromium does, so they stay inside the root', () => {
    expect(resolveAppFile(root, 'app://commonplace/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppFile(root, 'app://commonplace/../../secret.txt')).toBe(join(root, 'secret.txt'));
  });

  it.each([
    ['an encoded slash and parent', 'app://commonplace/assets%2F..%2F..%2Fsecret.txt'],
    ['a sibling directory sharing the prefix', 'app://commonplace/..%2Frenderer-evil%2Fx.js'],
    ['a backslash traversal', 'app://commonplace/..%5Csecret.txt'],
    ['an encoded parent alone', 'app://commonplace/..%2F'],
    ['a NUL byte', 'app://commonplace/index.html%00.png'],
    ['malformed percent-encoding', 'app://commonplace/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['a lookalike host', 'app://commonplace.evil.com/index.html'],
    ['credentials', 'app://commonplace@evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_name, url) => {
    expect(resolveAppFile(root, url)).toBeUndefined();
  });
});

describe('serveAppFile', () => {
  it('serves a file with its type, the CSP and nosniff', async () => {
    const reply = await serveAppFile(root, 'app://commonplace/');
    expect(reply.status).toBe(200);
    expect(reply.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(reply.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(new TextDecoder().decode(reply.body)).toContain('<title>Commonplace</title>');
  });

  it('serves scripts as JavaScript (module scripts require it)', async () => {
    const reply = await serveAppFile(root, 'app://commonplace/assets/main.js');
    expect(reply.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for a missing file, a directory and a traversal', async () => {
    expect((await serveAppFile(root, 'app://commonplace/nope.js')).status).toBe(404);
    expect((await serveAppFile(root, 'app://commonplace/assets')).status).toBe(404);
    const traversal = await serveAppFile(root, 'app://commonplace/%2e%2e/secret.txt');
    expect(traversal.status).toBe(404);
    expect(traversal.body).toBeUndefined();
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await serveAppFile(root, 'app://commonplace/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    expect((await serveAppFile(root, 'app://commonplace/', 'POST')).status).toBe(405);
  });
});

describe('contentTypeOf', () => {
  it('knows the built renderer’s file types and falls back to bytes', () => {
    expect(contentTypeOf('x.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('x.woff2')).toBe('font/woff2');
    expect(contentTypeOf('x.wasm')).toBe('application/wasm');
    expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
    expect(contentTypeOf('Makefile')).toBe('application/octet-stream');
  });
});
