import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { MemberId, PageId } from '../../../shared/ids';
import { buildTree, createPage, initWorkspaceDoc, trashPage, type PageTree } from '../../../shared/model';
import { WorkspaceDirectory } from './workspace-directory';

const ME = 'e'.repeat(64) as MemberId;

function workspace() {
  const doc = new Y.Doc();
  initWorkspaceDoc(doc, { name: 'Lab', createdBy: ME, now: 1 }, 'test');
  let tree: PageTree | null = null;
  const listeners = new Set<() => void>();
  doc.on('update', () => {
    tree = null;
    listeners.forEach((l) => l());
  });
  const add = (title: string, parentId: PageId | null = null, now = 1) =>
    createPage(doc, { title, parentId, kind: 'note', by: ME, now }, 'test');
  const session = {
    getTree: () => (tree ??= buildTree(doc)),
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    createPage: vi.fn((input: { parentId: PageId | null; title?: string }) => add(input.title ?? '', input.parentId)),
  };
  return { doc, add, session };
}

describe('WorkspaceDirectory', () => {
  it('reads titles and states from the tree: live, trashed (also under a trashed parent), missing', () => {
    const w = workspace();
    const parent = w.add('Parent');
    const child = w.add('Child', parent);
    const directory = new WorkspaceDirectory(w.session, () => undefined);
    expect(directory.title(child)).toBe('Child');
    expect(directory.status(child)).toBe('live');
    trashPage(w.doc, { pageId: parent, by: ME, now: 2 }, 'test');
    expect(directory.status(parent)).toBe('trashed');
    expect(directory.status(child)).toBe('trashed');
    expect(directory.status('9'.repeat(32) as PageId)).toBe('missing');
    expect(directory.title('9'.repeat(32) as PageId)).toBeNull();
  });

  it('searches live titles only, with their parents as the path', () => {
    const w = workspace();
    const guide = w.add('Field guide');
    w.add('Field notes', guide);
    const old = w.add('Field trip');
    trashPage(w.doc, { pageId: old, by: ME, now: 2 }, 'test');
    const directory = new WorkspaceDirectory(w.session, () => undefined);
    expect(directory.search('field', 10).map((c) => [c.title, c.path])).toEqual([
      ['Field guide', []],
      ['Field notes', ['Field guide']],
    ]);
    // The page being edited is left out.
    expect(new WorkspaceDirectory(w.session, () => undefined, guide).search('field', 10).map((c) => c.title)).toEqual(['Field notes']);
  });

  it('tells subscribers about renames; opens and creates through the session', () => {
    const w = workspace();
    const open = vi.fn();
    const directory = new WorkspaceDirectory(w.session, open);
    const listener = vi.fn();
    const unsubscribe = directory.subscribe(listener);
    const id = directory.create('  New page  ');
    expect(w.session.createPage).toHaveBeenCalledWith({ parentId: null, title: 'New page' });
    expect(id !== null && directory.title(id)).toBe('New page');
    expect(listener).toHaveBeenCalled();
    directory.open(id as PageId);
    expect(open).toHaveBeenCalledWith(id);
    unsubscribe();
  });
});
