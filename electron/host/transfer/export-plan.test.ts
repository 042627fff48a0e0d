import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId, PageId } from '../../../shared/ids';
import { buildTree, createPage, trashPage } from '../../../shared/model';
import { planVault } from './vault-plan';
import { planExport } from './export-plan';

const stamp = { by: 'm'.repeat(64) as MemberId, now: 1 };

function workspace(build: (add: (title: string, parent?: PageId | null) => PageId) => void): Y.Doc {
  const doc = new Y.Doc();
  build((title, parentId = null) => createPage(doc, { title, parentId, kind: 'note', ...stamp }, null));
  return doc;
}

describe('planExport', () => {
  it('writes leaves as notes and parents as folders with an inside folder note', () => {
    const doc = workspace((add) => {
      const guide = add('Guide');
      add('Step one', guide);
      const sub = add('Sub', guide);
      add('Leaf', sub);
      add('Top note');
    });
    const plan = planExport(buildTree(doc));
    expect(plan.entries.map((e) => e.path)).toEqual(['Guide/Guide.md', 'Guide/Step one.md', 'Guide/Sub/Sub.md', 'Guide/Sub/Leaf.md', 'Top note.md']);
    expect(plan.entries.map((e) => e.isFolder)).toEqual([true, false, true, false, false]);
    // The import reads the same tree back.
    const back = planVault(plan.entries.map((e) => e.path));
    const shape = (nodes: typeof back.roots): unknown[] => nodes.map((n) => [n.title, shape(n.children)]);
    expect(shape(back.roots)).toEqual([['Guide', [['Sub', [['Leaf', []]]], ['Step one', []]]], ['Top note', []]]);
  });

  it('makes names unique per folder (files and folders together), keeping titles in frontmatter', () => {
    const doc = workspace((add) => {
      const a = add('Same');
      add('Same', a); // may not take its folder's own name
      add('same');
      add('attachments'); // reserved at the top
      add('C# / notes');
      add('');
    });
    const plan = planExport(buildTree(doc));
    expect(plan.entries.map((e) => [e.path, e.titleInFrontmatter])).toEqual([
      ['Same/Same.md', false],
      ['Same/Same 2.md', true],
      ['same 2.md', true],
      ['attachments 2.md', true],
      ['C- - notes.md', true],
      ['Untitled.md', true],
    ]);
  });

  it('links by file name when it is unique, else by path', () => {
    const doc = workspace((add) => {
      const a = add('A');
      add('Dates', a);
      const b = add('B');
      add('Dates', b);
      add('Unique', b);
    });
    const plan = planExport(buildTree(doc));
    expect(plan.entries.map((e) => e.linkName)).toEqual(['A', 'A/Dates', 'B', 'B/Dates', 'Unique']);
  });

  it('leaves trashed pages out', () => {
    let gone: PageId | undefined;
    const doc = workspace((add) => {
      add('Kept');
      gone = add('Gone');
      add('Child of gone', gone);
    });
    trashPage(doc, { pageId: gone as PageId, ...stamp }, null);
    expect(planExport(buildTree(doc)).entries.map((e) => e.title)).toEqual(['Kept']);
  });
});
