/**
 * Unlinked mentions: a page's title appearing as plain text in another page's blocks.
 *
 * Rules (each has an accept and a reject test in mentions.test.ts):
 * - case-insensitive (Unicode simple case folding, so offsets stay those of the source text);
 * - word-bounded: no letter, digit or `_` right before or after the match (any script);
 * - only in text that could become a link: never inside a link or code mark, a code block, or a
 *   wiki link (atoms are not text), and never across two separate text runs;
 * - titles shorter than MIN_MENTION_TITLE_LENGTH (after trimming) are never searched: a page
 *   called "A" would otherwise be "mentioned" by every article.
 */
import type { TextBlock } from './page-text';

export const MIN_MENTION_TITLE_LENGTH = 3;

export interface Mention {
  /** [start, end) in the block's source text (see page-text.ts `sourceText`). */
  readonly start: number;
  readonly end: number;
  /** The text as written (its case may differ from the title's). */
  readonly text: string;
  /** The Y.XmlText child of the block holding it, and the match's offset inside that child. */
  readonly child: number;
  readonly childOffset: number;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The search pattern for a title, or null for a title too short to search. */
export function mentionPattern(title: string): RegExp | null {
  const trimmed = title.trim();
  if ([...trimmed].length < MIN_MENTION_TITLE_LENGTH) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${escapeRegExp(trimmed)}(?![\\p{L}\\p{N}\\p{M}_])`, 'giu');
}

interface Run {
  readonly text: string;
  readonly start: number;
  readonly child: number;
  readonly childOffset: number;
}

/** Maximal stretches of linkable text inside one Y.XmlText, with their source offsets. */
function linkableRuns(block: TextBlock): Run[] {
  const runs: Run[] = [];
  let current: { text: string; start: number; child: number; childOffset: number } | null = null;
  let position = 0;
  for (const inline of block.inlines) {
    if (inline.kind === 'text' && inline.linkable) {
      if (current && current.child === inline.child && current.childOffset + current.text.length === inline.offset) {
        current.text += inline.text;
      } else {
        if (current) runs.push(current);
        current = { text: inline.text, start: position, child: inline.child, childOffset: inline.offset };
      }
    } else if (current) {
      runs.push(current);
      current = null;
    }
    position += inline.kind === 'text' ? inline.text.length : 1;
  }
  if (current) runs.push(current);
  return runs;
}

export function findMentions(block: TextBlock, pattern: RegExp): Mention[] {
  if (block.kind !== 'text') return [];
  const found: Mention[] = [];
  for (const run of linkableRuns(block)) {
    for (const match of run.text.matchAll(pattern)) {
      const at = match.index;
      found.push({
        start: run.start + at,
        end: run.start + at + match[0].length,
        text: match[0],
        child: run.child,
        childOffset: run.childOffset + at,
      });
    }
  }
  return found;
}
