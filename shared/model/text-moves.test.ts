import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAGE_TEXT_MOVES } from './schema';
import { followMoves, readMove } from './text-moves';

/** A page doc (gc off) with one paragraph; returns the doc and the first character's id. */
function page(line: string): { doc: Y.Doc; text: Y.XmlText; first: Y.ID } {
  const doc = new Y.Doc({ gc: false });
  const text = new Y.XmlText();
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment('content').insert(0, [paragraph]);
    paragraph.insert(0, [text]);
    text.insert(0, line);
  });
  const first = (text._start as Y.Item).id;
  return { doc, text, first };
}

describe('recorded text moves', () => {
  it('reads a well-formed move, and refuses malformed ones', () => {
    expect(readMove({ from: [1, 0, 3], to: [2, 5, 1, 2, 9, 2] })).toEqual({ from: [1, 0, 3], to: [2, 5, 1, 2, 9, 2] });
    for (const bad of [
      null,
      'move',
      { from: [1, 0, 3] },
      { from: [1, 0, 3], to: [2, 5, 2] }, // lengths differ
      { from: [1, 0], to: [2, 5] }, // not triples
      { from: [], to: [] },
      { from: [1, 0, 0], to: [2, 5, 0] }, // empty stretch
      { from: [1, -1, 3], to: [2, 5, 3] },
      { from: [1, 0.5, 3], to: [2, 5, 3] },
      { from: ['1', 0, 3], to: [2, 5, 3] },
      { from: new Array(3 * 5000).fill(1), to: new Array(3 * 5000).fill(1) }, // too long
    ]) {
      expect(readMove(bad)).toBeNull();
    }
  });

  it('leaves a live character, or one no move took, where it is', () => {
    const { doc, text, first } = page('the quick brown fox');
    expect(followMoves(doc, first)).toBe(first);
    text.delete(0, 3);
    expect(followMoves(doc, first)).toBe(first); // deleted, and no record
  });

  it('ignores hostile records: malformed, cyclic, or naming characters that never existed', () => {
    const { doc, text, first } = page('the quick brown fox');
    const { client, clock } = first;
    text.delete(0, 9);
    const moves = doc.getMap<unknown>(PAGE_TEXT_MOVES);
    moves.set('junk', { from: 'everything', to: 42 });
    moves.set('unequal', { from: [client, clock, 3], to: [client, clock + 3, 1] });
    expect(followMoves(doc, first)).toBe(first);

    // A cycle between two deleted characters: followed a bounded number of times, then given up.
    moves.set('there', { from: [client, clock, 1], to: [client, clock + 1, 1] });
    moves.set('back', { from: [client, clock + 1, 1], to: [client, clock, 1] });
    const id = followMoves(doc, first);
    expect([clock, clock + 1]).toContain(id.clock);

    // A copy that was never made (or has not arrived): stay on the deleted character.
    moves.delete('there');
    moves.delete('back');
    moves.set('nowhere', { from: [client, clock, 1], to: [client + 1, 0, 1] });
    expect(followMoves(doc, first)).toEqual(first);
  });

  it('sees a record changed after it was first read', () => {
    const { doc, text, first } = page('the quick brown fox');
    text.delete(0, 4);
    expect(followMoves(doc, first)).toBe(first);
    text.insert(text.length, 'the ');
    // The copy's characters come right after the 19 first ones in this client's clock.
    const copy = { id: Y.createID(first.client, first.clock + 'the quick brown fox'.length) };
    expect(text.toString()).toBe('quick brown foxthe ');
    doc.getMap<unknown>(PAGE_TEXT_MOVES).set('m', { from: [first.client, first.clock, 4], to: [copy.id.client, copy.id.clock, 4] });
    expect(followMoves(doc, first)).toEqual(copy.id);
    expect(followMoves(doc, Y.createID(first.client, first.clock + 2))).toEqual(Y.createID(copy.id.client, copy.id.clock + 2));
  });
});
