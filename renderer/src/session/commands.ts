/**
 * The command registry behind the command palette (Ctrl/Cmd+P). Any feature adds its commands
 * with `app.commands.register(...)` and removes them with the function it gets back. A command
 * names its keyboard shortcut for display; the key handling itself stays in the feature (or in
 * features/shell/shortcuts.ts), so the palette never decides what a key does.
 */
import { matchTitle } from '../../../shared/search/fuzzy-title';
import type { Range } from '../../../shared/bridge/search';
import { StateCell } from './state-cell';

export interface Command {
  /** Unique, e.g. 'page.new'. A second registration with the same id replaces the first. */
  readonly id: string;
  readonly title: string;
  /** Shortcut for display, in `Mod+Shift+K` form (Mod = Ctrl, or ⌘ on macOS). */
  readonly shortcut?: string;
  /** Other words the palette matches on (not shown). */
  readonly keywords?: readonly string[];
  /** False hides the command for now (e.g. no workspace open). */
  readonly available?: () => boolean;
  readonly run: () => void;
}

export interface CommandMatch {
  readonly command: Command;
  /** Ranges of the title that matched the query. */
  readonly highlights: readonly Range[];
}

export class CommandRegistry {
  /** The registered commands, in registration order; a new array on every change. */
  readonly commands = new StateCell<readonly Command[]>([]);

  register(...commands: Command[]): () => void {
    const ids = new Set(commands.map((c) => c.id));
    this.commands.set([...this.commands.get().filter((c) => !ids.has(c.id)), ...commands]);
    return () => this.commands.set(this.commands.get().filter((c) => !commands.includes(c)));
  }

  /** The available commands matching `query` (title or keywords), best first; all of them for none. */
  search(query: string): CommandMatch[] {
    const available = this.commands.get().filter((c) => c.available?.() ?? true);
    if (query.trim() === '') return available.map((command) => ({ command, highlights: [] }));
    const scored: Array<CommandMatch & { score: number }> = [];
    for (const command of available) {
      const title = matchTitle(query, command.title);
      const keyword = Math.max(0, ...(command.keywords ?? []).map((k) => matchTitle(query, k)?.score ?? 0));
      const score = Math.max(title?.score ?? 0, keyword * KEYWORD_WEIGHT);
      if (score > 0) scored.push({ command, highlights: title?.ranges ?? [], score });
    }
    return scored.sort((a, b) => b.score - a.score).map(({ command, highlights }) => ({ command, highlights }));
  }
}

/** A keyword match counts a little less than a title match. */
const KEYWORD_WEIGHT = 0.9;

const isMac = (): boolean => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** `Mod+Shift+K` → the keys to show: ['Ctrl', 'Shift', 'K'], or ['⌘', '⇧', 'K'] on macOS. */
export function shortcutKeys(shortcut: string, mac = isMac()): string[] {
  const names: Record<string, [string, string]> = {
    Mod: ['Ctrl', '⌘'],
    Shift: ['Shift', '⇧'],
    Alt: ['Alt', '⌥'],
    Enter: ['Enter', '↵'],
  };
  return shortcut.split('+').map((key) => names[key]?.[mac ? 1 : 0] ?? key.toUpperCase());
}
