/**
 * What one markdownToDoc call carries around: the caller's resolvers, the source (callouts read
 * their title from it), link definitions, and the report being built.
 */
import type { Definition } from 'mdast';
import type { PageId } from '../ids';

export interface ImportContext {
  /**
   * The page a link target names, or null. Receives the page part only — `folder/Note` or
   * `Note`, without `#heading` or `|label` — exactly as written. Obsidian resolves by file name
   * (case-insensitive) or by vault path; the caller decides.
   */
  resolveLink(target: string): PageId | null;
  /**
   * An image path as written, percent-decoded → `attachment:sha256-…` src, or null if missing.
   * Relative to the note for `![](../images/x.png)`; a bare name for `![[x.png]]`, which Obsidian
   * looks up by file name anywhere in the vault (the caller should too).
   */
  resolveImage(path: string): string | null;
  /** The page being imported, if known: same-page links `[[#Heading]]` point at it. */
  selfPageId?: PageId | null;
}

/** `[[x]]`, `![[x]]` (a note, not an image), or `[text](x.md)`. */
export type LinkKind = 'wikiLink' | 'embed' | 'markdown';

export interface ImportReport {
  /** Every wiki link, note embed and internal `.md` link; same-page links count as resolved. */
  links: { target: string; resolved: boolean; kind: LinkKind }[];
  /** Every local image reference (remote http(s) images are kept as URLs and not listed). */
  images: { path: string; attached: boolean }[];
  /** Human-readable, deduplicated: "message (×3)". */
  warnings: string[];
}

export class ImportState {
  readonly links: ImportReport['links'] = [];
  readonly images: ImportReport['images'] = [];
  private readonly warningCounts = new Map<string, number>();

  constructor(
    readonly ctx: ImportContext,
    readonly source: string,
    readonly definitions: ReadonlyMap<string, Definition>,
  ) {}

  warn(message: string): void {
    this.warningCounts.set(message, (this.warningCounts.get(message) ?? 0) + 1);
  }

  report(): ImportReport {
    const warnings = [...this.warningCounts].map(([message, count]) => (count > 1 ? `${message} (×${count})` : message));
    return { links: this.links, images: this.images, warnings };
  }
}

