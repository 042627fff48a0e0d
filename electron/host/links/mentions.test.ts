import { describe, expect, it } from 'vitest';
import type { PageId } from '../../../shared/ids';
import { findMentions, mentionPattern, MIN_MENTION_TITLE_LENGTH } from './mentions';
import { readPageText, type TextBlock } from './page-text';
import { fragmentOf, link, para, text } from './test-support';
import type { PMNode } from '../../../shared/markdown';

const A = 'a'.repeat(32) as PageId;

function block(...content: PMNode[]): TextBlock {
  const found = readPageText(fragmentOf(para(...content))).blocks[0];
  if (!found) throw new Error('no block');
  return found;
}

const find = (title: string, ...content: PMNode[]) => {
  const pattern = mentionPattern(title);
  if (!pattern) throw new Error('no pattern');
  return findMentions(block(...content), pattern).map((m) => m.text);
};

describe('unlinked mentions', () => {
  it('finds the title in any case, at word boundaries', () => {
    expect(find('Field Guide', text('The field guide says; FIELD GUIDE.'))).toEqual(['field guide', 'FIELD GUIDE']);
    expect(find('Soil', text('soil, (Soil) "soil"'))).toEqual(['soil', 'Soil', 'soil']);
  });

  it('rejects a match inside a longer word, in any script', () => {
    expect(find('Soil', text('subsoil soils soil_ 1soil'))).toEqual([]);
    expect(find('Über', text('Überall über'))).toEqual(['über']);
    expect(find('café', text('cafés café'))).toEqual(['café']);
  });

  it('accepts a title with regex characters literally', () => {
    expect(find('C++ (notes)', text('read C++ (notes) today'))).toEqual(['C++ (notes)']);
    expect(find('a.b.c', text('axbxc a.b.c'))).toEqual(['a.b.c']);
  });

  it('rejects text that is already a link, code, or inside a wiki link', () => {
    expect(find('Alpha', link(A, 'Alpha'))).toEqual([]);
    expect(find('Alpha', { type: 'text', text: 'Alpha', marks: [{ type: 'link', attrs: { href: 'https://a.org' } }] })).toEqual([]);
    expect(find('Alpha', text('Alpha', 'code'))).toEqual([]);
    expect(find('Alpha', text('Alpha', 'bold'))).toEqual(['Alpha']);
  });

  it('never matches across a link or an atom', () => {
    expect(find('Alpha Beta', text('Alpha'), link(A, 'x'), text('Beta'))).toEqual([]);
    expect(find('Alpha Beta', text('Alpha '), { type: 'hardBreak' }, text('Beta'))).toEqual([]);
  });

  it('matches across formatting inside one text run, at the right offsets', () => {
    const pattern = mentionPattern('Alpha Beta');
    const mentions = findMentions(block(link(A, 'x'), text('see '), text('Alpha', 'bold'), text(' Beta')), pattern as RegExp);
    expect(mentions).toEqual([{ start: 5, end: 15, text: 'Alpha Beta', child: 1, childOffset: 4 }]);
  });

  it('does not search titles shorter than the minimum, or blank ones', () => {
    expect(MIN_MENTION_TITLE_LENGTH).toBe(3);
    expect(mentionPattern('ab')).toBeNull();
    expect(mentionPattern('   ')).toBeNull();
    expect(mentionPattern(' abc ')).not.toBeNull();
    expect(mentionPattern('🌱🌱🌱')).not.toBeNull();
  });

  it('never finds mentions in a code block', () => {
    const code = readPageText(fragmentOf({ type: 'codeBlock', content: [text('Alpha')] })).blocks[0] as TextBlock;
    expect(findMentions(code, mentionPattern('Alpha') as RegExp)).toEqual([]);
  });
});
