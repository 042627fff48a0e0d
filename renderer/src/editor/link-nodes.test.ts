/**
 * The wiki link, embed and callout node specs in plain Node (no DOM): attributes and defaults,
 * JSON round trips, HTML parse rules (a paste) and render specs, y-tiptap round trips of an
 * imported vault note, and the `[[` menu's trigger and items.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { StarterKit } from '@tiptap/starter-kit';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { PageId } from '../../../shared/ids';
import { docToFragment, markdownToDoc, normalizeDoc } from '../../../shared/markdown';
import { AttachmentImage } from './attachment-image';
import { Callout } from './callout';
import { calloutHeading, calloutTone, safeKind } from './callout-kinds';
import { Embed } from './embed';
import type { PageDirectory, PageStatus } from './page-directory';
import { WikiLink, pageTitled, parseLinkText } from './wiki-link';
import { findWikiLinkTrigger, wikiLinkItems, WikiLinkMenuController } from './wiki-link-menu';
import { Awareness } from 'y-protocols/awareness';
import { buildExtensions } from './extensions';
import { LinkPrompt } from './link-prompt';
import { SlashMenuController } from './slash-menu';

const A = 'a'.repeat(32) as PageId;
const B = 'b'.repeat(32) as PageId;

function directory(pages: Record<string, { title: string; status?: PageStatus }>): PageDirectory {
  return {
    title: (id) => pages[id]?.title ?? null,
    status: (id) => pages[id]?.status ?? 'missing',
    search: (text) =>
      Object.entries(pages)
        .filter(([, p]) => p.status !== 'trashed' && p.title.toLowerCase().includes(text.trim().toLowerCase()))
        .map(([pageId, p]) => ({ pageId: pageId as PageId, title: p.title, path: [] })),
    open: () => undefined,
    create: () => null,
    subscribe: () => () => undefined,
  };
}

const pages = directory({ [A]: { title: 'Alpha', status: 'live' }, [B]: { title: 'Beta', status: 'trashed' } });

function schema(): Schema {
  return getSchema([
    StarterKit.configure({ undoRedo: false }),
    Table,
    TableRow,
    TableHeader,
    TableCell,
    TaskList,
    TaskItem.configure({ nested: true }),
    AttachmentImage.configure({ resolveAttachment: null }),
    WikiLink.configure({ pages }),
    Embed.configure({ pages }),
    Callout,
  ]);
}

/** An element as parse rules see it: attributes and text, nothing else. */
const element = (attributes: Record<string, string>, text = '') =>
  ({ getAttribute: (name: string) => attributes[name] ?? null, textContent: text }) as unknown as HTMLElement;

/** The attributes a node parsed from `el` gets (absent ones take their defaults). */
function parseAttrs(s: Schema, type: string, el: HTMLElement): Record<string, unknown> {
  const rule = s.nodes[type]?.spec.parseDOM?.[0];
  if (!rule || !('getAttrs' in rule) || typeof rule.getAttrs !== 'function') throw new Error(`no parse rule for ${type}`);
  const parsed = rule.getAttrs(el as never);
  if (parsed === false) throw new Error('rule refused the element');
  return { ...s.nodes[type]!.create(parsed ?? null).attrs };
}

const toDOM = (node: PMNode) => node.type.spec.toDOM?.(node);

