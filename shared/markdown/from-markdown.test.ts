import { describe, expect, it } from 'vitest';
import type { PageId } from '../ids';
import type { PMNode } from './doc';
import { markdownToDoc } from './from-markdown';
import type { ImportContext } from './import-state';
import { normalizeDoc } from './normalize';

const PAGE = 'a'.repeat(32) as PageId;
const SELF = 'b'.repeat(32) as PageId;
const ATTACHMENT = `attachment:sha256-${'c'.repeat(64)}`;

const ctx: ImportContext = {
  resolveLink: (target) => (target.toLowerCase() === 'known' || target === 'folder/Known' ? PAGE : null),
  resolveImage: (path) => (path.startsWith('missing') ? null : ATTACHMENT),
  selfPageId: SELF,
};

const convert = (md: string) => markdownToDoc(md, ctx);
const blocks = (md: string): PMNode[] => normalizeDoc(convert(md).doc).content;
const first = (md: string): PMNode => blocks(md)[0] as PMNode;
const inline = (md: string): PMNode[] => first(md).content ?? [];

describe('markdownToDoc: CommonMark and GFM', () => {
  it('converts headings, paragraphs, rules and code blocks', () => {
    expect(blocks('## Two\n\ntext\n\n---\n\n```ts\nlet x = 1;\n```')).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Two' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'text' }] },
      { type: 'horizontalRule' },
      { type: 'codeBlock', attrs: { language: 'ts' }, content: [{ type: 'text', text: 'let x = 1;' }] },
    ]);
  });

  it('converts marks, autolinks and line breaks', () => {
    expect(inline('**b** *i* ~~s~~ `c` [l](https://x.org) www.example.com\nnext')).toEqual([
      { type: 'text', text: 'b', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'i', marks: [{ type: 'italic' }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 's', marks: [{ type: 'strike' }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'c', marks: [{ type: 'code' }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'l', marks: [{ type: 'link', attrs: { href: 'https://x.org' } }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'www.example.com', marks: [{ type: 'link', attrs: { href: 'http://www.example.com' } }] },
      { type: 'hardBreak' },
      { type: 'text', text: 'next' },
    ]);
  });

  it('keeps code with a link as a link (TipTap code excludes other marks)', () => {
    expect(inline('[`x`](https://x.org) **`y`**')).toEqual([
      { type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://x.org' } }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'y', marks: [{ type: 'code' }] },
    ]);
  });

  it('converts bullet, ordered and task lists, splitting mixed lists', () => {
    const [bullets, ordered, tasks, rest] = blocks('- a\n  - b\n\n3. c\n\n- [ ] d\n- [x] e\n- f');
    expect(bullets?.type).toBe('bulletList');
    expect(bullets?.content?.[0]?.content?.[1]?.type).toBe('bulletList');
    expect(ordered).toMatchObject({ type: 'orderedList', attrs: { start: 3 } });
    expect(tasks).toMatchObject({ type: 'taskList', content: [{ type: 'taskItem' }, { type: 'taskItem', attrs: { checked: true } }] });
    expect(rest).toMatchObject({ type: 'bulletList', content: [{ type: 'listItem' }] });
  });

  it('starts every list item with a paragraph', () => {
    expect(first('- ```\n  code\n  ```').content?.[0]?.content?.map((n) => n.type)).toEqual(['paragraph', 'codeBlock']);
  });

  it('converts tables with header cells, <br> breaks and padded rows', () => {
    const table = first('| a | b |\n| - | - |\n| x<br>y |');
    expect(table.content?.[0]?.content?.map((c) => c.type)).toEqual(['tableHeader', 'tableHeader']);
    expect(table.content?.[1]?.content?.[0]?.content?.[0]?.content).toEqual([
      { type: 'text', text: 'x' },
      { type: 'hardBreak' },
      { type: 'text', text: 'y' },
    ]);
    expect(table.content?.[1]?.content).toHaveLength(2);
  });

  it('keeps non-BMP characters intact', () => {
    expect(inline('🔺 ⏫ 📅 𝄞 👩‍👩‍👧')).toEqual([{ type: 'text', text: '🔺 ⏫ 📅 𝄞 👩‍👩‍👧' }]);
  });
});

describe('markdownToDoc: Obsidian', () => {
  it('reads frontmatter tags and aliases as lists or strings', () => {
    expect(convert('---\ntags: [one, "#two"]\naliases: Other name\nkind: guide\n---\nx').frontmatter).toEqual({
      tags: ['one', 'two'],
      aliases: ['Other name'],
      other: { kind: 'guide' },
    });
    expect(convert('---\ntags: "#a b, c"\n---\n').frontmatter.tags).toEqual(['a', 'b', 'c']);
    const bad = convert('---\ntags: [unclosed\n---\ntext');
    expect(bad.frontmatter).toEqual({ tags: [], aliases: [], other: {} });
    expect(bad.report.warnings.join()).toContain('frontmatter');
  });

  it('converts wiki links with labels, headings, paths and same-page headings', () => {
    const nodes = inline('[[Known]] [[Known|label]] [[known#Part]] [[folder/Known]] [[#Local]] [[Nowhere]]').filter((n) => n.type === 'wikiLink');
    expect(nodes.map((n) => n.attrs)).toEqual([
      { pageId: PAGE, target: 'Known' },
      { pageId: PAGE, target: 'Known', label: 'label' },
      { pageId: PAGE, target: 'known#Part', heading: 'Part' },
      { pageId: PAGE, target: 'folder/Known' },
      { pageId: SELF, target: '#Local', heading: 'Local' },
      { target: 'Nowhere' },
    ]);
    expect(convert('[[Known]] [[#Local]] [[Nowhere]]').report.links).toEqual([
      { target: 'Known', resolved: true, kind: 'wikiLink' },
      { target: '#Local', resolved: true, kind: 'wikiLink' },
      { target: 'Nowhere', resolved: false, kind: 'wikiLink' },
    ]);
  });

  it('reads the table-escaped pipe of a wiki link', () => {
    const cell = first('| h |\n| - |\n| [[Known\\|alias]] |').content?.[1]?.content?.[0]?.content?.[0]?.content?.[0];
    expect(cell?.attrs).toMatchObject({ pageId: PAGE, target: 'Known', label: 'alias' });
  });

  it('leaves escaped and malformed brackets as text', () => {
    expect(inline('\\[\\[Known]] [[]] [[a\nb]]').every((n) => n.type !== 'wikiLink')).toBe(true);
  });

  it('turns image embeds and images into image blocks, and note embeds into embeds', () => {
    expect(blocks('![[pic.png]]\n\n![[pic.png|300]]\n\n![alt|200](dir/my%20pic.png "T")\n\n![[Known#Sec]]')).toEqual([
      { type: 'image', attrs: { src: ATTACHMENT } },
      { type: 'image', attrs: { src: ATTACHMENT, width: 300 } },
      { type: 'image', attrs: { src: ATTACHMENT, alt: 'alt', title: 'T', width: 200 } },
      { type: 'embed', attrs: { pageId: PAGE, target: 'Known#Sec' } },
    ]);
    const images: string[] = [];
    markdownToDoc('![](dir/my%20pic.png)', { ...ctx, resolveImage: (p) => (images.push(p), ATTACHMENT) });
    expect(images).toEqual(['dir/my pic.png']);
  });

  it('lifts an image out of a paragraph, and keeps remote images as URLs', () => {
    expect(blocks('before ![](https://x.org/a.png) after')).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'before' }] },
      { type: 'image', attrs: { src: 'https://x.org/a.png' } },
      { type: 'paragraph', content: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('reports a missing image and keeps its text', () => {
    const result = convert('![x](missing.png)');
    expect(normalizeDoc(result.doc).content).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: '![x](missing.png)' }] }]);
    expect(result.report.images).toEqual([{ path: 'missing.png', attached: false }]);
    expect(result.report.warnings).toEqual(['missing image kept as text: missing.png']);
  });

  it('converts callouts, folded or not, with titles', () => {
    expect(blocks('> [!Tip]- Be *careful*\n> body\n\n> [!note]\n> x\n\n> [!info]+')).toEqual([
      { type: 'callout', attrs: { kind: 'tip', title: 'Be *careful*', folded: true }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'body' }] }] },
      { type: 'callout', attrs: { kind: 'note' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] },
      { type: 'callout', attrs: { kind: 'info', folded: false }, content: [{ type: 'paragraph' }] },
    ]);
  });

  it('does not treat an escaped header or a plain quote as a callout', () => {
    expect(first('> \\[!note] no').type).toBe('blockquote');
    expect(first('> quote').type).toBe('blockquote');
  });

  it('turns a relative .md link into a wiki link', () => {
    expect(inline('[see](folder/Known.md#Part)')).toEqual([
      { type: 'wikiLink', attrs: { pageId: PAGE, target: 'folder/Known#Part', label: 'see', heading: 'Part' } },
    ]);
  });

  it('unwraps formatting HTML, keeps <br>, drops comments', () => {
    expect(inline('<u>under</u> <span class="x">plain</span> a<br>b <!-- hidden -->')).toEqual([
      { type: 'text', text: 'under', marks: [{ type: 'underline' }] },
      { type: 'text', text: ' plain a' },
      { type: 'hardBreak' },
      { type: 'text', text: 'b ' },
    ]);
  });

  it('degrades footnotes to text with a warning', () => {
    const result = convert('x[^1]\n\n[^1]: note');
    expect(JSON.stringify(result.doc)).toContain('[^1]');
    expect(result.report.warnings.length).toBeGreaterThan(0);
  });
});
