import { describe, expect, it } from 'vitest';
import { checkStoredChange, isPageEntry } from './stored-format';

const id = '0'.repeat(31) + '1';
const entry = { id, title: 'T', kind: 'note', tags: ['a'], createdBy: 'm', updatedBy: 'm', updatedAt: 1, hidden: false, body: 'b', version: 'v' };

describe('stored format checks', () => {
  it('accepts a saved page and a removal', () => {
    expect(isPageEntry(entry)).toBe(true);
    expect(isPageEntry({ ...entry, version: null })).toBe(true);
    expect(checkStoredChange({ id, entry })).toEqual({ id, entry });
    expect(checkStoredChange({ id, entry: null })).toEqual({ id, entry: null });
  });

  it.each([
    ['a missing body', { ...entry, body: undefined }],
    ['tags that are not strings', { ...entry, tags: [1] }],
    ['a bad id', { ...entry, id: '../x' }],
    ['a numeric version', { ...entry, version: 3 }],
    ['an array', [entry]],
  ])('rejects %s', (_what, value) => {
    expect(isPageEntry(value)).toBe(false);
    expect(checkStoredChange({ id, entry: value })).toBeNull();
  });

  it('rejects a change whose entry names another page', () => {
    expect(checkStoredChange({ id, entry: { ...entry, id: '0'.repeat(31) + '2' } })).toBeNull();
    expect(checkStoredChange({ entry })).toBeNull();
  });
});
