/**
 * App-wide keyboard shortcuts: Ctrl/Cmd+N new page, Ctrl/Cmd+\ sidebar, Ctrl/Cmd+Shift+L theme,
 * Ctrl/Cmd+K quick switcher, Ctrl/Cmd+P command palette, Ctrl/Cmd+Shift+F search view (the
 * palette lists them: features/search/core-commands.ts).
 * The editor's own shortcuts (bold, undo, …) live in the editor.
 */
import type { AppController } from '../../session/app-controller';

export function installShortcuts(app: AppController): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.defaultPrevented) return;
    const key = event.key.toLowerCase();
    if (key === 'n' && !event.shiftKey) app.newPage();
    else if (key === '\\' && !event.shiftKey) app.toggleSidebar();
    else if (key === 'l' && event.shiftKey) app.theme.toggle();
    else if (key === 'k' && !event.shiftKey) app.search.toggle('switcher');
    else if (key === 'p' && !event.shiftKey) app.search.toggle('palette');
    else if (key === 'f' && event.shiftKey) app.search.openView();
    else return;
    event.preventDefault();
  };
  window.addEventListener('keydown', onKeyDown);
  return () => window.removeEventListener('keydown', onKeyDown);
}
