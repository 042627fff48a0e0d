import { describe, expect, it } from 'vitest';
import type { PageId } from '../../../shared/ids';
import { ImageIndex, joinInside, LinkIndex } from './link-index';

const id = (n: number) => String(n).padStart(32, '0') as PageId;
const index = new LinkIndex([
  { pageId: id(1), notePath: 'Getting Started/Dates', title: 'Dates', aliases: ['due dates'] },
  { pageId: id(2), notePath: 'Queries/Dates', title: 'Dates', aliases: [] },
  { pageId: id(3), notePath: 'Getting Started/Statuses/Core Statuses', title: 'Core Statuses', aliases: [] },
  { pageId: id(4), notePath: 'Introduction', title: 'Introduction', aliases: ['Intro', 'Dates'] },
  { pageId: id(5), notePath: null, title: 'Reference', aliases: [] },
  { pageId: id(6), notePath: 'a/C- notes', title: 'C# notes', aliases: [] },
  { pageId: id(7), notePath: 'Deeply/Nested/Folder/Dates', title: 'Dates', aliases: [] },
]);

describe('LinkIndex', () => {
  it.each([
    ['Getting Started/Dates', 'x.md', 1],
    ['getting started/dates.md', 'x.md', 1], // case and extension
    ['/Queries/Dates', 'x.md', 2],
    ['../Queries/Dates', 'Getting Started/Note.md', 2], // relative to the note
    ['Statuses/Core Statuses', 'x.md', 3], // end of a path
    ['Dates', 'Queries/Other.md', 2], // the note's own folder first
    ['Dates', 'Introduction.md', 2], // else the shortest path
    ['Core Statuses', 'x.md', 3],
    ['due dates', 'x.md', 1], // alias
    ['INTRO', 'x.md', 4],
    ['Reference', 'x.md', 5], // a folder page by its title
    ['C# notes', 'x.md', 6], // a title that is not the file name
    ['C- notes', 'x.md', 6],
  ])('resolves %j from %j', (target, from, expected) => {
    expect(index.resolve(target, from)).toBe(id(expected));
  });

  it.each([['Nowhere'], ['Wrong Folder/Dates'], [''], ['   '], ['../../../etc/passwd']])('leaves %j unresolved', (target) => {
    expect(index.resolve(target, 'a/b.md')).toBeNull();
  });
});

describe('ImageIndex', () => {
  const images = new ImageIndex(['images/a.png', 'notes/img/b.png', 'other/a.png', 'deep/x/y/a.png']);
  it.each([
    ['../images/a.png', 'notes/n.md', 'images/a.png'],
    ['img/b.png', 'notes/n.md', 'notes/img/b.png'],
    ['images/A.PNG', 'notes/n.md', 'images/a.png'], // from the root, any case
    ['a.png', 'x/n.md', 'other/a.png'], // by name: shortest path
    ['b.png', 'n.md', 'notes/img/b.png'],
    ['../missing/b.png', 'notes/n.md', 'notes/img/b.png'], // a path that names nothing: by name, as Obsidian
  ])('resolves %j from %j', (path, from, expected) => {
    expect(images.resolve(path, from)).toBe(expected);
  });

  it.each([['nothing.png'], ['../../../../etc/passwd'], ['']])('leaves %j unresolved', (path) => {
    expect(images.resolve(path, 'notes/n.md')).toBeNull();
  });
});

describe('joinInside', () => {
  it('normalises and refuses to climb out', () => {
    expect(joinInside('a/b', '../c/./d')).toBe('a/c/d');
    expect(joinInside('', 'x')).toBe('x');
    expect(joinInside('a', '../../x')).toBeNull();
  });
});
