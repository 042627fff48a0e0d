/**
 * TEST SUPPORT ONLY (imported by *.test.ts): page content in y-tiptap's layout from a compact
 * description, so tests read like the documents they build.
 */
import * as Y from 'yjs';
import { docToFragment, type PMNode } from '../../../shared/markdown';
import type { PageId } from '../../../shared/ids';
import { PAGE_CONTENT } from '../../../shared/model';

export const text = (value: string, ...marks: string[]): PMNode =>
  marks.length > 0 ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) } : { type: 'text', text: value };

export const link = (pageId: PageId | null, target: string, label: string | null = null, heading: string | null = null): PMNode => ({
  type: 'wikiLink',
  attrs: { pageId, target, label, heading },
});

export const para = (...content: PMNode[]): PMNode => ({ type: 'paragraph', content });

export const embed = (pageId: PageId | null, target: string): PMNode => ({ type: 'embed', attrs: { pageId, target } });

/** Replaces the page doc's content with these blocks. */
export function writeBlocks(doc: Y.Doc, blocks: PMNode[], origin: unknown = null): void {
  docToFragment({ type: 'doc', content: blocks }, doc.getXmlFragment(PAGE_CONTENT), origin);
}

/** A fresh fragment holding these blocks. */
export function fragmentOf(...blocks: PMNode[]): Y.XmlFragment {
  const doc = new Y.Doc();
  writeBlocks(doc, blocks);
  return doc.getXmlFragment(PAGE_CONTENT);
}
