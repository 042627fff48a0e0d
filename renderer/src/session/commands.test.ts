import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry, shortcutKeys } from './commands';

describe('CommandRegistry', () => {
  it('registers, replaces by id, and unregisters', () => {
    const registry = new CommandRegistry();
    const off = registry.register({ id: 'a', title: 'New page', run: vi.fn() }, { id: 'b', title: 'Open trash', run: vi.fn() });
    const replace = registry.register({ id: 'a', title: 'New page here', run: vi.fn() });
    expect(registry.commands.get().map((c) => c.title)).toEqual(['Open trash', 'New page here']);
    off();
    expect(registry.commands.get().map((c) => c.title)).toEqual(['New page here']);
    replace();
    expect(registry.commands.get()).toEqual([]);
  });

  it('matches titles fuzzily and keywords a little less, leaving out unavailable commands', () => {
    const registry = new CommandRegistry();
    registry.register(
      { id: 'theme', title: 'Toggle dark and light theme', keywords: ['mode'], run: vi.fn() },
      { id: 'trash', title: 'Open trash', run: vi.fn() },
      { id: 'hidden', title: 'Open trash elsewhere', available: () => false, run: vi.fn() },
    );
    expect(registry.search('').map((m) => m.command.id)).toEqual(['theme', 'trash']);
    const [trash] = registry.search('trsh');
    expect(trash?.command.id).toBe('trash');
    expect(trash?.highlights.map(([s, e]) => 'Open trash'.slice(s, e))).toEqual(['tr', 'sh']);
    expect(registry.search('mode').map((m) => m.command.id)).toEqual(['theme']);
    expect(registry.search('zzz')).toEqual([]);
  });
});

describe('shortcutKeys', () => {
  it('names keys for the platform', () => {
    expect(shortcutKeys('Mod+Shift+F', false)).toEqual(['Ctrl', 'Shift', 'F']);
    expect(shortcutKeys('Mod+Shift+F', true)).toEqual(['⌘', '⇧', 'F']);
    expect(shortcutKeys('Mod+\\', false)).toEqual(['Ctrl', '\\']);
  });
});