describe('wikiLink node', () => {
  it('has exactly the attributes of shared/markdown, with their defaults', () => {
    const s = schema();
    const link = s.nodes.wikiLink!.create();
    expect(link.attrs).toEqual({ pageId: null, target: '', label: null, heading: null });
    expect(link.isInline && link.isAtom).toBe(true);
    const json = { type: 'wikiLink', attrs: { pageId: A, target: 'Alpha#Intro', label: 'see', heading: 'Intro' } };
    expect(s.nodeFromJSON(json).toJSON()).toEqual(json);
  });

  it('renders its label or the current title as text, with its attributes as data', () => {
    const s = schema();
    expect(toDOM(s.nodes.wikiLink!.create({ pageId: A, target: 'Old name' }))).toEqual([
      'span',
      { 'data-wiki-link': '', class: 'cp-wikilink', 'data-page-id': A, 'data-target': 'Old name' },
      'Alpha',
    ]);
    expect((toDOM(s.nodes.wikiLink!.create({ pageId: A, target: 'x', label: 'see here' })) as readonly unknown[])[2]).toBe('see here');
  });

  it('parses a pasted link, keeping the page only for a well-formed id', () => {
    const s = schema();
    expect(parseAttrs(s, 'wikiLink', element({ 'data-page-id': A, 'data-target': 'Alpha', 'data-heading': 'x' }))).toMatchObject({
      pageId: A,
      target: 'Alpha',
      heading: 'x',
    });
    expect(parseAttrs(s, 'wikiLink', element({ 'data-page-id': 'javascript:alert(1)' }, 'Shown'))).toMatchObject({
      pageId: null,
      target: 'Shown',
    });
  });

  it('parses typed link text: page, heading, label', () => {
    expect(parseLinkText('Page')).toEqual({ name: 'Page', heading: null, label: null });
    expect(parseLinkText(' Page #Part | the part ')).toEqual({ name: 'Page', heading: 'Part', label: 'the part' });
    expect(parseLinkText('#Only')).toEqual({ name: '', heading: 'Only', label: null });
    expect(parseLinkText('Page|')).toEqual({ name: 'Page', heading: null, label: null });
  });

  it('resolves a typed title to a live page, ignoring case; never to a trashed one', () => {
    expect(pageTitled(pages, 'alpha')).toBe(A);
    expect(pageTitled(pages, 'Beta')).toBeNull();
    expect(pageTitled(pages, 'Alp')).toBeNull();
    expect(pageTitled(null, 'Alpha')).toBeNull();
  });
});

describe('embed and callout nodes', () => {
  it('embed: block atom with pageId and target only', () => {
    const s = schema();
    const embed = s.nodes.embed!.create({ pageId: A, target: 'Alpha#Section' });
    expect(embed.isBlock && embed.isAtom).toBe(true);
    expect(embed.attrs).toEqual({ pageId: A, target: 'Alpha#Section' });
    expect(toDOM(embed)).toEqual(['div', { 'data-embed': '', class: 'cp-embed', 'data-page-id': A, 'data-target': 'Alpha#Section' }, 'Alpha']);
    expect(parseAttrs(s, 'embed', element({ 'data-page-id': 'nope', 'data-target': 'X' }))).toMatchObject({ pageId: null, target: 'X' });
  });

  it('callout: kind/title/folded, title rendered as a text child, never markup', () => {
    const s = schema();
    const json = {
      type: 'callout',
      attrs: { kind: 'warning', title: '<img src=x onerror=alert(1)> *careful*', folded: true },
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'body' }] }],
    };
    const node = s.nodeFromJSON(json);
    expect(node.toJSON()).toEqual(json);
    const spec = toDOM(node) as readonly unknown[];
    expect(spec[2]).toEqual(['div', { class: 'cp-callout__title', contenteditable: 'false' }, '<img src=x onerror=alert(1)> *careful*']);
    expect(spec[1]).toMatchObject({ 'data-callout': 'warning', 'data-tone': 'warning', 'data-callout-folded': 'true' });
    expect(parseAttrs(s, 'callout', element({ 'data-callout': 'tip', 'data-callout-folded': 'false' }))).toEqual({
      kind: 'tip',
      title: null,
      folded: false,
    });
    expect(parseAttrs(s, 'callout', element({ 'data-callout': '"><script>' }))).toMatchObject({ kind: 'note', folded: null });
  });

  it('callout kinds: tones, headings, accepted kinds', () => {
    expect(calloutTone('Warning')).toBe('warning');
    expect(calloutTone('faq')).toBe('question');
    expect(calloutTone('released')).toBe('info');
    expect(calloutHeading('tip', null)).toBe('Tip');
    expect(calloutHeading('tip', '  ')).toBe('Tip');
    expect(calloutHeading('tip', 'Read me')).toBe('Read me');
    expect(safeKind('my-kind_2')).toBe('my-kind_2');
    expect(safeKind('a b')).toBe('note');
    expect(safeKind(42)).toBe('note');
  });
});

