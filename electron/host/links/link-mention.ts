/**
 * Turns one unlinked mention into a wiki link, editing the page doc's content fragment in
 * y-tiptap's layout: the mention's characters leave their Y.XmlText, and a `wikiLink` element
 * (followed by the rest of that text, formatting kept) takes their place. Done in the host, in
 * one transaction, so it works whether or not the source page is open anywhere: renderers that
 * have it open receive the change like any other.
 *
 * The occurrence must still be a mention of the title at exactly that place; if the text
 * changed since the renderer asked, nothing is written and the call fails with 'conflict'.
 */
import * as Y from 'yjs';
import type { MentionOccurrence } from '../../../shared/bridge/links';
import { CommonplaceError } from '../../../shared/errors';
import type { PageId } from '../../../shared/ids';
import { findMentions, mentionPattern } from './mentions';
import { readBlock, walkBlocks } from './page-text';

export interface MentionTarget {
  readonly pageId: PageId;
  readonly title: string;
}

type Delta = { insert: unknown; attributes?: Record<string, unknown> };

/** The delta of `text` from `offset` on, as a fresh Y.XmlText (null if nothing is left). */
function tailOf(text: Y.XmlText, offset: number): Y.XmlText | null {
  const tail: Delta[] = [];
  let position = 0;
  for (const op of text.toDelta() as Delta[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    const from = Math.max(0, offset - position);
    if (from < length && typeof op.insert === 'string') {
      const insert = op.insert.slice(from);
      tail.push(op.attributes ? { insert, attributes: op.attributes } : { insert });
    }
    position += length;
  }
  if (tail.length === 0) return null;
  const type = new Y.XmlText();
  type.applyDelta(tail);
  return type;
}

export function linkMention(fragment: Y.XmlFragment, occurrence: MentionOccurrence, target: MentionTarget, origin: unknown): void {
  const pattern = mentionPattern(target.title);
  if (pattern === null) throw new CommonplaceError('invalid-argument', 'this title is too short to link mentions of');
  let found: { element: Y.XmlElement; child: number; childOffset: number; text: string } | null = null;
  walkBlocks(fragment, (element, index) => {
    if (index !== occurrence.block) return false;
    const mention = findMentions(readBlock(element), pattern).find((m) => m.start === occurrence.start);
    if (mention) found = { element, child: mention.child, childOffset: mention.childOffset, text: mention.text };
    return true;
  });
  const at = found as { element: Y.XmlElement; child: number; childOffset: number; text: string } | null;
  if (at === null) throw new CommonplaceError('conflict', 'that mention is no longer there: the page changed');
  const text = at.element.get(at.child);
  if (!(text instanceof Y.XmlText)) throw new CommonplaceError('internal', 'a mention outside a text run');

  const title = target.title.trim();
  const link = new Y.XmlElement('wikiLink');
  link.setAttribute('pageId', target.pageId);
  link.setAttribute('target', title);
  // Keep the sentence as written: a mention in another case becomes the link's label.
  if (at.text !== title) link.setAttribute('label', at.text);

  const doc = fragment.doc;
  const write = () => {
    const tail = tailOf(text, at.childOffset + at.text.length);
    const inserted = tail ? [link, tail] : [link];
    if (at.childOffset === 0) {
      at.element.delete(at.child, 1);
      at.element.insert(at.child, inserted);
    } else {
      text.delete(at.childOffset, text.length - at.childOffset);
      at.element.insert(at.child + 1, inserted);
    }
  };
  if (doc) doc.transact(write, origin);
  else write();
}
