import { describe, expect, it } from 'vitest';
import type { PageId } from '../ids';
import type { PMJson, PMNode } from './doc';
import { markdownToDoc } from './from-markdown';
import type { ImportContext } from './import-state';
import { normalizeDoc } from './normalize';
import { docToMarkdown, type ExportContext } from './to-markdown';
import { linkText } from './to-markdown-inline';

const PAGE = 'a'.repeat(32) as PageId;
const ATTACHMENT = `attachment:sha256-${'e'.repeat(64)}`;

const importCtx: ImportContext = {
  resolveLink: (target) => (target.toLowerCase().endsWith('known') ? PAGE : null),
  resolveImage: (path) => (path === 'gone.png' ? null : ATTACHMENT),
};
const exportCtx: ExportContext = {
  titleOf: (id) => (id === PAGE ? 'Known' : null),
  pathOfAttachment: (src) => (src === ATTACHMENT ? 'files/my pic.png' : null),
};

const doc = (...content: PMNode[]): PMJson => ({ type: 'doc', content });
const p = (...content: PMNode[]): PMNode => ({ type: 'paragraph', content });
const t = (text: string, ...marks: string[]): PMNode => (marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text });
const link = (attrs: Record<string, unknown>): PMNode => ({ type: 'wikiLink', attrs: { pageId: null, label: null, heading: null, ...attrs } });

const roundTrip = (md: string) => {
  const first = markdownToDoc(md, importCtx).doc;
  const written = docToMarkdown(first, exportCtx);
  const second = markdownToDoc(written, importCtx).doc;
  return { first: normalizeDoc(first), second: normalizeDoc(second), written };
};

describe('docToMarkdown', () => {
  it('writes wiki links by the current title, keeping label and heading', () => {
    const renamed = doc(p(link({ pageId: PAGE, target: 'Old name#Part', heading: 'Part', label: 'see' }), t(' '), link({ pageId: PAGE, target: 'Old name' })));
    expect(docToMarkdown(renamed, exportCtx)).toBe('[[Known#Part|see]] [[Known]]\n');
  });

  it('keeps a link as written when it already names the page, or when the page is gone', () => {
    const kept = doc(p(link({ pageId: PAGE, target: 'folder/known' }), t(' '), link({ pageId: 'f'.repeat(32), target: 'Lost#H' }), t(' '), link({ target: '#Here' })));
    expect(docToMarkdown(kept, exportCtx)).toBe('[[folder/known]] [[Lost#H]] [[#Here]]\n');
  });

  it('makes titles safe as link targets', () => {
    expect(linkText('a [b] | c\nd')).toBe('a (b) / c d');
  });

  it('escapes the label pipe inside tables and writes breaks there as <br>', () => {
    const md = '| h |\n| - |\n| [[Known\\|alias]]<br>next |';
    const { first, second, written } = roundTrip(md);
    expect(written).toContain('[[Known\\|alias]]<br>next');
    expect(second).toEqual(first);
  });

  it('writes images with paths, widths and titles, and keeps a missing attachment reference', () => {
    const images = doc(
      { type: 'image', attrs: { src: ATTACHMENT, alt: 'A', title: 'T', width: 300 } },
      { type: 'image', attrs: { src: `attachment:sha256-${'0'.repeat(64)}`, alt: null, title: null } },
    );
    const written = docToMarkdown(images, exportCtx);
    expect(written).toBe(`![A|300](files/my%20pic.png "T")\n\n![](attachment:sha256-${'0'.repeat(64)})\n`);
    expect(normalizeDoc(markdownToDoc(written, importCtx).doc)).toEqual(normalizeDoc(images));
  });

  it('writes callouts, task lists, underline and frontmatter', () => {
    const callout: PMNode = { type: 'callout', attrs: { kind: 'tip', title: 'Title', folded: true }, content: [p(t('body'))] };
    const tasks: PMNode = { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: true }, content: [p(t('done'))] }] };
    const written = docToMarkdown(doc(callout, tasks, p(t('u', 'underline'))), { ...exportCtx, frontmatter: { tags: ['a'], kind: 'guide' } });
    expect(written).toBe('---\ntags:\n  - a\nkind: guide\n---\n\n> [!tip]- Title\n>\n> body\n\n- [x] done\n\n<u>u</u>\n');
  });

  it('writes consecutive and edge hard breaks as <br> so no line break is lost', () => {
    const breaks = doc(p(t('a'), { type: 'hardBreak' }, { type: 'hardBreak' }, t('b'), { type: 'hardBreak' }));
    const written = docToMarkdown(breaks, exportCtx);
    expect(written).toBe('a<br><br>b<br>\n');
    expect(normalizeDoc(markdownToDoc(written, importCtx).doc)).toEqual(normalizeDoc(breaks));
  });

  it('escapes literal brackets so text never turns into a link or a callout', () => {
    const literal = doc(p(t('[[not a link]] and ![[nor this]]')), { type: 'blockquote', content: [p(t('[!note] not a callout'))] });
    const written = docToMarkdown(literal, exportCtx);
    expect(normalizeDoc(markdownToDoc(written, importCtx).doc)).toEqual(normalizeDoc(literal));
  });

  it('writes nothing for an empty document', () => {
    expect(docToMarkdown(doc(p()), exportCtx)).toBe('');
  });
});

const ROUND_TRIPS = [
  '# Heading with **bold** and [[Known|link]]',
  'Soft\nline breaks and a hard one\\\nhere',
  '- a\n  - b\n    1. c\n- [ ] task 📅 2024-01-01\n- [x] done',
  '> [!warning]- Folded *title*\n> body line\n>\n> - list in callout\n>\n> > [!tip]\n> > nested',
  '> quote\n>\n> > nested quote',
  '| a | b |\n| :- | -: |\n| `x\\|y` | [[Known#H\\|l]] |\n| 1 |',
  '```ts\nconst s = `${x}`;\n```\n\n````md\n```inner```\n````',
  'Text ![alt](pic.png "title") more\n\n![[pic.png|200]]\n\n![[Known#Section]]',
  '[site](https://example.org "T") <https://auto.link> [rel](other.md) [a](#x)',
  '***both*** ~~strike~~ <u>under</u> `code` **bold `code` bold**',
  'emoji 🔺⏫📅 and 𝄞 and 👩‍👩‍👧 in text',
  '<div>\nhtml block\n</div>\n\ninline <kbd>Ctrl</kbd> and <script>x</script> and <!-- gone -->',
  '3. three\n4. four\n\n---\n\n* star',
  'x[^1]\n\n[^1]: a footnote',
  '[ref link][r]\n\n[r]: https://ref.example',
  '- ```\n  code first\n  ```\n- item',
];

describe('md → doc → md → doc', () => {
  it.each(ROUND_TRIPS)('is stable: %j', (md) => {
    const { first, second } = roundTrip(md);
    expect(second).toEqual(first);
  });
});