describe('imported notes in the editor schema', () => {
  const NOTE = `# Note

See [[Alpha]], [[Alpha#Intro|the intro]] and [[Nowhere]].

> [!tip]- Folded *tip*
> inside [[Beta]]

![[Alpha#Section]]
`;

  it('loads a vault note with links, callouts and embeds, and round-trips it through y-tiptap', () => {
    const s = schema();
    const { doc } = markdownToDoc(NOTE, {
      resolveLink: (target) => (target === 'Alpha' ? A : target === 'Beta' ? B : null),
      resolveImage: () => null,
    });
    s.nodeFromJSON(doc).check();
    const fragment = new Y.Doc().getXmlFragment('content');
    docToFragment(doc, fragment);
    const node = yXmlFragmentToProseMirrorRootNode(fragment, s);
    node.check();
    expect(normalizeDoc(node.toJSON())).toEqual(normalizeDoc(doc));
    const types: string[] = [];
    node.descendants((n) => void types.push(n.type.name));
    expect(types).toEqual(expect.arrayContaining(['wikiLink', 'callout', 'embed']));
  });
});

describe('the [[ menu', () => {
  const s = schema();
  const paragraph = (...content: PMNode[]) => s.nodes.doc!.create(null, [s.nodes.paragraph!.create(null, content)]);
  const t = (text: string, bold = false) => s.text(text, bold ? [s.marks.bold!.create()] : []);
  const at = (doc: PMNode, pos: number) => findWikiLinkTrigger(doc.resolve(pos));

  it('opens on [[ anywhere in text, with the text typed since as the query', () => {
    const doc = paragraph(t('see [[Alp'));
    expect(at(doc, 1 + 'see [[Alp'.length)).toEqual({ range: { from: 5, to: 1 + 9 }, query: 'Alp', text: '[[Alp' });
    const glued = paragraph(t('word[['));
    expect(at(glued, 1 + 6)?.query).toBe('');
    const spaced = paragraph(t('[[Field guide'));
    expect(at(spaced, 1 + 13)?.query).toBe('Field guide');
  });

  it('reads a query across formatting', () => {
    const doc = paragraph(t('[[Fie'), t('ld', true));
    expect(at(doc, 1 + 7)?.query).toBe('Field');
  });

  it('closes once the link is closed, across another link, or without [[', () => {
    expect(at(paragraph(t('[[Alpha]')), 1 + 8)).toBeNull();
    expect(at(paragraph(t('[[a'), s.nodes.wikiLink!.create({ pageId: A }), t('b')), 1 + 5)).toBeNull();
    expect(at(paragraph(t('[ [x')), 1 + 4)).toBeNull();
    expect(at(paragraph(t('plain text')), 1 + 5)).toBeNull();
  });

  it('offers matching pages, then creating the typed title when none matches exactly', () => {
    expect(wikiLinkItems(pages, 'alp')).toEqual([
      { kind: 'page', pageId: A, title: 'Alpha', path: [] },
      { kind: 'create', title: 'alp' },
    ]);
    expect(wikiLinkItems(pages, 'alpha#Intro|x')).toEqual([{ kind: 'page', pageId: A, title: 'Alpha', path: [] }]);
    expect(wikiLinkItems(pages, 'Zeta')).toEqual([{ kind: 'create', title: 'Zeta' }]);
    expect(wikiLinkItems(pages, '').map((i) => i.kind)).toEqual(['page']);
  });
});

describe('the editor with a page directory', () => {
  it('adds the link nodes and the [[ menu, all reading the same directory', () => {
    const doc = new Y.Doc();
    const wikiLinkMenu = new WikiLinkMenuController();
    const extensions = buildExtensions({
      doc,
      awareness: new Awareness(doc),
      resolveAttachment: () => '',
      upload: () => Promise.reject(new Error('not in tests')),
      openLink: () => undefined,
      onError: () => undefined,
      slashMenu: new SlashMenuController(),
      linkPrompt: new LinkPrompt(),
      pickImage: () => undefined,
      pages,
      wikiLinkMenu,
    });
    const byName = (name: string) => extensions.find((e) => e.name === name);
    expect(byName('wikiLink')?.options.pages).toBe(pages);
    expect(byName('embed')?.options.pages).toBe(pages);
    expect(byName('callout')).toBeDefined();
    expect(byName('wikiLinkMenu')?.options).toEqual({ controller: wikiLinkMenu, pages });
    doc.destroy();
  });
});
