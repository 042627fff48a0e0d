import { describe, expect, it } from 'vitest';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { CommonplaceError } from '../../../shared/errors';
import type { PageId } from '../../../shared/ids';
import { fragmentToDoc } from '../../../shared/markdown';
import { editorSchema } from '../../../shared/markdown/test-support';
import { linkMention } from './link-mention';
import { findMentions, mentionPattern } from './mentions';
import { readPageText } from './page-text';
import { fragmentOf, link, para, text } from './test-support';

const T = 'c'.repeat(32) as PageId;
const OTHER = 'd'.repeat(32) as PageId;
const target = { pageId: T, title: 'Soil Sampling' };
const ORIGIN = { kind: 'local' };

/** The first mention of the target in block `block`, as unlinkedMentions would report it. */
function occurrenceIn(fragment: ReturnType<typeof fragmentOf>, block: number, nth = 0) {
  const found = readPageText(fragment).blocks[block];
  const mention = found ? findMentions(found, mentionPattern(target.title) as RegExp)[nth] : undefined;
  if (!mention) throw new Error('no mention');
  return { block, start: mention.start };
}

describe('linkMention', () => {
  it('replaces the mention with a wiki link and keeps the rest of the text and its marks', () => {
    const fragment = fragmentOf(para(text('Intro')), para(text('Before soil sampling and '), text('after', 'bold'), text('.')));
    linkMention(fragment, occurrenceIn(fragment, 1), target, ORIGIN);
    expect(fragmentToDoc(fragment).content[1]).toEqual(
      para(
        text('Before '),
        { type: 'wikiLink', attrs: { pageId: T, target: 'Soil Sampling', label: 'soil sampling' } },
        text(' and '),
        text('after', 'bold'),
        text('.'),
      ),
    );
    // y-tiptap reads the result into a valid editor document.
    const node = yXmlFragmentToProseMirrorRootNode(fragment, editorSchema());
    node.check();
    expect(node.child(1).child(1).attrs).toEqual({ pageId: T, target: 'Soil Sampling', label: 'soil sampling', heading: null });
  });

  it('writes no label when the text matches the title exactly, at the start and at the end of a run', () => {
    const fragment = fragmentOf(para(text('Soil Sampling')), para(link(OTHER, 'x'), text(' then Soil Sampling')));
    linkMention(fragment, occurrenceIn(fragment, 0), target, ORIGIN);
    linkMention(fragment, occurrenceIn(fragment, 1), target, ORIGIN);
    const doc = fragmentToDoc(fragment);
    const wiki = { type: 'wikiLink', attrs: { pageId: T, target: 'Soil Sampling' } };
    expect(doc.content[0]).toEqual(para(wiki));
    expect(doc.content[1]).toEqual(para({ type: 'wikiLink', attrs: { pageId: OTHER, target: 'x' } }, text(' then '), wiki));
    yXmlFragmentToProseMirrorRootNode(fragment, editorSchema()).check();
  });

  it('links the chosen occurrence only', () => {
    const fragment = fragmentOf(para(text('soil sampling, soil sampling')));
    linkMention(fragment, occurrenceIn(fragment, 0, 1), target, ORIGIN);
    expect(fragmentToDoc(fragment).content[0]?.content?.map((n) => n.type)).toEqual(['text', 'wikiLink']);
  });

  it('refuses, writing nothing, when the text there is no longer a mention', () => {
    const fragment = fragmentOf(para(text('soil sampling here')));
    const before = JSON.stringify(fragmentToDoc(fragment));
    const refuse = (occurrence: { block: number; start: number }) => {
      try {
        linkMention(fragment, occurrence, target, ORIGIN);
      } catch (error) {
        return (error as CommonplaceError).code;
      }
      return 'written';
    };
    expect(refuse({ block: 0, start: 1 })).toBe('conflict');
    expect(refuse({ block: 3, start: 0 })).toBe('conflict');
    expect(() => linkMention(fragment, { block: 0, start: 0 }, { pageId: T, title: 'so' }, ORIGIN)).toThrow(CommonplaceError);
    expect(JSON.stringify(fragmentToDoc(fragment))).toBe(before);
  });

  it('writes in one transaction with the given origin', () => {
    const fragment = fragmentOf(para(text('soil sampling')));
    const origins: unknown[] = [];
    fragment.doc?.on('afterTransaction', (tr) => origins.push(tr.origin));
    linkMention(fragment, occurrenceIn(fragment, 0), target, ORIGIN);
    expect(origins).toEqual([ORIGIN]);
  });
});
