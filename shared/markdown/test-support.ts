/**
 * TEST SUPPORT ONLY (imported by *.test.ts, never by product code): the editor's ProseMirror
 * schema — StarterKit, tables, task lists, images — plus stand-ins for the three nodes this layer
 * introduces, declared with exactly the attributes documented in index.ts. A document that
 * `schema.nodeFromJSON(doc).check()` accepts is one the editor can load.
 */
import { getSchema, Node } from '@tiptap/core';
import { Image } from '@tiptap/extension-image';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';
import type { Schema } from '@tiptap/pm/model';

const WikiLink = Node.create({
  name: 'wikiLink',
  group: 'inline',
  inline: true,
  atom: true,
  addAttributes: () => ({ pageId: { default: null }, target: { default: '' }, label: { default: null }, heading: { default: null } }),
});

const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  addAttributes: () => ({ pageId: { default: null }, target: { default: '' } }),
});

const Callout = Node.create({
  name: 'callout',
  group: 'block',
  content: 'block+',
  addAttributes: () => ({ kind: { default: 'note' }, title: { default: null }, folded: { default: null } }),
});

export function editorSchema(): Schema {
  return getSchema([
    StarterKit.configure({ undoRedo: false }),
    Table,
    TableRow,
    TableHeader,
    TableCell,
    TaskList,
    TaskItem.configure({ nested: true }),
    Image.configure({ inline: false }),
    WikiLink,
    Embed,
    Callout,
  ]);
}
