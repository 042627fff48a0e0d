import { describe, expect, it } from 'vitest';
import type { PageId } from '../../../shared/ids';
import { markdownToDoc } from '../../../shared/markdown';
import { ATOM_CHAR, readPageText, sourceText } from './page-text';
import { embed, fragmentOf, link, para, text } from './test-support';
import * as Y from 'yjs';
import { docToFragment } from '../../../shared/markdown';

const A = 'a'.repeat(32) as PageId;
const B = 'b'.repeat(32) as PageId;

describe('readPageText', () => {
  it('reads text blocks in document order with their links, atoms and marks', () => {
    const page = readPageText(
      fragmentOf(
        { type: 'heading', attrs: { level: 1 }, content: [text('Intro')] },
        para(text('See '), link(A, 'Alpha'), text(' and '), text('bold', 'bold'), { type: 'hardBreak' }, text('x')),
        { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('in a list '), link(B, 'Beta', 'b', 'Part'))] }] },
      ),
    );
    expect(page.blocks).toHaveLength(3);
    expect(page.blocks.map(sourceText)).toEqual(['Intro', `See ${ATOM_CHAR} and bold${ATOM_CHAR}x`, `in a list ${ATOM_CHAR}`]);
    expect([...page.outgoing]).toEqual([A, B]);
    expect(page.blocks[2]?.inlines[1]).toEqual({ kind: 'link', pageId: B, target: 'Beta', label: 'b', heading: 'Part' });
  });

  it('marks text under link or code marks as not linkable, and code blocks as code', () => {
    const page = readPageText(
      fragmentOf(
        para(text('plain '), { type: 'text', text: 'site', marks: [{ type: 'link', attrs: { href: 'https://x.org' } }] }, text(' c', 'code')),
        { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('Alpha()')] },
      ),
    );
    const [first, code] = page.blocks;
    expect(first?.inlines.map((i) => (i.kind === 'text' ? i.linkable : i.kind))).toEqual([true, false, false]);
    expect(code?.kind).toBe('code');
  });

  it('counts an embed as a link block and skips unresolved links in outgoing', () => {
    const page = readPageText(fragmentOf(embed(A, 'Alpha'), para(link(null, 'Nowhere')), { type: 'horizontalRule' }));
    expect(page.blocks.map((b) => b.kind)).toEqual(['embed', 'text']);
    expect([...page.outgoing]).toEqual([A]);
  });

  it('reads links nested in callouts, tables and task lists (an imported vault note)', () => {
    const doc = markdownToDoc('> [!tip] Title\n> go to [[Alpha]]\n\n| h |\n| - |\n| [[Beta]] |\n\n- [ ] do [[Alpha#x]]\n', {
      resolveLink: (target) => (target === 'Alpha' ? A : target === 'Beta' ? B : null),
      resolveImage: () => null,
    }).doc;
    const fragment = new Y.Doc().getXmlFragment('content');
    docToFragment(doc, fragment);
    const page = readPageText(fragment);
    expect([...page.outgoing].sort()).toEqual([A, B]);
    const links = page.blocks.flatMap((b) => b.inlines.filter((i) => i.kind === 'link'));
    expect(links).toHaveLength(3);
  });

  it('ignores a link element with a pageId that is not an id', () => {
    const page = readPageText(fragmentOf(para(link('../../etc' as PageId, 'x'))));
    expect(page.outgoing.size).toBe(0);
    expect(page.blocks[0]?.inlines[0]).toMatchObject({ kind: 'link', pageId: null });
  });

  it('reads an empty page as no blocks', () => {
    expect(readPageText(new Y.Doc().getXmlFragment('content')).blocks).toEqual([]);
  });
});
