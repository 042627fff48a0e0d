/** Accumulates an ImportReport as notes are converted: exact counts, capped lists. */
import type { WorkspaceId } from '../../../shared/ids';
import type { ImportReport as NoteReport } from '../../../shared/markdown';
import {
  MAX_REPORT_ITEMS,
  type ImportReport,
  type MissingImage,
  type OverwrittenPage,
  type UnresolvedLink,
} from '../../../shared/transfer/report';

export class ReportBuilder {
  notes = 0;
  folders = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  skippedFiles = 0;
  private linksFound = 0;
  private linksResolved = 0;
  private imagesAttached = 0;
  private imagesMissing = 0;
  private readonly warnings: string[] = [];
  private readonly unresolvedLinks: UnresolvedLink[] = [];
  private readonly missingImages: MissingImage[] = [];
  private readonly overwritten: OverwrittenPage[] = [];
  private dropped = 0;

  constructor(
    private readonly workspaceId: WorkspaceId,
    private readonly source: string,
  ) {}

  private push<T>(list: T[], item: T): void {
    if (list.length < MAX_REPORT_ITEMS) list.push(item);
    else this.dropped += 1;
  }

  warn(message: string): void {
    this.push(this.warnings, message);
  }

  /** Adds one note's conversion report. */
  addNote(note: string, report: NoteReport): void {
    for (const link of report.links) {
      this.linksFound += 1;
      if (link.resolved) this.linksResolved += 1;
      else this.push(this.unresolvedLinks, { note, target: link.target });
    }
    for (const image of report.images) {
      if (image.attached) {
        this.imagesAttached += 1;
      } else {
        this.imagesMissing += 1;
        this.push(this.missingImages, { note, path: image.path });
      }
    }
    for (const warning of report.warnings) this.warn(`${note}: ${warning}`);
  }

  addOverwritten(page: OverwrittenPage): void {
    this.push(this.overwritten, page);
  }

  build(): ImportReport {
    const warnings = this.dropped > 0 ? [...this.warnings, `${this.dropped} more entries left out of this report`] : this.warnings;
    return {
      workspaceId: this.workspaceId,
      source: this.source,
      notes: this.notes,
      folders: this.folders,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      linksFound: this.linksFound,
      linksResolved: this.linksResolved,
      imagesAttached: this.imagesAttached,
      imagesMissing: this.imagesMissing,
      skippedFiles: this.skippedFiles,
      warnings,
      unresolvedLinks: this.unresolvedLinks,
      missingImages: this.missingImages,
      overwritten: this.overwritten,
    };
  }
}
