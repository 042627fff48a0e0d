import { describe, expect, it } from 'vitest';
import { SLASH_COMMANDS, filterSlashCommands } from './slash-commands';

const titles = (query: string) => filterSlashCommands(query).map((command) => command.title);

describe('slash commands', () => {
  it('lists every block type in menu order for an empty query', () => {
    expect(titles('')).toEqual([
      'Text',
      'Heading 1',
      'Heading 2',
      'Heading 3',
      'Bullet list',
      'Numbered list',
      'Task list',
      'Quote',
      'Code block',
      'Table',
      'Divider',
      'Image',
      'Practice guide template',
      'Lessons learned template',
      'Meeting notes template',
      'Question template',
    ]);
  });

  it('has unique ids', () => {
    expect(new Set(SLASH_COMMANDS.map((command) => command.id)).size).toBe(SLASH_COMMANDS.length);
  });

  it('ranks title prefixes first, then words, then keywords', () => {
    expect(titles('head')).toEqual(['Heading 1', 'Heading 2', 'Heading 3']);
    expect(titles('list')).toEqual(['Bullet list', 'Numbered list', 'Task list']);
    expect(titles('ta')).toEqual(['Task list', 'Table']);
    expect(titles('line')).toEqual(['Divider']);
  });

  it('finds commands by keyword and is case-insensitive', () => {
    expect(titles('h2')).toEqual(['Heading 2']);
    expect(titles('TODO')).toEqual(['Task list']);
    expect(titles('hr')).toEqual(['Divider']);
    expect(titles('img')).toEqual(['Image']);
  });

  it('returns nothing for an unknown query', () => {
    expect(titles('zzz')).toEqual([]);
  });
});
