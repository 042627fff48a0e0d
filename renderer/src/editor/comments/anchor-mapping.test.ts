import { getSchema } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToFragment } from '../../../../shared/markdown';
import type { PMJson } from '../../../../shared/markdown';
import { anchorInBinding, rangeInBinding, type Binding } from './anchor-mapping';

const schema = getSchema([StarterKit.configure({ undoRedo: false })]);
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** A page doc with these paragraphs, and what the editor's binding would hold for it. */
function page(doc: Y.Doc, paragraphs: string[]): void {
  const json: PMJson = { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Notes' }] }, ...paragraphs.map(paragraph)] };
  docToFragment(json, doc.getXmlFragment('content'));
}

function bind(doc: Y.Doc): { binding: Binding; text: (from: number, to: number) => string; find: (words: string) => number; size: number } {
  const type = doc.getXmlFragment('content');
  const { doc: pm, mapping } = initProseMirrorDoc(type, schema);
  const find = (words: string) => {
    let at = -1;
    pm.descendants((node, pos) => {
      const i = node.isText ? (node.text ?? '').indexOf(words) : -1;
      if (at < 0 && i >= 0) at = pos + i;
      return at < 0;
    });
    if (at < 0) throw new Error(`no "${words}"`);
    return at;
  };
  return { binding: { doc, type, mapping }, text: (from, to) => pm.textBetween(from, to), find, size: pm.content.size };
}

describe('anchor mapping (editor ⇄ Yjs)', () => {
  it('turns a selection into an anchor and back to the same range', () => {
    const doc = new Y.Doc({ gc: false });
    page(doc, ['Collect the cores at dawn before the frost melts.', 'Label every vial.']);
    const { binding, find, text, size } = bind(doc);
    const from = find('before the frost');
    const anchor = anchorInBinding(binding, from, from + 'before the frost'.length);
    expect(anchor).not.toBeNull();
    const range = rangeInBinding(binding, anchor!, size);
    expect(range).toEqual({ from, to: from + 'before the frost'.length });
    expect(text(range!.from, range!.to)).toBe('before the frost');
  });

  it('finds the same words after edits made elsewhere on another replica', () => {
    const a = new Y.Doc({ gc: false });
    page(a, ['Collect the cores at dawn before the frost melts.']);
    const { binding, find } = bind(a);
    const from = find('the cores');
    const anchor = anchorInBinding(binding, from, from + 'the cores'.length)!;

    const b = new Y.Doc({ gc: false });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const fragment = b.getXmlFragment('content');
    const fresh = new Y.XmlElement('paragraph');
    fresh.insert(0, [new Y.XmlText('A new first paragraph.')]);
    fragment.insert(1, [fresh]);
    ((fragment.get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Please ');

    const after = bind(b);
    const range = rangeInBinding(after.binding, anchor, after.size);
    expect(range).not.toBeNull();
    expect(after.text(range!.from, range!.to)).toBe('the cores');
    expect(range!.from).toBe(after.find('the cores'));
  });

  it('shows a comment on the very first word of a page', () => {
    const doc = new Y.Doc({ gc: false });
    docToFragment({ type: 'doc', content: [paragraph('Dawn is best.')] }, doc.getXmlFragment('content'));
    const { binding, text, size } = bind(doc);
    const anchor = anchorInBinding(binding, 1, 5)!;
    const range = rangeInBinding(binding, anchor, size);
    expect(range).toEqual({ from: 1, to: 5 });
    expect(text(1, 5)).toBe('Dawn');
  });

  it('has no range for an empty selection or for words since deleted', () => {
    const doc = new Y.Doc({ gc: false });
    page(doc, ['Collect the cores at dawn.']);
    const { binding, find, size } = bind(doc);
    expect(anchorInBinding(binding, 5, 5)).toBeNull();
    const from = find('cores');
    const anchor = anchorInBinding(binding, from, from + 5)!;
    const text = (doc.getXmlFragment('content').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(text.toString().indexOf('cores'), 5);
    expect(rangeInBinding(bind(doc).binding, anchor, size)).toBeNull();
  });
});
