import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { AnyExtension } from '@tiptap/core';
import { PAGE_CONTENT } from '../../../shared/model/schema';
import { CommonplaceError } from '../../../shared/errors';
import { buildExtensions, type EditorEnvironment } from './extensions';
import { LinkPrompt } from './link-prompt';
import { SlashMenuController } from './slash-menu';

const docs: Y.Doc[] = [];

function environment(): EditorEnvironment {
  const doc = new Y.Doc();
  docs.push(doc);
  const awareness = new Awareness(doc);
  awareness.setLocalStateField('user', { name: 'Ada', color: '#336699', id: 'member-1' });
  return {
    doc,
    awareness,
    resolveAttachment: (id) => `attachment-url/${id}`,
    upload: () => Promise.reject(new CommonplaceError('unavailable', 'not in tests')),
    openLink: () => undefined,
    onError: () => undefined,
    slashMenu: new SlashMenuController(),
    linkPrompt: new LinkPrompt(),
    pickImage: () => undefined,
  };
}

const byName = (extensions: AnyExtension[], name: string) => extensions.find((extension) => extension.name === name);

afterEach(() => {
  for (const doc of docs.splice(0)) doc.destroy();
});

describe('buildExtensions', () => {
  it('leaves undo to Yjs and replaces the plain code block', () => {
    const starterKit = byName(buildExtensions(environment()), 'starterKit');
    expect(starterKit?.options.undoRedo).toBe(false);
    expect(starterKit?.options.codeBlock).toBe(false);
  });

  it('binds Collaboration to the page content fragment', () => {
    const env = environment();
    const collaboration = byName(buildExtensions(env), 'collaboration');
    expect(collaboration?.options.fragment).toBe(env.doc.getXmlFragment(PAGE_CONTENT));
  });

  it('shows carets with the member already in awareness, untouched', () => {
    const env = environment();
    const caret = byName(buildExtensions(env), 'collaborationCaret');
    expect(caret?.options.provider.awareness).toBe(env.awareness);
    expect(caret?.options.user).toEqual({ name: 'Ada', color: '#336699', id: 'member-1' });
  });

  it('configures links that never open on click and never carry javascript:', () => {
    const link = byName(buildExtensions(environment()), 'starterKit')?.options.link;
    expect(link.openOnClick).toBe(false);
    expect(link.autolink).toBe(true);
    const ctx = { defaultValidate: () => true, protocols: [], defaultProtocol: 'https' };
    expect(link.isAllowedUri('javascript:alert(1)', ctx)).toBe(false);
    expect(link.isAllowedUri('https://example.org', ctx)).toBe(true);
  });

  it('has the nodes a page can contain', () => {
    const names = buildExtensions(environment()).map((extension) => extension.name);
    for (const name of ['codeBlock', 'table', 'tableRow', 'tableHeader', 'tableCell', 'taskList', 'taskItem', 'image']) {
      expect(names).toContain(name);
    }
    expect(names).not.toContain('undoRedo');
  });

  it('nests task items and makes tables resizable', () => {
    const extensions = buildExtensions(environment());
    expect(byName(extensions, 'taskItem')?.options.nested).toBe(true);
    expect(byName(extensions, 'table')?.options.resizable).toBe(true);
    expect(byName(extensions, 'image')?.options.allowBase64).toBe(false);
  });
});
