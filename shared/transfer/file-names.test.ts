import { describe, expect, it } from 'vitest';
import { fileStemFor, MAX_FILE_STEM, UNTITLED_STEM } from './file-names';

describe('fileStemFor', () => {
  it.each([
    ['Getting Started', 'Getting Started'],
    ['C# notes', 'C- notes'],
    ['a/b: c?', 'a-b- c-'],
    ['[draft] plan|v2', '(draft) plan-v2'],
    ['  spaced\tout\n ', 'spaced out'],
    ['.hidden', 'hidden'],
    ['ends with dots...', 'ends with dots'],
    ['', UNTITLED_STEM],
    ['???', '---'],
    ['/', '-'],
    ['con', 'con_'],
    ['Ünïcödé 𝄞', 'Ünïcödé 𝄞'],
  ])('%j → %j', (title, stem) => {
    expect(fileStemFor(title)).toBe(stem);
  });

  it('caps long titles by code points, never splitting a surrogate pair', () => {
    const stem = fileStemFor('𝄞'.repeat(MAX_FILE_STEM + 20));
    expect([...stem]).toHaveLength(MAX_FILE_STEM);
    expect(stem).not.toMatch(/[\ud800-\udbff]$/);
  });
});
