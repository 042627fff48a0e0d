import { describe, expect, it, vi } from 'vitest';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import { filterSlashCommands, type SlashCommand } from './slash-commands';
import { SlashMenuController } from './slash-menu';

function props(query: string, command = vi.fn()): SuggestionProps<SlashCommand, SlashCommand> {
  return { query, items: filterSlashCommands(query), command, clientRect: null } as unknown as SuggestionProps<
    SlashCommand,
    SlashCommand
  >;
}

const key = (name: string) => ({ event: { key: name } }) as unknown as SuggestionKeyDownProps;

describe('SlashMenuController', () => {
  it('opens on start, filters on update and closes on exit', () => {
    const controller = new SlashMenuController();
    const renderer = controller.renderer();
    const seen = vi.fn();
    controller.subscribe(seen);
    renderer.onStart(props(''));
    expect(controller.getSnapshot()).toMatchObject({ open: true, query: '', selected: 0 });
    renderer.onUpdate(props('head'));
    expect(controller.getSnapshot().items.map((item) => item.title)).toEqual(['Heading 1', 'Heading 2', 'Heading 3']);
    renderer.onExit();
    expect(controller.getSnapshot().open).toBe(false);
    expect(seen).toHaveBeenCalledTimes(3);
  });

  it('moves the highlight with the arrow keys, wrapping around, and runs it on Enter', () => {
    const controller = new SlashMenuController();
    const renderer = controller.renderer();
    const command = vi.fn();
    renderer.onStart(props('head', command));
    expect(renderer.onKeyDown(key('ArrowDown'))).toBe(true);
    expect(renderer.onKeyDown(key('ArrowDown'))).toBe(true);
    expect(renderer.onKeyDown(key('ArrowDown'))).toBe(true);
    expect(controller.getSnapshot().selected).toBe(0);
    expect(renderer.onKeyDown(key('ArrowUp'))).toBe(true);
    expect(controller.getSnapshot().selected).toBe(2);
    expect(renderer.onKeyDown(key('Enter'))).toBe(true);
    expect(command).toHaveBeenCalledWith(expect.objectContaining({ title: 'Heading 3' }));
  });

  it('lets keys through when nothing matches, so Enter still splits the line', () => {
    const controller = new SlashMenuController();
    const renderer = controller.renderer();
    renderer.onStart(props('zzz'));
    expect(controller.getSnapshot().items).toEqual([]);
    expect(renderer.onKeyDown(key('Enter'))).toBe(false);
    expect(renderer.onKeyDown(key('ArrowDown'))).toBe(false);
  });

  it('chooses an item by index (a mouse click)', () => {
    const controller = new SlashMenuController();
    const command = vi.fn();
    controller.renderer().onStart(props('', command));
    controller.choose(9);
    expect(command).toHaveBeenCalledWith(expect.objectContaining({ title: 'Table' }));
  });
});
