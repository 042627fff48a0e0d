import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId, PageId } from '../../../shared/ids';
import { buildTree, createPage, movePage } from '../../../shared/model';
import { dropTarget, indentTarget, moveDownTarget, moveUpTarget, outdentTarget } from './tree-moves';

const stamp = { by: 'me' as MemberId, now: 1 };

/** A: [A1, A2], B — and a helper to apply a target and read the tree back. */
function fixture() {
  const doc = new Y.Doc();
  const add = (title: string, parentId: PageId | null) => createPage(doc, { title, parentId, kind: 'note', ...stamp }, null);
  const a = add('A', null);
  const a1 = add('A1', a);
  const a2 = add('A2', a);
  const b = add('B', null);
  const titles = (parent: PageId | null) => {
    const tree = buildTree(doc);
    const nodes = parent === null ? tree.roots : (tree.byId.get(parent)?.children ?? []);
    return nodes.map((node) => node.page.title);
  };
  const apply = (pageId: PageId, target: ReturnType<typeof moveUpTarget>) => {
    if (target === null) throw new Error('no target');
    movePage(doc, { pageId, ...target, ...stamp }, null);
  };
  return { doc, a, a1, a2, b, titles, apply, tree: () => buildTree(doc) };
}

describe('tree moves', () => {
  it('moves up and down among siblings, and not past the ends', () => {
    const f = fixture();
    expect(moveUpTarget(f.tree(), f.a1)).toBeNull();
    expect(moveDownTarget(f.tree(), f.a2)).toBeNull();
    f.apply(f.a2, moveUpTarget(f.tree(), f.a2));
    expect(f.titles(f.a)).toEqual(['A2', 'A1']);
    f.apply(f.a2, moveDownTarget(f.tree(), f.a2));
    expect(f.titles(f.a)).toEqual(['A1', 'A2']);
  });

  it('indents under the previous sibling (last) and outdents right after the parent', () => {
    const f = fixture();
    expect(indentTarget(f.tree(), f.a)).toBeNull();
    f.apply(f.b, indentTarget(f.tree(), f.b));
    expect(f.titles(f.a)).toEqual(['A1', 'A2', 'B']);
    f.apply(f.a1, outdentTarget(f.tree(), f.a1));
    expect(f.titles(null)).toEqual(['A', 'A1']);
    expect(outdentTarget(f.tree(), f.a)).toBeNull();
  });

  it('drops before, inside and after a row, never into the dragged page’s own subtree', () => {
    const f = fixture();
    f.apply(f.b, dropTarget(f.tree(), f.b, f.a1, 'before'));
    expect(f.titles(f.a)).toEqual(['B', 'A1', 'A2']);
    f.apply(f.b, dropTarget(f.tree(), f.b, f.a2, 'after'));
    expect(f.titles(f.a)).toEqual(['A1', 'A2', 'B']);
    f.apply(f.a1, dropTarget(f.tree(), f.a1, f.a2, 'inside'));
    expect(f.titles(f.a2)).toEqual(['A1']);
    expect(dropTarget(f.tree(), f.a, f.a1, 'inside')).toBeNull();
    expect(dropTarget(f.tree(), f.a, f.a, 'after')).toBeNull();
  });
});
