import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToFragment, type PMJson, type PMNode } from '../../../shared/markdown';
import { appendBlocks } from '../../../shared/model/blocks';
import { PAGE_CONTENT } from '../../../shared/model';
import { extractText } from './text-extract';

const text = (value: string, marks?: PMNode['marks']): PMNode => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const p = (...content: PMNode[]): PMNode => ({ type: 'paragraph', content });

function fragmentOf(doc: PMJson): Y.XmlFragment {
  const fragment = new Y.Doc().getXmlFragment(PAGE_CONTENT);
  docToFragment(doc, fragment);
  return fragment;
}

describe('extractText', () => {
  it('reads one line per block, through lists, quotes, tables and callouts', () => {
    const doc: PMJson = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [text('Practice guide')] },
        p(text('Plain and '), text('bold', [{ type: 'bold' }]), text(' and '), text('linked', [{ type: 'link', attrs: { href: 'https://x.org' } }])),
        { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('first item'))] }, { type: 'listItem', content: [p(text('second item'))] }] },
        { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: true }, content: [p(text('done task'))] }] },
        { type: 'blockquote', content: [p(text('quoted words'))] },
        { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const answer = 42;')] },
        { type: 'horizontalRule' },
        {
          type: 'table',
          content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p(text('Head'))] }, { type: 'tableCell', content: [p(text('Cell'))] }] }],
        },
        { type: 'callout', attrs: { kind: 'tip', title: 'Callout title', folded: null }, content: [p(text('inside the callout'))] },
      ],
    };
    expect(extractText(fragmentOf(doc)).split('\n')).toEqual([
      'Practice guide',
      'Plain and bold and linked',
      'first item',
      'second item',
      'done task',
      'quoted words',
      'const answer = 42;',
      'Head',
      'Cell',
      'Callout title',
      'inside the callout',
    ]);
  });

  it('reads inline atoms as the reader sees them and block atoms by their text attributes', () => {
    const doc: PMJson = {
      type: 'doc',
      content: [
        p(
          text('See '),
          { type: 'wikiLink', attrs: { pageId: null, target: 'Other page', label: 'the other one', heading: null } },
          text(' and '),
          { type: 'wikiLink', attrs: { pageId: null, target: 'Unlabelled', label: null, heading: null } },
          { type: 'hardBreak' },
          text('next line'),
        ),
        { type: 'image', attrs: { src: 'attachment:sha256-00', alt: 'a diagram of the loop', title: null } },
        { type: 'embed', attrs: { pageId: null, target: 'Embedded note' } },
      ],
    };
    expect(extractText(fragmentOf(doc)).split('\n')).toEqual([
      'See the other one and Unlabelled',
      'next line',
      'a diagram of the loop',
      'Embedded note',
    ]);
  });

  it('leaves out empty blocks, deleted text and unknown content; an empty page is empty', () => {
    const ydoc = new Y.Doc({ gc: false });
    const fragment = ydoc.getXmlFragment(PAGE_CONTENT);
    expect(extractText(fragment)).toBe('');
    appendBlocks(fragment, [{ type: 'paragraph', text: 'keep this, drop that' }, { type: 'paragraph', text: '' }]);
    const first = fragment.get(0) as Y.XmlElement;
    const textNode = first.get(0) as Y.XmlText;
    textNode.delete('keep this'.length, ', drop that'.length);
    fragment.insert(fragment.length, [new Y.XmlElement('futureNode')]);
    (fragment.get(fragment.length - 1) as Y.XmlElement).insert(0, [new Y.XmlText('from a newer peer')]);
    expect(extractText(fragment)).toBe('keep this\nfrom a newer peer');
  });

  it('keeps non-BMP characters and formatting-free text', () => {
    const fragment = fragmentOf({ type: 'doc', content: [p(text('emoji 🧪 and '), text('𝒳 italic', [{ type: 'italic' }]))] });
    expect(extractText(fragment)).toBe('emoji 🧪 and 𝒳 italic');
  });
});
