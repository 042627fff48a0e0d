import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { comparePaths, createAnchor, resolveAnchor, textBetween, type Anchor } from './comment-anchors';
import { findTextMoves, recordTextMoves } from './text-moves';
import { syncAll } from './test-support';

const CONTENT = 'content';

/** A page doc (gc off, as page docs are) with one paragraph per line. */
function page(lines: string[]): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  doc.transact(() => {
    doc.getXmlFragment(CONTENT).insert(
      0,
      lines.map((line) => {
        const paragraph = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        paragraph.insert(0, [text]);
        text.insert(0, line);
        return paragraph;
      }),
    );
  });
  return doc;
}

const fragment = (doc: Y.Doc) => doc.getXmlFragment(CONTENT);
const paragraphText = (doc: Y.Doc, index: number) => (fragment(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;

/** An anchor on the first occurrence of `words` in paragraph `index`. */
function anchorOn(doc: Y.Doc, index: number, words: string): Anchor {
  const text = paragraphText(doc, index);
  const at = text.toString().indexOf(words);
  if (at < 0) throw new Error(`no "${words}"`);
  return createAnchor({ type: text, index: at }, { type: text, index: at + words.length });
}

/** The words an anchor covers now, or null when orphaned. */
function covered(doc: Y.Doc, anchor: Anchor): string | null {
  const resolved = resolveAnchor(doc, fragment(doc), anchor);
  return resolved === null ? null : textBetween(resolved.start, resolved.end);
}

describe('comment anchors', () => {
  it('cover the words they were made on', () => {
    const doc = page(['First line', 'the quick brown fox jumps']);
    const anchor = anchorOn(doc, 1, 'brown fox');
    expect(covered(doc, anchor)).toBe('brown fox');
    expect(resolveAnchor(doc, fragment(doc), anchor)?.order).toEqual([1, 0, 10]);
  });

  it('stay on the same words through concurrent edits on two replicas, whatever the merge order', () => {
    const a = page(['Intro', 'the quick brown fox jumps']);
    const b = new Y.Doc({ gc: false });
    syncAll([a, b]);
    const anchor = anchorOn(a, 1, 'brown fox');

    // B types above the anchor: a new paragraph, and words before and after it in its own line.
    b.transact(() => {
      const fresh = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      fresh.insert(0, [text]);
      text.insert(0, 'A whole new paragraph on top');
      fragment(b).insert(0, [fresh]);
      paragraphText(b, 2).insert(0, 'Look: ');
      paragraphText(b, 2).insert(paragraphText(b, 2).length, ' over the dog');
    });
    // A, meanwhile, edits the same line: right at both edges of the anchor, and inside the intro.
    a.transact(() => {
      const line = paragraphText(a, 1);
      line.insert(line.toString().indexOf('brown'), 'very ');
      line.insert(line.toString().indexOf(' jumps'), ' (red)');
      paragraphText(a, 0).insert(0, 'An ');
    });

    syncAll([a, b]);
    expect(fragment(a).toString()).toBe(fragment(b).toString());
    expect(paragraphText(a, 2).toString()).toBe('Look: the quick very brown fox (red) jumps over the dog');
    expect(covered(a, anchor)).toBe('brown fox');
    expect(covered(b, anchor)).toBe('brown fox');
    expect(resolveAnchor(b, fragment(b), anchor)?.order[0]).toBe(2);
  });

  it('shrink when some of their words are deleted, and keep what is left', () => {
    const doc = page(['the quick brown fox jumps']);
    const anchor = anchorOn(doc, 0, 'quick brown fox');
    const text = paragraphText(doc, 0);
    text.delete(text.toString().indexOf('quick'), 'quick '.length);
    expect(covered(doc, anchor)).toBe('brown fox');
    text.delete(text.toString().indexOf(' fox'), ' fox'.length);
    expect(covered(doc, anchor)).toBe('brown');
  });

  it('are orphaned, not lost, when all their words are deleted', () => {
    const doc = page(['the quick brown fox jumps']);
    const anchor = anchorOn(doc, 0, 'brown fox');
    const text = paragraphText(doc, 0);
    text.delete(text.toString().indexOf('brown fox'), 'brown fox'.length);
    expect(resolveAnchor(doc, fragment(doc), anchor)).toBeNull();
  });

  it('are orphaned when their paragraph is deleted, on the replica that deleted it and on the other', () => {
    const a = page(['keep me', 'the quick brown fox']);
    const b = new Y.Doc({ gc: false });
    syncAll([a, b]);
    const anchor = anchorOn(a, 1, 'quick');
    fragment(b).delete(1, 1);
    expect(resolveAnchor(b, fragment(b), anchor)).toBeNull();
    syncAll([a, b]);
    expect(resolveAnchor(a, fragment(a), anchor)).toBeNull();
  });

  it('are orphaned too in a doc that collects garbage', () => {
    const doc = new Y.Doc({ gc: true });
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    fragment(doc).insert(0, [paragraph]);
    text.insert(0, 'the quick brown fox');
    const anchor = createAnchor({ type: text, index: 4 }, { type: text, index: 9 });
    fragment(doc).delete(0, 1);
    expect(resolveAnchor(doc, fragment(doc), anchor)).toBeNull();
  });

  it('span paragraphs', () => {
    const doc = page(['one two', 'three four']);
    const first = paragraphText(doc, 0);
    const second = paragraphText(doc, 1);
    const anchor = createAnchor({ type: first, index: 4 }, { type: second, index: 5 });
    const resolved = resolveAnchor(doc, fragment(doc), anchor);
    expect(resolved?.start.type).toBe(first);
    expect(resolved?.end).toMatchObject({ type: second, index: 5 });
    expect(textBetween(resolved!.start, resolved!.end)).toBeNull();
  });

  it('read a malformed or foreign anchor as orphaned', () => {
    const doc = page(['words']);
    expect(resolveAnchor(doc, fragment(doc), { start: new Uint8Array([255, 1]), end: new Uint8Array() })).toBeNull();
    const other = page(['elsewhere entirely']);
    expect(resolveAnchor(doc, fragment(doc), anchorOn(other, 0, 'elsewhere'))).toBeNull();
    const stray = doc.getText('stray');
    stray.insert(0, 'outside the content');
    expect(resolveAnchor(doc, fragment(doc), createAnchor({ type: stray, index: 0 }, { type: stray, index: 7 }))).toBeNull();
    const named = Y.encodeRelativePosition(new Y.RelativePosition(null, 'invented', null, 0));
    expect(resolveAnchor(doc, fragment(doc), { start: named, end: named })).toBeNull();
    expect(doc.share.has('invented')).toBe(false);
  });

  it('order paths: a prefix comes first, then by index', () => {
    expect(comparePaths([0, 1], [0, 1, 0])).toBeLessThan(0);
    expect(comparePaths([1], [0, 5, 9])).toBeGreaterThan(0);
    expect(comparePaths([2, 0, 3], [2, 0, 3])).toBe(0);
  });
});

describe('anchors following text the editor moved (text-moves.ts)', () => {
  /** Runs `change` in one transaction, as the editor binding does, then records its moves, as the editing replica does. */
  function edit(doc: Y.Doc, change: () => void): number {
    let moves: ReturnType<typeof findTextMoves> = [];
    const onAfter = (transaction: Y.Transaction) => {
      moves = findTextMoves(doc, fragment(doc), transaction);
    };
    doc.on('afterTransaction', onAfter);
    doc.transact(change);
    doc.off('afterTransaction', onAfter);
    recordTextMoves(doc, moves, 'test');
    return moves.length;
  }

  /** The editor's split: the text after `at` deleted, and inserted again in a new paragraph below. */
  function split(doc: Y.Doc, index: number, at: number): void {
    const text = paragraphText(doc, index);
    const tail = text.toString().slice(at);
    text.delete(at, tail.length);
    const paragraph = new Y.XmlElement('paragraph');
    const run = new Y.XmlText();
    paragraph.insert(0, [run]);
    run.insert(0, tail);
    fragment(doc).insert(index + 1, [paragraph]);
  }

  it('follows a paragraph joined into the one above (its text deleted and inserted again)', () => {
    const doc = page(['Intro.', 'the quick brown fox']);
    const anchor = anchorOn(doc, 1, 'brown fox');
    const moves = edit(doc, () => {
      fragment(doc).delete(1, 1);
      paragraphText(doc, 0).insert('Intro.'.length, 'the quick brown fox');
    });
    expect(moves).toBe(1);
    expect(covered(doc, anchor)).toBe('brown fox');
    expect(resolveAnchor(doc, fragment(doc), anchor)?.order[0]).toBe(0);
  });

  it('follows the second half of a split paragraph', () => {
    const doc = page(['Check first.the quick brown fox']);
    const anchor = anchorOn(doc, 0, 'brown fox');
    expect(edit(doc, () => split(doc, 0, 'Check first.'.length))).toBe(1);
    expect(covered(doc, anchor)).toBe('brown fox');
    expect(resolveAnchor(doc, fragment(doc), anchor)?.order[0]).toBe(1);
  });

  it('follows a comment made on another replica while the split was on its way', () => {
    const a = page(['Collect the cores at dawn before the frost melts.', 'Label every vial.']);
    const b = new Y.Doc({ gc: false });
    syncAll([a, b]);
    // A comments on words; B, which has not seen the comment, types above them and splits.
    const anchor = anchorOn(a, 0, 'before the frost');
    const updates: Uint8Array[] = [];
    b.on('update', (update: Uint8Array) => updates.push(update));
    edit(b, () => paragraphText(b, 0).insert(0, 'Check the forecast first.'));
    edit(b, () => split(b, 0, 'Check the forecast first.'.length));
    const [typed, splitUpdate, record] = updates;
    expect(updates).toHaveLength(3);
    Y.applyUpdate(a, typed!);
    Y.applyUpdate(a, splitUpdate!);
    expect(covered(a, anchor)).toBeNull(); // the words' characters are deleted: orphaned until...
    Y.applyUpdate(a, record!); // ...the record of the move arrives, right behind
    expect(covered(a, anchor)).toBe('before the frost');
    expect(resolveAnchor(a, fragment(a), anchor)?.order[0]).toBe(1);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(covered(b, anchor)).toBe('before the frost');
  });

  it('follows words moved twice, and edited since', () => {
    const doc = page(['one two the quick brown fox jumps']);
    const anchor = anchorOn(doc, 0, 'brown fox');
    edit(doc, () => split(doc, 0, 'one '.length));
    edit(doc, () => split(doc, 1, 'two '.length));
    paragraphText(doc, 2).insert('the quick '.length, 'big ');
    expect(fragment(doc).length).toBe(3);
    expect(covered(doc, anchor)).toBe('big brown fox'.slice('big '.length));
    expect(resolveAnchor(doc, fragment(doc), anchor)?.order[0]).toBe(2);
  });

  it('follows words moved with their formatting', () => {
    const doc = new Y.Doc({ gc: false });
    const delta = (before: string) => [{ insert: before }, { insert: 'brown', attributes: { bold: true } }, { insert: ' fox' }];
    const text = new Y.XmlText();
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      fragment(doc).insert(0, [paragraph]);
      paragraph.insert(0, [text]);
      text.applyDelta(delta('Intro. the quick '));
    });
    const anchor = createAnchor({ type: text, index: 'Intro. the quick '.length }, { type: text, index: text.length });
    const moves = edit(doc, () => {
      text.delete('Intro. '.length, text.length - 'Intro. '.length);
      const next = new Y.XmlElement('paragraph');
      const run = new Y.XmlText();
      fragment(doc).insert(1, [next]);
      next.insert(0, [run]);
      run.applyDelta(delta('the quick '));
    });
    expect(moves).toBe(1);
    expect(covered(doc, anchor)).toBe('brown fox');
    expect(resolveAnchor(doc, fragment(doc), anchor)?.order[0]).toBe(1);
  });

  it('records nothing for words really deleted, for two new copies, or for a plain insertion', () => {
    const doc = page(['the quick brown fox', 'and more']);
    const anchor = anchorOn(doc, 0, 'brown fox');
    expect(edit(doc, () => paragraphText(doc, 0).delete(10, 9))).toBe(0);
    expect(covered(doc, anchor)).toBeNull();

    const again = page(['the quick brown fox']);
    const second = anchorOn(again, 0, 'brown fox');
    expect(
      edit(again, () => {
        const text = paragraphText(again, 0);
        text.delete(0, text.length);
        text.insert(0, 'the quick brown fox, the quick brown fox');
      }),
    ).toBe(0);
    expect(covered(again, second)).toBeNull();

    const third = page(['the quick brown fox']);
    const kept = anchorOn(third, 0, 'brown fox');
    expect(edit(third, () => paragraphText(third, 0).insert(0, 'brown fox '))).toBe(0);
    expect(covered(third, kept)).toBe('brown fox');
  });

  it('records nothing for a wholesale replacement of a long page (a bounded search)', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `Line ${i} of the page.`);
    const doc = page(lines);
    const anchor = anchorOn(doc, 1500, 'of the');
    const moves = edit(doc, () => {
      fragment(doc).delete(0, fragment(doc).length);
      fragment(doc).insert(
        0,
        lines.map((line) => {
          const paragraph = new Y.XmlElement('paragraph');
          const text = new Y.XmlText();
          paragraph.insert(0, [text]);
          text.insert(0, line);
          return paragraph;
        }),
      );
    });
    expect(moves).toBe(0);
    expect(covered(doc, anchor)).toBeNull();
    // The same replacement of a short page is followed.
    const short = page(lines.slice(0, 3));
    const kept = anchorOn(short, 1, 'of the');
    expect(edit(short, () => {
      const text = paragraphText(short, 1);
      text.delete(0, text.length);
      const paragraph = new Y.XmlElement('paragraph');
      fragment(short).insert(1, [paragraph]);
      const copy = new Y.XmlText();
      paragraph.insert(0, [copy]);
      copy.insert(0, lines[1]!);
    })).toBe(1);
    expect(covered(short, kept)).toBe('of the');
  });

  it('records nothing for an update received from a peer', () => {
    const a = page(['Check first.the quick brown fox']);
    const b = new Y.Doc({ gc: false });
    syncAll([a, b]);
    const update = (() => {
      let out: Uint8Array | null = null;
      a.once('update', (u: Uint8Array) => (out = u));
      a.transact(() => split(a, 0, 'Check first.'.length));
      return out as Uint8Array | null;
    })();
    let moves = -1;
    b.once('afterTransaction', (transaction: Y.Transaction) => (moves = findTextMoves(b, fragment(b), transaction).length));
    Y.applyUpdate(b, update!);
    expect(moves).toBe(0);
  });
});
