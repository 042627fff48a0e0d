import { describe, expect, it } from 'vitest';
import type { PageId } from '../ids';
import { markdownToDoc, type PMJson } from '../markdown';
import { escapeHtml, pageToHtml, type HtmlContext } from './page-html';

const ATTACHMENT = `attachment:sha256-${'a'.repeat(64)}`;
const DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';
const ctx: HtmlContext = {
  titleOf: (id) => (id === ('p'.repeat(32) as PageId) ? 'Linked <page>' : null),
  imageSrc: (src) => (src === ATTACHMENT ? DATA_URL : null),
};
const fromMd = (md: string): PMJson =>
  markdownToDoc(md, { resolveLink: (t) => (t === 'Linked' ? ('p'.repeat(32) as PageId) : null), resolveImage: () => ATTACHMENT }).doc;

describe('pageToHtml', () => {
  it('renders the document with escaped text and a script-free policy', () => {
    const html = pageToHtml('A <b>title</b> & "quotes"', fromMd('# Head\n\nSome **bold** and `code` & <script>alert(1)</script>'), ctx);
    expect(html).toContain('<title>A &lt;b&gt;title&lt;/b&gt; &amp; &quot;quotes&quot;</title>');
    expect(html).toContain('<h1>Head</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<script/i);
  });

  it('keeps only allowed link schemes, and never an event handler attribute', () => {
    const doc: PMJson = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'ok', marks: [{ type: 'link', attrs: { href: 'https://x.org/?a="b"' } }] },
            { type: 'text', text: 'bad', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
            { type: 'text', text: 'bad2', marks: [{ type: 'link', attrs: { href: ' \tjava\nscript:alert(1)' } }] },
            { type: 'text', text: 'x" onmouseover="alert(1)' },
          ],
        },
        { type: 'image', attrs: { src: 'javascript:alert(1)', alt: 'x" onerror="alert(1)' } },
        { type: 'image', attrs: { src: ATTACHMENT, alt: 'pic" onerror="alert(1)' } },
        { type: 'codeBlock', attrs: { language: '"><script>' }, content: [{ type: 'text', text: '</code><script>x</script>' }] },
      ],
    };
    const html = pageToHtml('t', doc, ctx);
    expect(html).toContain('<a href="https://x.org/?a=&quot;b&quot;" rel="noopener noreferrer">ok</a>');
    expect(html).not.toMatch(/href="\s*java/i);
    expect(html).toContain('bad2');
    // No attribute named on…: with every quoted value blanked, no tag holds ` on…=`.
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]+\son\w+=/i);
    expect(html).toContain(`<img src="${DATA_URL}" alt="pic&quot; onerror=&quot;alert(1)">`);
    expect(html).toContain('[image: x&quot; onerror=&quot;alert(1)]');
    expect(html).not.toMatch(/<script/i);
  });

  it('shows wiki links by label or current title, and marks unresolved ones', () => {
    const html = pageToHtml('t', fromMd('[[Linked]] [[Linked|my label]] [[Nowhere]]'), ctx);
    expect(html).toContain('<span class="wiki-link">Linked &lt;page&gt;</span>');
    expect(html).toContain('<span class="wiki-link">my label</span>');
    expect(html).toContain('<span class="wiki-link unresolved">Nowhere</span>');
  });

  it('renders lists, tasks, tables, callouts and breaks', () => {
    const html = pageToHtml('t', fromMd('- a\n- b\n\n3. c\n\n- [x] done\n- [ ] todo\n\n| h |\n| - |\n| c |\n\n> [!tip] Title\n> body\n\nline  \nbreak'), ctx);
    for (const fragment of ['<ul><li>', '<ol start="3">', 'checkbox" disabled checked>', '<th>', '<td>', '<div class="callout"><div class="callout-title">Title</div>', '<br>']) {
      expect(html).toContain(fragment);
    }
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
