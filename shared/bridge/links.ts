/**
 * Result shapes of the bridge's `links` area (wiki links between pages): backlinks, unlinked
 * mentions, and the change event. Pure types, shared by the host's LinkIndex and the renderer's
 * backlinks panel.
 */
import type { PageId, WorkspaceId } from '../ids';

/**
 * A short excerpt of the paragraph around a link or mention, as plain text: links inside it
 * read as their current titles. `highlight` is the [start, end) range (UTF-16 offsets into
 * `text`) of the link or mention itself.
 */
export interface LinkContext {
  readonly text: string;
  readonly highlight: readonly [number, number];
}

/** One link (wiki link or embed) from another page to the queried page. */
export interface Backlink {
  readonly sourcePageId: PageId;
  readonly sourceTitle: string;
  readonly context: LinkContext;
}

/**
 * Where a mention is in its page: the index of its text block among the page's text blocks in
 * document order, and the UTF-16 offset in that block's source text (inline atoms count one).
 */
export interface MentionOccurrence {
  readonly block: number;
  readonly start: number;
}

/** The queried page's title as plain text in another page (not inside a link or code). */
export interface UnlinkedMention {
  readonly sourcePageId: PageId;
  readonly sourceTitle: string;
  readonly context: LinkContext;
  readonly occurrence: MentionOccurrence;
}

/**
 * Pushed after the index changed. `content`: these pages' text was re-read (their links and
 * mentions may differ). `entries`: these pages' entries changed (title, trash, place), which
 * changes how results read (titles in contexts, which sources count) and whose title is searched.
 */
export interface LinksChange {
  readonly workspaceId: WorkspaceId;
  readonly pageIds: readonly PageId[];
  readonly reason: 'content' | 'entries';
}
