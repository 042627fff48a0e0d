/**
 * Comment anchors through the editor's own paragraph splits, with y-tiptap's real diff: the
 * replica that edits has not seen the comment (it was made on another host meanwhile), records
 * the moves as CommentsSession does, and after the merge the comment is on its words everywhere.
 */
import { getSchema } from '@tiptap/core';
import { splitBlock } from '@tiptap/pm/commands';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { StarterKit } from '@tiptap/starter-kit';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToFragment } from '../../../../shared/markdown';
import { getPageContent } from '../../../../shared/model';
import { resolveAnchor, textBetween, type Anchor } from '../../../../shared/model/comment-anchors';
import { findTextMoves, recordTextMoves } from '../../../../shared/model/text-moves';
import { anchorInBinding } from './anchor-mapping';

const schema = getSchema([StarterKit.configure({ undoRedo: false })]);
const WORDS = 'before the frost';
const FIRST = 'Collect the cores at dawn before the frost melts.';

type Step = (state: EditorState) => EditorState;
const caretAt = (pos: number): Step => (state) => state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
const enter: Step = (state) => {
  let next = state;
  splitBlock(state, (tr) => (next = state.apply(tr)));
  return next;
};
/** Typed one key at a time: one editor transaction, and one diff, per character. */
const typed = (text: string): Step[] => [...text].map((char) => (state: EditorState) => state.apply(state.tr.insertText(char)));

/** Host A's replica, with a comment anchored on WORDS; host B's, synced before the comment. */
function twoReplicas(): { a: Y.Doc; b: Y.Doc; anchor: Anchor } {
  const a = new Y.Doc({ gc: false });
  const paragraphs = [FIRST, 'Label every vial twice.'].map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));
  docToFragment({ type: 'doc', content: paragraphs }, getPageContent(a));
  const b = new Y.Doc({ gc: false });
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const { doc, mapping } = initProseMirrorDoc(getPageContent(a), schema);
  let from = -1;
  doc.descendants((node, pos) => {
    const at = from < 0 && node.isText ? (node.text ?? '').indexOf(WORDS) : -1;
    if (at >= 0) from = pos + at;
    return from < 0;
  });
  const anchor = anchorInBinding({ doc: a, type: getPageContent(a), mapping }, from, from + WORDS.length);
  if (anchor === null) throw new Error('no anchor');
  return { a, b, anchor };
}

/** B edits through the binding's diff, one transaction per step, recording moves as CommentsSession does. */
function edit(b: Y.Doc, steps: Step[]): string[] {
  const content = getPageContent(b);
  const binding = initProseMirrorDoc(content, schema);
  const record = (transaction: Y.Transaction) => queueMoves.push(...findTextMoves(b, content, transaction));
  const queueMoves: ReturnType<typeof findTextMoves> = [];
  b.on('afterTransaction', record);
  let state = EditorState.create({ schema, doc: binding.doc });
  for (const step of steps) {
    state = step(state);
    b.transact(() => updateYFragment(b, content, state.doc, binding as unknown as Parameters<typeof updateYFragment>[3]), 'editor');
    recordTextMoves(b, queueMoves.splice(0), 'local');
  }
  b.off('afterTransaction', record);
  const texts: string[] = [];
  state.doc.forEach((node) => texts.push(node.textContent));
  return texts;
}

function covered(doc: Y.Doc, anchor: Anchor): string | null {
  const resolved = resolveAnchor(doc, getPageContent(doc), anchor);
  return resolved === null ? null : textBetween(resolved.start, resolved.end);
}

describe('a comment made while another host split its paragraph', () => {
  const cases: Array<[string, Step[], string[]]> = [
    ['types a line at the start of the paragraph, then Enter', [caretAt(1), ...typed('Check first.'), enter], ['Check first.', FIRST]],
    ['types two lines there', [caretAt(1), ...typed('One.'), enter, ...typed('Two.'), enter], ['One.', 'Two.', FIRST]],
    ['presses Enter in the middle of the paragraph, before the words', [caretAt(1 + 'Collect the cores'.length), enter], ['Collect the cores', ' at dawn before the frost melts.']],
  ];
  for (const [what, steps, paragraphs] of cases) {
    it(`stays on its words when B ${what}`, () => {
      const { a, b, anchor } = twoReplicas();
      expect(edit(b, steps)).toEqual([...paragraphs, 'Label every vial twice.']);
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      for (const doc of [a, b]) {
        expect(covered(doc, anchor)).toBe(WORDS);
        expect(resolveAnchor(doc, getPageContent(doc), anchor)?.order[0]).toBe(paragraphs.length - 1);
      }
    });
  }

  it('is orphaned when B deletes the words', () => {
    const { a, b, anchor } = twoReplicas();
    const at = 1 + FIRST.indexOf(WORDS);
    edit(b, [(state) => state.apply(state.tr.delete(at, at + WORDS.length))]);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(covered(a, anchor)).toBeNull();
  });
});
