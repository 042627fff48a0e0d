import { describe, expect, it } from 'vitest';
import { LARGE_PASTE_CHARS, MAX_PASTE_CHARS, decidePaste, splitPlainText } from './paste-policy';

describe('decidePaste', () => {
  it('leaves ordinary pastes to ProseMirror', () => {
    expect(decidePaste({ text: 100, html: 1000 })).toBe('default');
  });

  it('pastes large text or HTML as plain text', () => {
    expect(decidePaste({ text: LARGE_PASTE_CHARS, html: 0 })).toBe('plain-text');
    expect(decidePaste({ text: 10, html: LARGE_PASTE_CHARS })).toBe('plain-text');
  });

  it('refuses text over the hard cap', () => {
    expect(decidePaste({ text: MAX_PASTE_CHARS, html: 0 })).toBe('plain-text');
    expect(decidePaste({ text: MAX_PASTE_CHARS + 1, html: 0 })).toBe('refuse');
  });
});

describe('splitPlainText', () => {
  it('makes one paragraph per line, collapsing blank lines', () => {
    expect(splitPlainText('a\nb\r\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitPlainText('a\n\n\nb')).toEqual(['a', 'b']);
    expect(splitPlainText('single')).toEqual(['single']);
  });
});
