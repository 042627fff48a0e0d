import { describe, expect, it } from 'vitest';
import type { PageId } from '../../../shared/ids';
import { blockContext, CONTEXT_RADIUS, excerpt, linkText } from './context';
import { readPageText, type TextBlock } from './page-text';
import { embed, fragmentOf, link, para, text } from './test-support';
import type { PMNode } from '../../../shared/markdown';

const A = 'a'.repeat(32) as PageId;
const B = 'b'.repeat(32) as PageId;
const titles = new Map<PageId, string>([
  [A, 'Alpha (renamed)'],
  [B, ''],
]);
const titleOf = (id: PageId) => titles.get(id) ?? null;
const blockOf = (node: PMNode): TextBlock => readPageText(fragmentOf(node)).blocks[0] as TextBlock;
const marked = ({ text: t, highlight: [s, e] }: { text: string; highlight: readonly [number, number] }) =>
  `${t.slice(0, s)}[${t.slice(s, e)}]${t.slice(e)}`;

describe('link contexts', () => {
  it('reads links by label, else current title, else target; untitled pages as Untitled', () => {
    expect(linkText({ kind: 'link', pageId: A, target: 'Alpha', label: 'see', heading: null }, titleOf)).toBe('see');
    expect(linkText({ kind: 'link', pageId: A, target: 'Alpha', label: null, heading: null }, titleOf)).toBe('Alpha (renamed)');
    expect(linkText({ kind: 'link', pageId: B, target: 'Old', label: null, heading: null }, titleOf)).toBe('Untitled');
    expect(linkText({ kind: 'link', pageId: 'c'.repeat(32) as PageId, target: 'Gone', label: null, heading: null }, titleOf)).toBe('Gone');
    expect(linkText({ kind: 'link', pageId: null, target: 'Raw', label: null, heading: null }, titleOf)).toBe('Raw');
  });

  it('highlights a link by its inline index, with other links read as titles', () => {
    const block = blockOf(para(text('From '), link(B, 'x'), text(' to '), link(A, 'Alpha'), text('.')));
    expect(marked(blockContext(block, { inline: 3 }, titleOf))).toBe('From Untitled to [Alpha (renamed)].');
  });

  it('highlights a mention by its source range, shifted past atoms shown as titles', () => {
    const block = blockOf(para(link(A, 'Alpha'), text(' mentions beta here')));
    // source: "\uFFFC mentions beta here"; "beta" at 11..15
    expect(marked(blockContext(block, { start: 11, end: 15 }, titleOf))).toBe('Alpha (renamed) mentions [beta] here');
  });

  it('shows an embed as what it is, with its title', () => {
    expect(marked(blockContext(blockOf(embed(A, 'Alpha')), { inline: 0 }, titleOf))).toBe('Embedded: [Alpha (renamed)]');
  });

  it('cuts a long paragraph around the highlight at spaces, with ellipses', () => {
    const words = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ');
    const at = words.indexOf('w60');
    const context = excerpt(words, at, at + 3);
    expect(context.text.startsWith('…')).toBe(true);
    expect(context.text.endsWith('…')).toBe(true);
    expect(context.text.slice(context.highlight[0], context.highlight[1])).toBe('w60');
    expect(context.text.length).toBeLessThanOrEqual(2 * CONTEXT_RADIUS + 3 + 2 * 20 + 2);
    // Cut at spaces: every word shown is a whole word of the paragraph.
    const shown = context.text.slice(1, -1).split(' ');
    expect(shown.every((word) => words.split(' ').includes(word))).toBe(true);
  });

  it('keeps a short paragraph whole', () => {
    expect(excerpt('short text', 6, 10)).toEqual({ text: 'short text', highlight: [6, 10] });
  });
});
