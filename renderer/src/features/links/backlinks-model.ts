/**
 * The backlinks panel's behaviour, outside React: it asks the host for the page's backlinks
 * (and, once the reader opens that section, its unlinked mentions), asks again when the host
 * says the link index changed in a way that can matter to this page, and links a mention.
 *
 * When to ask again (LinksChange): an `entries` change (a rename, trash or restore anywhere)
 * can change every result's text; a `content` change matters only if a page other than this
 * one was re-read, since this page's own edits change neither its backlinks (self links do not
 * count) nor its mentions (found in other pages). So typing in the page never re-queries.
 */
import type { Bridge } from '../../../../shared/bridge/client';
import type { Backlink, LinkContext, LinksChange, UnlinkedMention } from '../../../../shared/bridge/links';
import type { PageId, WorkspaceId } from '../../../../shared/ids';
import { StateCell } from '../../session/state-cell';

export interface BacklinksState {
  readonly status: 'loading' | 'ready' | 'failed';
  readonly backlinks: readonly Backlink[];
  readonly mentionsOpen: boolean;
  /** null until the mentions section is first opened. */
  readonly mentions: readonly UnlinkedMention[] | null;
  /** Mentions being linked right now, by mentionKey. */
  readonly linking: ReadonlySet<string>;
}

export interface SourceGroup<T> {
  readonly sourcePageId: PageId;
  readonly sourceTitle: string;
  readonly items: readonly T[];
}

/** Items grouped by source page, in the order the host sent them (sorted by source). */
export function groupBySource<T extends { sourcePageId: PageId; sourceTitle: string }>(items: readonly T[]): SourceGroup<T>[] {
  const groups = new Map<PageId, { sourcePageId: PageId; sourceTitle: string; items: T[] }>();
  for (const item of items) {
    const group = groups.get(item.sourcePageId);
    if (group) group.items.push(item);
    else groups.set(item.sourcePageId, { sourcePageId: item.sourcePageId, sourceTitle: item.sourceTitle, items: [item] });
  }
  return [...groups.values()];
}

export const mentionKey = (m: UnlinkedMention): string => `${m.sourcePageId}:${m.occurrence.block}:${m.occurrence.start}`;

/** The context split around its highlight, for rendering. */
export function splitContext({ text, highlight: [start, end] }: LinkContext): [string, string, string] {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return [text.slice(0, s), text.slice(s, e), text.slice(e)];
}

/** Whether a change of the link index can change what this page's panel shows. */
export function concerns(change: LinksChange, workspaceId: WorkspaceId, pageId: PageId): boolean {
  if (change.workspaceId !== workspaceId) return false;
  return change.reason === 'entries' || change.pageIds.some((id) => id !== pageId);
}

export class BacklinksModel {
  readonly state = new StateCell<BacklinksState>({
    status: 'loading',
    backlinks: [],
    mentionsOpen: false,
    mentions: null,
    linking: new Set(),
  });
  private unsubscribe: (() => void) | null = null;
  private running = false;
  private again = false;
  private live = false;

  constructor(
    private readonly bridge: Bridge,
    readonly workspaceId: WorkspaceId,
    readonly pageId: PageId,
    private readonly report: (error: unknown) => void,
  ) {}

  /** Starts listening and loads; safe to call again after `dispose` (React's strict mode does). */
  start(): void {
    if (this.live) return;
    this.live = true;
    this.unsubscribe = this.bridge.links.onDidChange((change) => {
      if (concerns(change, this.workspaceId, this.pageId)) void this.refresh();
    });
    void this.refresh();
  }

  dispose(): void {
    this.live = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  toggleMentions(): void {
    const open = !this.state.get().mentionsOpen;
    this.state.patch({ mentionsOpen: open });
    if (open) void this.refresh();
  }

  /** Turns a mention into a wiki link (in the host); the panel then refreshes. */
  async link(mention: UnlinkedMention): Promise<void> {
    const key = mentionKey(mention);
    this.state.patch({ linking: new Set([...this.state.get().linking, key]) });
    try {
      await this.bridge.links.linkMention({
        workspaceId: this.workspaceId,
        sourcePageId: mention.sourcePageId,
        targetPageId: this.pageId,
        occurrence: mention.occurrence,
      });
    } catch (error) {
      this.report(error);
    } finally {
      const linking = new Set(this.state.get().linking);
      linking.delete(key);
      this.state.patch({ linking });
      await this.refresh();
    }
  }

  /** Asks the host again; overlapping calls coalesce into one more round. */
  async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.load();
      } while (this.again && this.live);
    } finally {
      this.running = false;
    }
  }

  private async load(): Promise<void> {
    const args = { workspaceId: this.workspaceId, pageId: this.pageId };
    try {
      const withMentions = this.state.get().mentionsOpen;
      const [backlinks, mentions] = await Promise.all([
        this.bridge.links.backlinks(args),
        withMentions ? this.bridge.links.unlinkedMentions(args) : Promise.resolve(null),
      ]);
      if (!this.live) return;
      this.state.patch({ status: 'ready', backlinks, ...(mentions ? { mentions } : {}) });
    } catch (error) {
      if (!this.live) return;
      this.state.patch({ status: 'failed' });
      this.report(error);
    }
  }
}
