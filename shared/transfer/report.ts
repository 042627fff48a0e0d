/**
 * What import and export report, as they cross the bridge and as the CLI prints them (JSON).
 * Paths in a report are relative to the imported folder (or the export's folder).
 */
import type { PageId, WorkspaceId } from '../ids';

export interface UnresolvedLink {
  /** The note that holds the link. */
  readonly note: string;
  /** The link as written, without its label. */
  readonly target: string;
}

export interface MissingImage {
  readonly note: string;
  /** The image reference as written, percent-decoded. */
  readonly path: string;
}

export interface OverwrittenPage {
  readonly note: string;
  readonly pageId: PageId;
  readonly title: string;
}

/** Lists in a report stop at this length (the counts stay exact); a warning says so. */
export const MAX_REPORT_ITEMS = 2000;

export interface ImportReport {
  readonly workspaceId: WorkspaceId;
  /** The imported folder's name: what a later import of the same folder is matched by. */
  readonly source: string;
  /** Notes read (each is one page). */
  readonly notes: number;
  /** Folders that became pages (with a folder note or as a plain page). */
  readonly folders: number;
  /** Pages this import created / replaced / left alone because their source had not changed. */
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Wiki links, note embeds and `.md` links found, and how many point at an imported page. */
  readonly linksFound: number;
  readonly linksResolved: number;
  /** Local image references found attached / missing (remote images are kept as URLs). */
  readonly imagesAttached: number;
  readonly imagesMissing: number;
  /** Files that are neither notes nor images, or hidden (`.obsidian/`), and were left out. */
  readonly skippedFiles: number;
  /** `note: message`, deduplicated. */
  readonly warnings: readonly string[];
  readonly unresolvedLinks: readonly UnresolvedLink[];
  readonly missingImages: readonly MissingImage[];
  /**
   * Pages a member had edited since the previous import whose source changed too: replaced by
   * the new source (page docs keep history, so the edits can be recovered). A page edited here
   * whose source did NOT change is left as the member made it and is not listed.
   */
  readonly overwritten: readonly OverwrittenPage[];
}

export interface ExportReport {
  /** Where the vault was written (absolute, on the host's machine). */
  readonly dir: string;
  readonly notes: number;
  readonly folders: number;
  readonly attachments: number;
  /** Images whose attachment is not stored here (kept as `attachment:` references). */
  readonly attachmentsMissing: number;
  readonly warnings: readonly string[];
}

export type TransferPhase = 'uploading' | 'reading' | 'attaching' | 'writing' | 'exporting' | 'done';

/** `transfer.onDidProgress`: how far an import or export has got. */
export interface TransferProgress {
  /** The id the renderer gave the operation (its upload session id). */
  readonly operationId: string;
  readonly phase: TransferPhase;
  readonly done: number;
  readonly total: number;
}

/** One page as a file the renderer offers for download. */
export interface PageFile {
  readonly fileName: string;
  readonly mime: string;
  readonly text: string;
}
