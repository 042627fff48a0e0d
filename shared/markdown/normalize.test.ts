import { describe, expect, it } from 'vitest';
import type { PMJson } from './doc';
import { normalizeDoc, tidyDoc } from './normalize';

describe('normalizeDoc', () => {
  it('merges text, sorts marks, drops defaults, nulls and empties, without mutating', () => {
    const input: PMJson = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: {},
          content: [
            { type: 'text', text: 'a', marks: [{ type: 'italic' }, { type: 'bold', attrs: {} }] },
            { type: 'text', text: 'b', marks: [{ type: 'bold' }, { type: 'italic' }] },
            { type: 'text', text: '' },
            { type: 'text', text: 'c', marks: [] },
            { type: 'text', text: 'l', marks: [{ type: 'link', attrs: { href: 'https://x', target: '_blank', rel: 'noopener noreferrer nofollow', class: null } }] },
          ],
        },
        { type: 'orderedList', attrs: { start: 1, type: null }, content: [] },
        { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: false }, content: [{ type: 'paragraph' }] }] },
      ],
    };
    const copy = structuredClone(input);
    expect(normalizeDoc(input)).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'ab', marks: [{ type: 'bold' }, { type: 'italic' }] },
            { type: 'text', text: 'c' },
            { type: 'text', text: 'l', marks: [{ type: 'link', attrs: { href: 'https://x' } }] },
          ],
        },
        { type: 'orderedList' },
        { type: 'taskList', content: [{ type: 'taskItem', content: [{ type: 'paragraph' }] }] },
      ],
    });
    expect(input).toEqual(copy);
  });

  it('tidyDoc merges text but keeps attributes as they are', () => {
    const tidy = tidyDoc<PMJson>({
      type: 'doc',
      content: [{ type: 'heading', attrs: { level: 1, id: null }, content: [{ type: 'text', text: 'a' }, { type: 'text', text: '' }, { type: 'text', text: 'b' }] }],
    });
    expect(tidy.content[0]).toEqual({ type: 'heading', attrs: { level: 1, id: null }, content: [{ type: 'text', text: 'ab' }] });
  });
});
