/**
 * Markdown import and export, as the member drives them: what runs, how far it got, and the
 * report at the end. The host does the work (`transfer` area of the bridge); this only gathers
 * the input, shows progress (host events plus upload progress) and keeps the result to show.
 *
 * Import: in the desktop app the host asks the shell for a folder; in browser mode the member
 * picks a folder (<input webkitdirectory>) and its notes and images are uploaded in batches,
 * each path checked here first (the host checks again) so one odd file is skipped, not fatal.
 */
import {
  MAX_IMPORT_BATCH_BYTES,
  MAX_IMPORT_BATCH_FILES,
  MAX_IMPORT_FILE_BYTES,
} from '../../../shared/bridge/transfer';
import type { PageId } from '../../../shared/ids';
import { checkRelativePath, importFileKind, isHiddenPath } from '../../../shared/transfer/paths';
import type { ExportReport, ImportReport, PageFile, TransferPhase } from '../../../shared/transfer/report';
import type { AppController } from './app-controller';
import { StateCell } from './state-cell';

export type TransferView =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly title: string; readonly phase: TransferPhase; readonly done: number; readonly total: number }
  | { readonly kind: 'imported'; readonly report: ImportReport }
  | { readonly kind: 'exported'; readonly report: ExportReport }
  | { readonly kind: 'failed'; readonly title: string; readonly message: string };

/** A file the member picked: its path inside the picked folder and a way to read it. */
export interface PickedFile {
  /** `webkitRelativePath`: `<folder>/<sub>/<name>`. */
  readonly path: string;
  readonly size: number;
  bytes(): Promise<Uint8Array>;
}

const newOperationId = (): string => crypto.randomUUID();

/** Files worth uploading, and why the others were left out. */
export function selectUploads(files: readonly PickedFile[]): { uploads: PickedFile[]; skipped: string[] } {
  const uploads: PickedFile[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const verdict = checkRelativePath(file.path);
    if (!verdict.ok) skipped.push(`${file.path}: ${verdict.reason}`);
    else if (isHiddenPath(file.path) || importFileKind(file.path) === 'other') continue; // not content: skipped quietly
    else if (file.size > MAX_IMPORT_FILE_BYTES) skipped.push(`${file.path}: over ${MAX_IMPORT_FILE_BYTES} bytes`);
    else uploads.push(file);
  }
  return { uploads, skipped };
}

/** Upload batches: at most MAX_IMPORT_BATCH_FILES files and MAX_IMPORT_BATCH_BYTES bytes each. */
export function batchesOf(files: readonly PickedFile[]): PickedFile[][] {
  const batches: PickedFile[][] = [];
  let current: PickedFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= MAX_IMPORT_BATCH_FILES || bytes + file.size > MAX_IMPORT_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export class TransferSession {
  readonly view = new StateCell<TransferView>({ kind: 'idle' });
  private operation: string | null = null;
  /** Listens to the host's progress while an operation runs (none while idle). */
  private disposeProgress: (() => void) | null = null;

  // NOTE: constructed in AppController's field initialisers, before its `bridge` is set: touch
  // the bridge only in methods.
  constructor(private readonly app: AppController) {}

  get canPickFolderInHost(): boolean {
    return this.app.bridge.mode === 'desktop';
  }

  /** Desktop: the host shows the folder dialog and imports what the member picks. */
  async importFolder(): Promise<void> {
    const workspaceId = this.app.route.workspaceId;
    if (workspaceId === null || this.busy) return;
    const operationId = this.begin('Importing notes', 'reading');
    await this.settle('Import failed', async () => {
      const report = await this.app.bridge.transfer.importFolder({ workspaceId, operationId });
      this.view.set(report === null ? { kind: 'idle' } : { kind: 'imported', report });
    });
  }

  /** Browser: uploads the picked folder's notes and images, then the host imports them. */
  async importFiles(files: readonly PickedFile[]): Promise<void> {
    const workspaceId = this.app.route.workspaceId;
    if (workspaceId === null || this.busy) return;
    const { uploads, skipped } = selectUploads(files);
    const operationId = this.begin('Importing notes', 'uploading');
    await this.settle('Import failed', async () => {
      if (!uploads.some((file) => importFileKind(file.path) === 'note')) throw new Error('That folder holds no Markdown notes (.md files).');
      const total = uploads.reduce((sum, file) => sum + file.size, 0);
      const batches = batchesOf(uploads);
      let sent = 0;
      let report: ImportReport | null = null;
      for (const [index, batch] of batches.entries()) {
        const payload = await Promise.all(batch.map(async (file) => ({ path: file.path, bytes: await file.bytes() })));
        const done = index === batches.length - 1;
        const result = await this.app.bridge.transfer.importFiles({ workspaceId, operationId, files: payload, done });
        sent += batch.reduce((sum, file) => sum + file.size, 0);
        if (!done) this.progress('uploading', sent, total);
        report = result.report;
      }
      if (report === null) throw new Error('the host did not report on the import');
      this.view.set({
        kind: 'imported',
        report: { ...report, skippedFiles: report.skippedFiles + skipped.length, warnings: [...skipped, ...report.warnings] },
      });
    });
  }

  /** The whole workspace as a vault, in a new folder (the host says where). */
  async exportWorkspace(): Promise<void> {
    const workspaceId = this.app.route.workspaceId;
    if (workspaceId === null || this.busy) return;
    const operationId = this.begin('Exporting the workspace', 'exporting');
    await this.settle('Export failed', async () => {
      const report = await this.app.bridge.transfer.exportWorkspace({ workspaceId, operationId });
      this.view.set(report === null ? { kind: 'idle' } : { kind: 'exported', report });
    });
  }

  /** One page as a file the browser downloads (`save` is given the file). */
  async exportPage(pageId: PageId, format: 'md' | 'html', save: (file: PageFile) => void): Promise<void> {
    const workspaceId = this.app.route.workspaceId;
    if (workspaceId === null) return;
    try {
      save(await this.app.bridge.transfer.exportPage({ workspaceId, pageId, format }));
    } catch (error) {
      this.app.toasts.error(error);
    }
  }

  close(): void {
    if (!this.busy) this.view.set({ kind: 'idle' });
  }

  destroy(): void {
    this.disposeProgress?.();
    this.disposeProgress = null;
  }

  private get busy(): boolean {
    return this.view.get().kind === 'running';
  }

  private begin(title: string, phase: TransferPhase): string {
    this.operation = newOperationId();
    this.disposeProgress ??= this.app.bridge.transfer.onDidProgress((progress) => {
      if (progress.operationId === this.operation) this.progress(progress.phase, progress.done, progress.total);
    });
    this.view.set({ kind: 'running', title, phase, done: 0, total: 0 });
    return this.operation;
  }

  private progress(phase: TransferPhase, done: number, total: number): void {
    const view = this.view.get();
    if (view.kind === 'running') this.view.set({ ...view, phase, done, total });
  }

  private async settle(title: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.view.set({ kind: 'failed', title, message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.operation = null;
      this.destroy();
    }
  }
}
