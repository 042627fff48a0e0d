import { describe, expect, it } from 'vitest';
import { MARK_TYPES, NODE_TYPES, type PMNode } from './doc';
import { markdownToDoc } from './from-markdown';
import type { ImportContext } from './import-state';
import { editorSchema } from './test-support';
import { schemeOf } from './urls';

const ATTACHMENT = `attachment:sha256-${'d'.repeat(64)}`;
const ctx: ImportContext = { resolveLink: () => null, resolveImage: () => ATTACHMENT };
const schema = editorSchema();

function* walk(node: PMNode): Generator<PMNode> {
  yield node;
  for (const child of node.content ?? []) yield* walk(child);
}

/** Every guarantee hostile input must not break. */
function expectInert(markdown: string): PMNode {
  const { doc } = markdownToDoc(markdown, ctx);
  schema.nodeFromJSON(doc).check();
  for (const n of walk(doc)) {
    expect(NODE_TYPES as readonly string[]).toContain(n.type);
    for (const mark of n.marks ?? []) {
      expect(MARK_TYPES as readonly string[]).toContain(mark.type);
      if (mark.type === 'link') expect([null, 'http', 'https', 'mailto']).toContain(schemeOf(String(mark.attrs?.href)));
    }
    if (n.type === 'image') expect(String(n.attrs?.src)).toMatch(/^(attachment:sha256-[0-9a-f]{64}|https?:\/\/)/);
  }
  return doc;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  'inline <script>alert(1)</script> script',
  '<img src=x onerror="alert(1)">',
  'text <img src=x onerror=alert(1)> text',
  '<a href="javascript:alert(1)">click</a>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](  javascript:alert(1))',
  '[x](<java\tscript:alert(1)>)',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;avascript&#58;alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<javascript:alert(1)>',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)',
  '<!-- <script>alert(1)</script> -->',
  'a <!-- hidden --> b',
  '<iframe src="https://evil.example"></iframe>',
  '<div onclick="alert(1)">click</div>',
  '<style>body{display:none}</style>',
  '<svg onload=alert(1)>',
  '> [!note] <img src=x onerror=alert(1)>\n> body',
  '| a |\n| - |\n| <script>alert(1)</script> |',
  '[[<script>alert(1)</script>]]',
  '![[javascript:alert(1).png]]',
  '<u onmouseover="alert(1)">x</u>',
];

describe('hostile Markdown', () => {
  it.each(HOSTILE)('stays inert: %s', (markdown) => {
    expectInert(markdown);
  });

  it('shows script tags as literal text, never as markup', () => {
    const text = JSON.stringify(expectInert('inline <script>alert(1)</script> here'));
    expect(text).toContain('<script>');
    const block = expectInert('<script>alert(1)</script>');
    expect(block.content).toEqual([{ type: 'codeBlock', attrs: { language: 'html' }, content: [{ type: 'text', text: '<script>alert(1)</script>' }] }]);
  });

  it('keeps the text of a refused link and says why', () => {
    const result = markdownToDoc('[click me](javascript:alert(1))', ctx);
    expect(result.doc.content).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'click me' }] }]);
    expect(result.report.warnings).toEqual(['link with the scheme javascript: kept as plain text']);
  });

  it('keeps allowed links', () => {
    const doc = expectInert('[a](https://x.org) [b](mailto:a@b.c) [c](#anchor) [d](relative/path)');
    const hrefs = [...walk(doc)].flatMap((n) => n.marks ?? []).map((m) => m.attrs?.href);
    expect(hrefs).toEqual(['https://x.org', 'mailto:a@b.c', '#anchor', 'relative/path']);
  });
});

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '[', ']', '[[', ']]', '![[', '|', '\\|', '#', '!', '>', '> [!note]', '-', '- [ ] ', '1. ', '*', '**', '_', '~~', '`', '```',
  '\n', '\n\n', '  ', '\t', '<', '>', '<br>', '<u>', '</u>', '<script>', '<!--', '-->', '---\n', 'tags: [a', ':', '(', ')',
  'javascript:', 'http://x.y', '.png', '.md', '&#106;', '\\', '|---|', '| a |', '𝄞', '🔺', '\u0000', '\ud800', 'text', ' ', 'word',
];

describe('fuzz', () => {
  const ITERATIONS = 1500;
  const MAX_PIECES = 40;
  it(`never throws and always yields a valid, inert document (${ITERATIONS} random notes)`, { timeout: 120_000 }, () => {
    const random = prng(4);
    for (let i = 0; i < ITERATIONS; i += 1) {
      const length = Math.floor(random() * MAX_PIECES);
      let markdown = '';
      for (let j = 0; j < length; j += 1) markdown += PIECES[Math.floor(random() * PIECES.length)];
      try {
        expectInert(markdown);
      } catch (error) {
        throw new Error(`iteration ${i}: ${JSON.stringify(markdown)}: ${String(error)}`, { cause: error });
      }
    }
  });

  // micromark is quadratic in container depth: a few seconds on a busy machine.
  it('survives absurd nesting and size', { timeout: 60_000 }, () => {
    expectInert('>'.repeat(5000) + ' deep');
    expectInert('- '.repeat(2000) + 'deep');
    expectInert('*'.repeat(20000));
    expectInert('[['.repeat(5000));
  });
});
