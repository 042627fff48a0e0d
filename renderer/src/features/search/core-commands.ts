/**
 * The app's own commands in the command palette. Shortcuts shown here are handled in
 * features/shell/shortcuts.ts; keep the two in step.
 */
import type { AppController } from '../../session/app-controller';
import { roleAbility } from '../members/role-actions';

export function registerCoreCommands(app: AppController): () => void {
  const inWorkspace = () => app.workspace.get() !== null;
  // The palette leaves out what our role may not do (menus show it disabled, saying why: role-actions.ts).
  const mayAddPages = () => roleAbility(app.workspace.get()?.members.abilities.get() ?? null, 'changePages').allowed;
  return app.commands.register(
    { id: 'page.goto', title: 'Go to page…', shortcut: 'Mod+K', keywords: ['open', 'switch', 'find'], available: inWorkspace, run: () => app.search.toggle('switcher') },
    { id: 'search.view', title: 'Search all pages', shortcut: 'Mod+Shift+F', keywords: ['find', 'full text'], available: inWorkspace, run: () => app.search.openView() },
    { id: 'page.new', title: 'New page', shortcut: 'Mod+N', keywords: ['create', 'add'], available: mayAddPages, run: () => app.newPage() },
    { id: 'view.sidebar', title: 'Toggle sidebar', shortcut: 'Mod+\\', keywords: ['hide', 'show'], run: () => app.toggleSidebar() },
    { id: 'view.theme', title: 'Toggle dark and light theme', shortcut: 'Mod+Shift+L', keywords: ['dark', 'light', 'mode'], run: () => app.theme.toggle() },
    { id: 'trash.open', title: 'Open trash', keywords: ['deleted', 'restore'], available: inWorkspace, run: () => app.openTrash() },
  );
}
