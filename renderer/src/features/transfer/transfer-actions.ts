/**
 * The transfer commands as the menus call them. The DOM bits live here, not in the session:
 * picking a folder in browser mode (a detached <input webkitdirectory>, clicked while the menu
 * click's user activation lasts), saving a file (a Blob behind a temporary <a download>), and
 * printing (the browser's print dialog, which offers "Save as PDF").
 */
import type { PageId } from '../../../../shared/ids';
import type { PageFile } from '../../../../shared/transfer/report';
import type { AppController } from '../../session/app-controller';
import type { PickedFile } from '../../session/transfer-session';
import type { MenuEntry } from '../../ui/Menu';
import type { Abilities } from '../members/members-session';
import { gated, roleAbility } from '../members/role-actions';

/** How long a page has to render after opening before the print dialog takes its picture. */
const PRINT_SETTLE_MS = 300;

/** Opens the browser's folder picker; resolves with its files (never, if the member cancels). */
function pickFolderFiles(): Promise<PickedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.webkitdirectory = true;
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])].map(
        (file): PickedFile => ({
          path: file.webkitRelativePath || file.name,
          size: file.size,
          bytes: async () => new Uint8Array(await file.arrayBuffer()),
        }),
      );
      resolve(files);
    });
    input.click();
  });
}

export function startImport(app: AppController): void {
  if (app.transfer.canPickFolderInHost) void app.transfer.importFolder();
  else void pickFolderFiles().then((files) => app.transfer.importFiles(files));
}

export function saveFile(file: PageFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: `${file.mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Prints the page (opening it first if another one is open); the print style sheet hides the rest. */
export function printPage(app: AppController, pageId: PageId): void {
  if (app.page.get()?.pageId === pageId) {
    window.print();
    return;
  }
  app.openPage(pageId);
  setTimeout(() => window.print(), PRINT_SETTLE_MS);
}

/** Workspace menu entries; importing writes pages, so it is offered to the roles that may. */
export function workspaceTransferEntries(app: AppController, abilities: Abilities | null): MenuEntry[] {
  return [
    gated({ label: 'Import Markdown folder…', onSelect: () => startImport(app) }, roleAbility(abilities, 'importMarkdown')),
    { label: 'Export as Markdown vault…', onSelect: () => void app.transfer.exportWorkspace() },
  ];
}

/** Page menu entries. */
export function pageTransferEntries(app: AppController, pageId: PageId): MenuEntry[] {
  return [
    { label: 'Export as Markdown', onSelect: () => void app.transfer.exportPage(pageId, 'md', saveFile) },
    { label: 'Export as HTML', onSelect: () => void app.transfer.exportPage(pageId, 'html', saveFile) },
    { label: 'Print / Save as PDF', onSelect: () => printPage(app, pageId) },
  ];
}

/** The command palette's import and export commands. */
export function registerTransferCommands(app: AppController): () => void {
  const inWorkspace = () => app.workspace.get() !== null;
  const mayImport = () => roleAbility(app.workspace.get()?.members.abilities.get() ?? null, 'importMarkdown').allowed;
  const onPage = () => app.page.get() !== null;
  const pageId = () => app.page.get()?.pageId;
  return app.commands.register(
    { id: 'transfer.import', title: 'Import Markdown folder…', keywords: ['obsidian', 'vault', 'notes'], available: mayImport, run: () => startImport(app) },
    { id: 'transfer.export', title: 'Export workspace as Markdown vault…', keywords: ['obsidian', 'backup'], available: inWorkspace, run: () => void app.transfer.exportWorkspace() },
    {
      id: 'transfer.print',
      title: 'Print page / Save as PDF',
      keywords: ['pdf', 'print'],
      available: onPage,
      run: () => {
        const id = pageId();
        if (id !== undefined) printPage(app, id);
      },
    },
  );
}
