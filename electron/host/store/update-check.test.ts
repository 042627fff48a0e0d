import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate } from './update-check';

/** A doc holding every kind of content and type Yjs writes, with deletions. */
function richDoc(gc: boolean): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc({ gc });
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('text');
  text.insert(0, 'hello wörld 👋');
  text.format(0, 5, { bold: true, link: { href: 'https://example.org' } }); // ContentFormat
  text.insertEmbed(3, { image: 'x.png' }); // ContentEmbed
  text.delete(1, 2);
  const map = doc.getMap<unknown>('map');
  map.set('int', 42);
  map.set('negative', -123456789);
  map.set('float', 3.25);
  map.set('big', 2n ** 60n);
  map.set('flags', [true, false, null, undefined, 'str', { nested: [1, { deep: 'x' }] }]);
  map.set('bytes', new Uint8Array([1, 2, 3])); // ContentBinary
  map.set('map', new Y.Map());
  map.set('array', Y.Array.from([1, 2]));
  map.set('subtext', new Y.Text('sub'));
  map.set('doc', new Y.Doc({ guid: 'sub-doc-guid' })); // ContentDoc
  map.set('int', 43); // overwrite: a deleted item
  const fragment = doc.getXmlFragment('xml');
  const element = new Y.XmlElement('paragraph');
  element.setAttribute('class', 'lead');
  // yjs's typings of insert leave out XmlHook, which it accepts at run time.
  const hook = new Y.XmlHook('hook') as unknown as Y.XmlElement;
  element.insert(0, [new Y.XmlText('para'), hook]);
  fragment.insert(0, [element, new Y.XmlText('tail')]);
  doc.getArray('list').insert(0, [1, 'two', { three: 3 }]);
  doc.getArray('list').delete(0, 1);
  return { doc, updates };
}

/** Hand-built: one legacy ContentJSON item (Yjs still reads it, never writes it). */
const contentJsonUpdate = new Uint8Array([
  1, // one client
  1, 5, 0, // one struct, client 5, clock 0
  2, // info: ContentJSON, no origins, so parent info follows
  1, 1, 0x61, // parent is the root type named "a"
  2, 3, 0x5b, 0x31, 0x5d, 9, ...new TextEncoder().encode('undefined'), // ['[1]', 'undefined']
  0, // empty delete set
]);

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const decodes = (update: Uint8Array): boolean => {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
};

describe('checkUpdate', () => {
  it('accepts every update Yjs writes, with gc on and off', () => {
    for (const gc of [true, false]) {
      const { doc, updates } = richDoc(gc);
      const all = [...updates, Y.encodeStateAsUpdate(doc), Y.mergeUpdates(updates), new Uint8Array([0, 0])];
      for (const update of all) {
        expect(decodes(update)).toBe(true);
        expect(checkUpdate(update)).toBeUndefined();
      }
    }
  });

  it('accepts Skip structs (a merge with a gap) and the legacy ContentJSON', () => {
    const { updates } = richDoc(false);
    const gappy = Y.mergeUpdates([updates[0] ?? new Uint8Array(), updates[2] ?? new Uint8Array()]);
    expect(checkUpdate(gappy)).toBeUndefined();
    expect(decodes(contentJsonUpdate)).toBe(true);
    expect(checkUpdate(contentJsonUpdate)).toBeUndefined();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, contentJsonUpdate);
    expect(doc.getArray('a').toArray()).toEqual([[1], undefined]);
  });

  it('refuses every truncation of a full state', () => {
    const state = Y.encodeStateAsUpdate(richDoc(false).doc);
    for (let length = 0; length < state.length; length++) {
      const prefix = state.subarray(0, length);
      // Never accept what Yjs cannot read (a prefix could in theory be a valid update itself).
      if (checkUpdate(prefix) === undefined) expect(decodes(prefix), `prefix ${length}`).toBe(true);
      else expect(checkUpdate(prefix)).toMatch(/end of update|past the end/);
    }
  });

  it('never accepts damaged bytes that Yjs cannot read', () => {
    const state = Y.encodeStateAsUpdate(richDoc(false).doc);
    const random = seeded(7);
    let refused = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const damaged = state.slice();
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      if (checkUpdate(damaged) === undefined) expect(decodes(damaged), `trial ${trial}`).toBe(true);
      else refused += 1;
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses absurd counts before allocating anything', () => {
    expect(checkUpdate(new Uint8Array([0xff, 0xff, 0xff, 0x7f]))).toMatch(/count \d+ runs past the end/);
    expect(checkUpdate(new Uint8Array([1, 0xff, 0xff, 0xff, 0x7f, 1, 0]))).toMatch(/runs past the end/);
  });
});
