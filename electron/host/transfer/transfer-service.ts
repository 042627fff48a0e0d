/**
 * The bridge's `transfer` area: import and export for the renderer, with progress events.
 *
 * Where files come from and go (see shared/bridge/transfer.ts): the desktop shell injects
 * `pickFolder` (Electron's folder dialog; the host never imports 'electron'), and browser mode,
 * which has none, uploads files and exports under `<data>/exports/`. Imports into one workspace
 * run one at a time: two at once would each miss the other's pages and create both.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, WorkspaceId } from '../../../shared/ids';
import { fileStemFor } from '../../../shared/transfer/file-names';
import type { TransferPhase, TransferProgress } from '../../../shared/transfer/report';
import type { RequireRole } from '../members/host-actions';
import type { OpenWorkspace } from '../workspace/workspace-service';
import { ExportService } from './export-service';
import { workspaceSource } from './export-source';
import { ImportService, type ImportOptions } from './import-service';
import { UploadStaging } from './upload-staging';

export const EXPORTS_DIR = 'exports';
/** Progress events of one operation are sent at most this often (phase changes always go). */
export const PROGRESS_INTERVAL_MS = 100;

export type PickFolder = (purpose: 'import' | 'export') => Promise<string | null>;

export interface TransferOptions {
  readonly workspaces: { get(id: WorkspaceId): Promise<OpenWorkspace> };
  readonly identity: { readonly id: MemberId; readonly name: string };
  readonly dataDir: string;
  readonly pickFolder?: PickFolder;
  /** Our own role's check, before an import asks for a folder, stages a file or writes (members/host-actions.ts). */
  readonly requireRole: RequireRole;
  readonly now?: () => number;
}

/** A folder named `base` under `parent` that does not exist yet (`base 2`, `base 3`, …). */
async function freshFolder(parent: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = join(parent, n === 1 ? base : `${base} ${n}`);
    if (!(await stat(candidate).then(() => true, () => false))) {
      await mkdir(candidate, { recursive: true });
      return candidate;
    }
  }
}

const timestamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');

export class TransferService {
  private readonly listeners = new Set<(progress: TransferProgress) => void>();
  private readonly staging: UploadStaging;
  private readonly importer: ImportService;
  private readonly exporter = new ExportService();
  private readonly importQueue = new Map<WorkspaceId, Promise<unknown>>();

  constructor(private readonly options: TransferOptions) {
    this.staging = new UploadStaging(options.dataDir, options.now);
    this.importer = new ImportService({ by: options.identity.id, now: options.now });
  }

  onDidProgress(cb: (progress: TransferProgress) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  close(): Promise<void> {
    return this.staging.close();
  }

  handlers(): BridgeHandlers['transfer'] {
    const { workspaces, pickFolder, identity, dataDir, requireRole } = this.options;
    // Read at each call: the member may rename themselves while the host runs.
    const me = () => ({ id: identity.id, name: identity.name });
    return {
      importFolder: async ({ workspaceId, operationId }) => {
        if (!pickFolder) throw new CommonplaceError('unavailable', 'this host cannot show a folder picker; upload the folder instead');
        await requireRole(workspaceId, 'importMarkdown'); // before the dialog: a reader is not asked for a folder
        const folder = await pickFolder('import');
        if (folder === null) return null;
        const workspace = await workspaces.get(workspaceId);
        await requireRole(workspaceId, 'importMarkdown'); // and again: our role may have changed while the dialog was open
        return this.serialized(workspaceId, () => this.importer.importFolder(workspace, folder, { onProgress: this.reporter(operationId) }));
      },
      importFiles: async ({ workspaceId, operationId, files, done }) => {
        // Every batch: nothing is staged for a role that may not import, and what was staged before our role fell goes.
        await requireRole(workspaceId, 'importMarkdown').catch(async (error: unknown) => {
          await this.staging.drop(workspaceId, operationId);
          throw error;
        });
        const received = await this.staging.receive(workspaceId, operationId, files);
        if (!done) return { received, report: null };
        const staged = this.staging.finish(workspaceId, operationId);
        try {
          const workspace = await workspaces.get(workspaceId);
          const options: ImportOptions = { source: staged.source, onProgress: this.reporter(operationId) };
          const report = await this.serialized(workspaceId, () => this.importer.importFolder(workspace, staged.folder, options));
          return { received, report: { ...report, skippedFiles: report.skippedFiles + staged.skipped } };
        } finally {
          await staged.discard();
        }
      },
      exportWorkspace: async ({ workspaceId, operationId }) => {
        const workspace = await workspaces.get(workspaceId);
        let parent = join(dataDir, EXPORTS_DIR);
        if (pickFolder) {
          const picked = await pickFolder('export');
          if (picked === null) return null;
          parent = picked;
        }
        const now = (this.options.now ?? Date.now)();
        const outDir = await freshFolder(parent, pickFolder ? fileStemFor(workspace.name) : `${fileStemFor(workspace.name)} ${timestamp(now)}`);
        return this.exporter.exportWorkspace(workspaceSource(workspace, me()), outDir, { onProgress: this.reporter(operationId) });
      },
      exportPage: async ({ workspaceId, pageId, format }) =>
        this.exporter.exportPage(workspaceSource(await workspaces.get(workspaceId), me()), pageId, format),
    };
  }

  /** Runs `task` after every import into the same workspace queued before it. */
  private serialized<T>(workspaceId: WorkspaceId, task: () => Promise<T>): Promise<T> {
    const previous = this.importQueue.get(workspaceId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.importQueue.set(workspaceId, tail);
    void tail.then(() => {
      if (this.importQueue.get(workspaceId) === tail) this.importQueue.delete(workspaceId);
    });
    return run;
  }

  /** A progress callback for one operation: throttled, phase changes and the end always sent. */
  private reporter(operationId: string): (phase: TransferPhase, done: number, total: number) => void {
    let lastPhase: TransferPhase | null = null;
    let lastAt = 0;
    return (phase, done, total) => {
      const now = Date.now();
      const due = phase !== lastPhase || done === total || now - lastAt >= PROGRESS_INTERVAL_MS;
      if (!due) return;
      lastPhase = phase;
      lastAt = now;
      for (const cb of this.listeners) cb({ operationId, phase, done, total });
    };
  }
}
