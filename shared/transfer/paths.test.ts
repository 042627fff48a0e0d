import { describe, expect, it } from 'vitest';
import { checkRelativePath, importFileKind, isHiddenPath, MAX_IMPORT_DEPTH, MAX_IMPORT_PATH_LENGTH } from './paths';

describe('checkRelativePath', () => {
  it.each([
    'vault/Note.md',
    'vault/Sub folder/Ünïcödé 𝄞.md',
    'vault/images/a b.png',
    'vault/a..b.md', // dots inside a name are fine
    'vault/.obsidian/app.json', // hidden, but a valid path: the importer skips it
    `vault/${'x/'.repeat(MAX_IMPORT_DEPTH - 2)}n.md`,
    'Note.md',
  ])('accepts %j', (path) => {
    const verdict = checkRelativePath(path);
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.segments.join('/')).toBe(path);
  });

  it.each([
    ['', 'non-empty'],
    [42, 'non-empty'],
    [null, 'non-empty'],
    ['/etc/passwd', 'relative'],
    ['../outside.md', '..'],
    ['vault/../../outside.md', '..'],
    ['vault/./x.md', '..'],
    ['vault/..', '..'],
    ['vault\\..\\x.md', 'backslash'],
    ['C:/Windows/x.md', 'drive'],
    ['c:x.md', 'drive'],
    ['vault//x.md', 'empty segment'],
    ['vault/x.md/', 'empty segment'],
    ['vault/x\u0000.md', 'control'],
    ['vault/x\n.md', 'control'],
    ['vault/CON.md', 'reserved'],
    ['vault/lpt1', 'reserved'],
    [`vault/${'x'.repeat(256)}.md`, 'over 255'],
    ['x'.repeat(MAX_IMPORT_PATH_LENGTH + 1), 'over'],
    [`vault/${'x/'.repeat(MAX_IMPORT_DEPTH)}n.md`, 'deep'],
  ])('rejects %j', (path, reason) => {
    const verdict = checkRelativePath(path);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toContain(reason);
  });
});

describe('importFileKind and isHiddenPath', () => {
  it('sorts notes, images and the rest', () => {
    expect(importFileKind('a/B.md')).toBe('note');
    expect(importFileKind('a/B.MD')).toBe('note');
    expect(importFileKind('a/b.PNG')).toBe('image');
    expect(importFileKind('a/b.svg')).toBe('image');
    expect(importFileKind('a/docs pages.base')).toBe('other');
    expect(importFileKind('a/b.md.exe')).toBe('other');
  });

  it('finds dot-files and dot-folders at any depth', () => {
    expect(isHiddenPath('vault/.obsidian/app.json')).toBe(true);
    expect(isHiddenPath('.trash/x.md')).toBe(true);
    expect(isHiddenPath('vault/a.b/c.md')).toBe(false);
  });
});
