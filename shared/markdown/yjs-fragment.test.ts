import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { markdownToDoc } from './from-markdown';
import { normalizeDoc } from './normalize';
import type { PMJson } from './doc';
import { editorSchema } from './test-support';
import { docToFragment, fragmentToDoc } from './yjs-fragment';

const ATTACHMENT = `attachment:sha256-${'ab'.repeat(32)}`;

const SAMPLE = `# Title 𝄞

Some **bold *both*** and ~~gone~~ <u>under</u> \`code\` [site](https://example.org "t") 🔺📅
second line

- [ ] open task
- [x] done task

1. one
2. two
   - nested [[Other#Part|see]]

> [!warning]- Careful *now*
> body

> plain quote

\`\`\`ts
const x = 1;
\`\`\`

---

| h1 | h2 |
| -- | -- |
| a<br>b | [[Other]] |

![[pic.png|300]]

![[Other#Section]]
`;

const ctx = {
  resolveLink: (target: string) => (target === 'Other' ? ('0'.repeat(32) as never) : null),
  resolveImage: () => ATTACHMENT,
};

const sample = (): PMJson => markdownToDoc(SAMPLE, ctx).doc;

describe('yjs fragment layout', () => {
  it('round-trips JSON → fragment → JSON (null attributes are not stored, as in y-tiptap)', () => {
    const doc = sample();
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment('content');
    docToFragment(doc, fragment);
    expect(normalizeDoc(fragmentToDoc(fragment))).toEqual(normalizeDoc(doc));
    const withoutNulls = JSON.parse(JSON.stringify(doc, (_key, value: unknown) => (value === null ? undefined : value)));
    expect(fragmentToDoc(fragment)).toEqual(withoutNulls);
  });

  it('stores attributes as values and marks as formatting attributes, like y-tiptap', () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment('content');
    docToFragment(
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'a', marks: [{ type: 'bold' }] }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'l', marks: [{ type: 'link', attrs: { href: 'https://x.y' } }] }] },
        ],
      },
      fragment,
    );
    const heading = fragment.get(0) as Y.XmlElement;
    expect(heading.nodeName).toBe('heading');
    expect(heading.getAttribute('level')).toBe(2);
    expect((heading.get(0) as Y.XmlText).toDelta()).toEqual([{ insert: 'a', attributes: { bold: {} } }]);
    const link = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    expect(link.toDelta()).toEqual([{ insert: 'l', attributes: { link: { href: 'https://x.y' } } }]);
  });

  it('replaces existing content in one transaction with the given origin', () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment('content');
    docToFragment(sample(), fragment);
    const origins: unknown[] = [];
    ydoc.on('afterTransaction', (tr) => origins.push(tr.origin));
    docToFragment({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'only' }] }] }, fragment, 'import');
    expect(origins).toEqual(['import']);
    expect(fragmentToDoc(fragment).content).toHaveLength(1);
  });

  it('writes what y-tiptap reads, and reads what y-tiptap writes', () => {
    const schema = editorSchema();
    const doc = sample();
    schema.nodeFromJSON(doc).check();

    // ours → y-tiptap
    const ours = new Y.Doc().getXmlFragment('content');
    docToFragment(doc, ours);
    const readByTiptap = yXmlFragmentToProseMirrorRootNode(ours, schema).toJSON() as PMJson;
    expect(normalizeDoc(readByTiptap)).toEqual(normalizeDoc(doc));

    // y-tiptap → ours
    const theirs = new Y.Doc().getXmlFragment('content');
    prosemirrorJSONToYXmlFragment(schema, doc, theirs);
    expect(normalizeDoc(fragmentToDoc(theirs))).toEqual(normalizeDoc(doc));
  });

  it('keeps non-BMP characters through Yjs', () => {
    const doc = sample();
    const fragment = new Y.Doc().getXmlFragment('content');
    docToFragment(doc, fragment);
    expect(JSON.stringify(fragmentToDoc(fragment))).toContain('𝄞');
    expect(JSON.stringify(fragmentToDoc(fragment))).toContain('🔺📅');
  });
});
