import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Origin } from '../origins';
import { GuardedDoc } from './guarded-doc';

const PEER: Origin = { kind: 'peer', peer: {} };
const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');

function baseDoc(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  doc.getXmlFragment('content').insert(0, [new Y.XmlText('hello world')]);
  doc.getMap('m').set('a', 1);
  return doc;
}

/** A realistic update on top of baseDoc: inserts, deletes, formatting, nested types. */
function editOf(base: Y.Doc): Uint8Array {
  const other = new Y.Doc({ gc: false });
  Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
  const text = other.getXmlFragment('content').get(0) as Y.XmlText;
  text.insert(5, ' there');
  text.delete(0, 2);
  text.format(0, 3, { bold: true });
  const nested = new Y.Map<string>();
  other.getMap('m').set('b', nested);
  nested.set('c', 'd');
  return Y.encodeStateAsUpdate(other, Y.encodeStateVector(base));
}

describe('GuardedDoc', () => {
  it('applies a good update with the given origin', () => {
    const doc = baseDoc();
    const guarded = new GuardedDoc(doc);
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    expect(guarded.apply(editOf(doc), PEER)).toBe(true);
    expect(doc.getXmlFragment('content').toString()).toContain('there world');
    expect(origins).toEqual([PEER]);
    guarded.destroy();
  });

  it('refuses garbage without touching the doc', () => {
    const doc = baseDoc();
    const guarded = new GuardedDoc(doc);
    const before = stateOf(doc);
    expect(guarded.apply(Uint8Array.of(1, 2, 3, 4, 5), PEER)).toBe(false);
    expect(stateOf(doc)).toBe(before);
    guarded.destroy();
  });

  it('never half-applies a mutated update, and agrees with Yjs on the ones that apply cleanly', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // Yjs logs some malformed content
    const base = baseDoc();
    const baseState = Y.encodeStateAsUpdate(base);
    const edit = editOf(base);
    const copyOfBase = () => {
      const copy = new Y.Doc({ gc: false });
      Y.applyUpdate(copy, baseState);
      return copy;
    };
    const before = stateOf(base);
    let halfApplied = 0;
    for (let i = 0; i < 1500; i++) {
      const mutated = edit.slice();
      for (let k = 0; k < 1 + (i % 3); k++) mutated[Math.floor(Math.random() * mutated.length)] = Math.floor(Math.random() * 256);
      // what plain Yjs does with it
      const reference = copyOfBase();
      let threw = false;
      try {
        Y.applyUpdate(reference, mutated);
      } catch {
        threw = true;
      }
      if (threw && stateOf(reference) !== before) halfApplied++;
      const doc = copyOfBase();
      const guarded = new GuardedDoc(doc);
      expect(guarded.apply(mutated, PEER)).toBe(!threw);
      expect(stateOf(doc)).toBe(threw ? before : stateOf(reference));
      guarded.destroy();
    }
    // the hazard the guard exists for did occur (about 5% of mutations)
    expect(halfApplied).toBeGreaterThan(0);
    vi.restoreAllMocks();
  }, 30_000);

  it('keeps its shadow in step with local changes', () => {
    const doc = baseDoc();
    const guarded = new GuardedDoc(doc);
    // a local edit the shadow must know, or the peer's update that depends on it looks invalid
    doc.getMap('m').set('local', 1);
    const other = new Y.Doc({ gc: false });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getMap('m').delete('local');
    expect(guarded.apply(Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), PEER)).toBe(true);
    expect(doc.getMap('m').has('local')).toBe(false);
    guarded.destroy();
  });

  it('guards an empty doc (a page a fresh host catches up) like any other', () => {
    const source = baseDoc();
    const doc = new Y.Doc({ gc: false });
    const guarded = new GuardedDoc(doc);
    const mutated = Y.encodeStateAsUpdate(source);
    mutated[mutated.length >> 1] = (mutated[mutated.length >> 1] ?? 0) ^ 0xff;
    guarded.apply(mutated, PEER); // refused, or applied cleanly to the shadow first: never half-applied
    const afterMutated = stateOf(doc);
    const check = vi.fn(() => ({ ok: false as const, reason: 'no' }));
    expect(guarded.apply(Y.encodeStateAsUpdate(source), PEER, check)).toBe(false);
    expect(stateOf(doc)).toBe(afterMutated);
    expect(guarded.apply(Y.encodeStateAsUpdate(source), PEER)).toBe(true);
    expect(doc.getXmlFragment('content').toString()).toBe(source.getXmlFragment('content').toString());
    guarded.destroy();
  });

  it('shadows a doc that holds only deletions still waiting for their structs', () => {
    const source = baseDoc();
    const inserted = Y.encodeStateAsUpdate(source);
    const before = Y.encodeStateVector(source);
    (source.getXmlFragment('content').get(0) as Y.XmlText).delete(0, 6);
    const deletion = Y.encodeStateAsUpdate(source, before); // a delete set only, for structs the doc lacks
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, deletion);
    expect(doc.store.clients.size).toBe(0);
    expect(doc.store.pendingDs).not.toBeNull();
    const guarded = new GuardedDoc(doc);
    let shadowText = '';
    const check = (_changes: unknown, _before: Y.Doc, after: Y.Doc) => ((shadowText = after.getXmlFragment('content').toString()), { ok: true as const });
    expect(guarded.apply(inserted, PEER, check)).toBe(true);
    expect(doc.getXmlFragment('content').toString()).toBe(source.getXmlFragment('content').toString());
    expect(shadowText).toBe(doc.getXmlFragment('content').toString()); // the shadow had the deletions too
    guarded.destroy();
  });
});
