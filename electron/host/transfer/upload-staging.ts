/**
 * Browser-mode import: the renderer uploads a folder's files in batches (`transfer.importFiles`),
 * the host stages them under `<data>/import-staging/<operationId>/`, and the last batch runs the
 * ordinary folder import on the staged copy. One code path for every import.
 *
 * @safety Paths arrive already checked by the contract's schema (checkRelativePath: relative, no
 * `.`/`..`, no backslash or drive); here every file must also sit under the session's one top
 * folder, the joined path must stay inside the session directory, a path is written once
 * (`wx`), and sessions are bounded in files, bytes, number and idle time. Files that are neither
 * notes nor images, and hidden ones, are counted and dropped, never written.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { MAX_IMPORT_SESSION_BYTES, MAX_IMPORT_SESSION_FILES } from '../../../shared/bridge/transfer';
import { CommonplaceError } from '../../../shared/errors';
import type { WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { checkRelativePath, importFileKind, isHiddenPath } from '../../../shared/transfer/paths';

const log = createLogger('import');
/** Uploads at once (per host). */
export const MAX_UPLOAD_SESSIONS = 4;
/** A session that receives nothing for this long is dropped with its files. */
export const UPLOAD_IDLE_MS = 10 * 60 * 1000;
export const STAGING_DIR = 'import-staging';

interface Session {
  readonly workspaceId: WorkspaceId;
  readonly dir: string;
  root: string | null;
  files: number;
  skipped: number;
  bytes: number;
  lastSeen: number;
}

export interface StagedFolder {
  readonly workspaceId: WorkspaceId;
  /** The staged copy of the uploaded folder. */
  readonly folder: string;
  /** The uploaded folder's name: what re-imports are matched by. */
  readonly source: string;
  readonly skipped: number;
  /** Removes the staged files. */
  discard(): Promise<void>;
}

export class UploadStaging {
  private readonly sessions = new Map<string, Session>();
  private readonly root: string;
  /** Leftovers of an earlier process (a crash mid-upload) are removed once, before the first upload. */
  private leftoversRemoved = false;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.root = join(dataDir, STAGING_DIR);
  }

  /** Stages one batch; returns how many files the session holds. */
  async receive(workspaceId: WorkspaceId, operationId: string, files: readonly { path: string; bytes: Uint8Array }[]): Promise<number> {
    await this.sweep();
    const session = await this.session(workspaceId, operationId);
    for (const file of files) {
      // The contract's schema checked the path already; checked again here, so no caller can skip it.
      const verdict = checkRelativePath(file.path);
      if (!verdict.ok) throw new CommonplaceError('invalid-argument', `refused the path ${JSON.stringify(file.path)}: ${verdict.reason}`);
      const top = file.path.split('/', 1)[0] ?? '';
      session.root ??= top;
      if (top !== session.root || !file.path.includes('/')) {
        throw new CommonplaceError('invalid-argument', `every file of an upload must be inside the folder ${JSON.stringify(session.root)}`);
      }
      if (isHiddenPath(file.path) || importFileKind(file.path) === 'other') {
        session.skipped += 1;
        continue;
      }
      if (session.files + 1 > MAX_IMPORT_SESSION_FILES) throw new CommonplaceError('too-large', `an upload holds at most ${MAX_IMPORT_SESSION_FILES} files`);
      if (session.bytes + file.bytes.byteLength > MAX_IMPORT_SESSION_BYTES) {
        throw new CommonplaceError('too-large', `an upload holds at most ${MAX_IMPORT_SESSION_BYTES} bytes`);
      }
      const target = resolve(session.dir, ...file.path.split('/'));
      if (!target.startsWith(session.dir + sep)) throw new CommonplaceError('forbidden', `refused the path ${JSON.stringify(file.path)}`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.bytes, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new CommonplaceError('conflict', `${file.path} was uploaded twice`) : error;
      });
      session.files += 1;
      session.bytes += file.bytes.byteLength;
    }
    session.lastSeen = this.now();
    return session.files;
  }

  /** Ends the upload: the staged folder, to import and then discard. */
  finish(workspaceId: WorkspaceId, operationId: string): StagedFolder {
    const session = this.sessions.get(operationId);
    if (session === undefined || session.workspaceId !== workspaceId) throw new CommonplaceError('not-found', `no upload ${operationId}`);
    this.sessions.delete(operationId);
    if (session.root === null) throw new CommonplaceError('invalid-argument', 'the upload holds no files');
    return {
      workspaceId,
      folder: join(session.dir, session.root),
      source: session.root,
      skipped: session.skipped,
      discard: () => rm(session.dir, { recursive: true, force: true }),
    };
  }

  /** Drops one upload and its files, if there is one (an upload refused halfway). */
  async drop(workspaceId: WorkspaceId, operationId: string): Promise<void> {
    const session = this.sessions.get(operationId);
    if (session === undefined || session.workspaceId !== workspaceId) return;
    this.sessions.delete(operationId);
    await rm(session.dir, { recursive: true, force: true });
  }

  /** Drops every session and its files. */
  async close(): Promise<void> {
    const dirs = [...this.sessions.values()].map((s) => s.dir);
    this.sessions.clear();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  private async session(workspaceId: WorkspaceId, operationId: string): Promise<Session> {
    const existing = this.sessions.get(operationId);
    if (existing !== undefined) {
      if (existing.workspaceId !== workspaceId) throw new CommonplaceError('conflict', `upload ${operationId} belongs to another workspace`);
      return existing;
    }
    if (this.sessions.size >= MAX_UPLOAD_SESSIONS) throw new CommonplaceError('too-large', `at most ${MAX_UPLOAD_SESSIONS} uploads at once`);
    if (!this.leftoversRemoved) {
      this.leftoversRemoved = true;
      await rm(this.root, { recursive: true, force: true });
    }
    const dir = resolve(this.root, operationId);
    await mkdir(dir, { recursive: true });
    const session: Session = { workspaceId, dir, root: null, files: 0, skipped: 0, bytes: 0, lastSeen: this.now() };
    this.sessions.set(operationId, session);
    return session;
  }

  private async sweep(): Promise<void> {
    const cutoff = this.now() - UPLOAD_IDLE_MS;
    for (const [id, session] of this.sessions) {
      if (session.lastSeen >= cutoff) continue;
      log.warn(`dropping upload ${id}: idle for ${UPLOAD_IDLE_MS} ms`);
      this.sessions.delete(id);
      await rm(session.dir, { recursive: true, force: true });
    }
  }
}
