import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { NODE_TYPES, type PMNode } from '../markdown/doc';
import { normalizeDoc } from '../markdown/normalize';
import { editorSchema } from '../markdown/test-support';
import { docToFragment, fragmentToDoc } from '../markdown/yjs-fragment';
import { isBuiltinKind } from './kinds';
import { BUILTIN_TEMPLATE_IDS, BUILTIN_TEMPLATES, builtinTemplate, isBuiltinTemplateId } from './templates';

const types = (node: PMNode): string[] => [node.type, ...(node.content ?? []).flatMap(types)];
const headings = (doc: PMNode): string[] =>
  (doc.content ?? []).filter((n) => n.type === 'heading').map((n) => (n.content ?? []).map((t) => t.text).join(''));

describe('built-in templates', () => {
  it('has one template per id, each with a built-in kind', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.id)).toEqual([...BUILTIN_TEMPLATE_IDS]);
    for (const template of BUILTIN_TEMPLATES) expect(isBuiltinKind(template.kind)).toBe(true);
    expect(BUILTIN_TEMPLATES.map((t) => t.kind)).toEqual(['guide', 'report', 'note', 'question']);
    expect(builtinTemplate('practice-guide')?.name).toBe('Practice guide');
    expect(builtinTemplate('nope')).toBeUndefined();
    expect(isBuiltinTemplateId('meeting-notes')).toBe(true);
    expect(isBuiltinTemplateId('__proto__')).toBe(false);
  });

  it('has the sections each kind of page needs', () => {
    const sections = Object.fromEntries(BUILTIN_TEMPLATES.map((t) => [t.id, headings(t.doc)]));
    expect(sections).toEqual({
      'practice-guide': ['Purpose', 'When to use', 'Steps', 'Pitfalls', 'References'],
      'lessons-learned': ['What happened', 'What went well', 'What to change', 'Actions'],
      'meeting-notes': ['Agenda', 'Notes', 'Decisions', 'Action items'],
      question: ['The question', 'Context', 'What I tried'],
    });
    expect(types(builtinTemplate('meeting-notes')!.doc)).toContain('taskItem');
    expect(types(builtinTemplate('practice-guide')!.doc)).toContain('tableHeader');
  });

  for (const template of BUILTIN_TEMPLATES) {
    it(`${template.name}: is a document the editor accepts, and survives Yjs both ways`, () => {
      for (const type of types(template.doc)) expect(NODE_TYPES).toContain(type);
      const schema = editorSchema();
      schema.nodeFromJSON(template.doc).check();

      const fragment = new Y.Doc().getXmlFragment('content');
      docToFragment(template.doc, fragment);
      expect(normalizeDoc(fragmentToDoc(fragment))).toEqual(normalizeDoc(template.doc));
      // …and y-tiptap, which binds the editor to the fragment, reads the same document.
      const read = yXmlFragmentToProseMirrorRootNode(fragment, schema);
      expect(read.eq(schema.nodeFromJSON(template.doc))).toBe(true);
    });
  }
});
