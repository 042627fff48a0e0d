/**
 * The `transfer` area of the bridge: Markdown import and export. Argument schemas (validated in
 * the host) and limits; result shapes are in shared/transfer/report.ts.
 *
 * The renderer never hands the host a file-system path to trust. Import in the desktop app asks
 * the Electron shell for a folder (a native dialog the member answers); in browser mode the
 * renderer uploads the folder's files (relative paths + bytes, checked by checkRelativePath) in
 * batches, and the host stages them under its data directory. Export writes where the member
 * picked (desktop) or into a new folder under `<data>/exports/` (browser), and says where.
 */
import * as z from 'zod';
import { isPageId, isWorkspaceId, type PageId, type WorkspaceId } from '../ids';
import { checkRelativePath, MAX_IMPORT_PATH_LENGTH } from '../transfer/paths';
import type { ImportReport } from '../transfer/report';

/** One uploaded file: at most an attachment's size (64 MiB). */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;
/** One batch: at most one maximal file, so a batch always fits a WebSocket frame. */
export const MAX_IMPORT_BATCH_BYTES = MAX_IMPORT_FILE_BYTES;
export const MAX_IMPORT_BATCH_FILES = 500;
/** One upload session (a whole folder). */
export const MAX_IMPORT_SESSION_BYTES = 2 * 1024 * 1024 * 1024;
export const MAX_IMPORT_SESSION_FILES = 50_000;

/** A renderer-chosen id for one import or export: echoed in progress events. */
export const OPERATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

const workspaceId = z.custom<WorkspaceId>(isWorkspaceId, 'expected a workspace id (32 hex chars)');
const pageId = z.custom<PageId>(isPageId, 'expected a page id (32 hex chars)');
const operationId = z.string().regex(OPERATION_ID, 'expected an operation id (8-64 of A-Z a-z 0-9 _ -)');

const relativePath = z
  .string()
  .max(MAX_IMPORT_PATH_LENGTH)
  .superRefine((value, ctx) => {
    const verdict = checkRelativePath(value);
    if (!verdict.ok) ctx.addIssue({ code: 'custom', message: verdict.reason });
  });

const fileBytes = z.custom<Uint8Array>(
  (v) => v instanceof Uint8Array && v.byteLength <= MAX_IMPORT_FILE_BYTES,
  `expected bytes (at most ${MAX_IMPORT_FILE_BYTES} per file)`,
);

export const importFilesArgs = z
  .object({
    workspaceId,
    operationId,
    files: z
      .array(z.object({ path: relativePath, bytes: fileBytes }).strict())
      .max(MAX_IMPORT_BATCH_FILES)
      .refine((files) => files.reduce((sum, f) => sum + f.bytes.byteLength, 0) <= MAX_IMPORT_BATCH_BYTES, {
        message: `a batch is at most ${MAX_IMPORT_BATCH_BYTES} bytes`,
      }),
    /** The last batch: the host imports what the session received. */
    done: z.boolean(),
  })
  .strict();

export const operationArgs = z.object({ workspaceId, operationId }).strict();

export const exportPageArgs = z.object({ workspaceId, pageId, format: z.enum(['md', 'html']) }).strict();

/** What `importFiles` answers: the files the session holds so far, and the report after `done`. */
export interface ImportFilesResult {
  readonly received: number;
  readonly report: ImportReport | null;
}
