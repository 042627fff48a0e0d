/**
 * An open workspace: the workspace doc's DocSession, the page tree derived from it, and the
 * page operations the UI calls. Every write goes through shared/model with this member's id and
 * the LOCAL origin; errors go to the app's error sink instead of throwing into React.
 */
import type { Bridge } from '../../../shared/bridge/client';
import type { MemberProfile } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import {
  addKind,
  buildTree,
  createPage,
  deletePageForever,
  getKindsMap,
  getMetaMap,
  getPagesMap,
  listKinds,
  movePage,
  renamePage,
  restorePage,
  setPageKind,
  setPageTags,
  setPageTemplate,
  trashPage,
  workspaceTags,
  type KindColor,
  type KindDef,
  type PageKind,
  type PageTree,
  type TagCount,
  type TemplateRef,
} from '../../../shared/model';
import { cacheName, DocSession } from './doc-session';
import { LOCAL } from './origins';
import { StateCell } from './state-cell';
import { dropTarget, indentTarget, moveDownTarget, moveUpTarget, outdentTarget, type DropZone, type MoveTarget } from './tree-moves';

export type ErrorSink = (error: unknown) => void;
export type TreeMove = 'up' | 'down' | 'indent' | 'outdent';

export const UNTITLED = 'Untitled';
const NEW_PAGE_KIND = 'note';

export interface NewPageInput {
  readonly parentId: PageId | null;
  readonly index?: number;
  readonly title?: string;
}

export class WorkspaceSession {
  readonly session: DocSession;
  private tree: PageTree | null = null;
  private kinds: KindDef[] | null = null;
  private tags: { readonly tree: PageTree; readonly list: TagCount[] } | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly disposers: Array<() => void> = [];
  /** Our profile as it is now (it may change while the workspace is open: `setProfile`). */
  readonly profile: StateCell<MemberProfile>;

  constructor(
    private readonly bridge: Bridge,
    readonly workspaceId: WorkspaceId,
    private me: MemberProfile,
    private readonly report: ErrorSink,
    options: { cache?: boolean } = {},
  ) {
    this.session = new DocSession({ bridge, workspaceId, docId: workspaceId, kind: 'workspace', me, ...options });
    this.profile = new StateCell(me);
    const onChange = () => {
      this.tree = null;
      this.kinds = null;
      for (const listener of [...this.listeners]) listener();
    };
    const pages = getPagesMap(this.session.doc);
    pages.observeDeep(onChange);
    this.disposers.push(() => pages.unobserveDeep(onChange));
    const meta = getMetaMap(this.session.doc);
    meta.observe(onChange);
    this.disposers.push(() => meta.unobserve(onChange));
    const kinds = getKindsMap(this.session.doc);
    kinds.observeDeep(onChange);
    this.disposers.push(() => kinds.unobserveDeep(onChange));
  }

  /** Whether our role lets us change pages (set by the app from the members session). */
  mayEditPages: () => boolean = () => true;
  /** Whether our role lets us write this page's title (and body): also a commenter, its own questions (set by the app). */
  mayWritePage: (pageId: PageId) => boolean = () => this.mayEditPages();

  /** Our profile changed: the workspace doc's awareness (presence) shows the new one, and `profile` says it. */
  setProfile(me: MemberProfile): void {
    this.me = me;
    this.session.setProfile(me);
    this.profile.set(me);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The page tree; the same object until the workspace doc changes. */
  readonly getTree = (): PageTree => (this.tree ??= buildTree(this.session.doc));

  createPage(input: NewPageInput): PageId | null {
    return this.attempt(() =>
      createPage(
        this.session.doc,
        { title: input.title ?? '', parentId: input.parentId, kind: NEW_PAGE_KIND, tags: [], ...this.stamp(), ...at(input.index) },
        LOCAL,
      ),
    );
  }

  renamePage(pageId: PageId, title: string): void {
    this.attempt(() => renamePage(this.session.doc, { pageId, title, ...this.stamp() }, LOCAL), this.mayWritePage(pageId));
  }

  movePage(pageId: PageId, target: MoveTarget): boolean {
    return this.attempt(() => {
      movePage(this.session.doc, { pageId, ...target, ...this.stamp() }, LOCAL);
      return true;
    }) ?? false;
  }

  /** The sidebar's move commands; false when the move does not apply here. */
  move(pageId: PageId, how: TreeMove): boolean {
    const tree = this.getTree();
    const target = { up: moveUpTarget, down: moveDownTarget, indent: indentTarget, outdent: outdentTarget }[how](tree, pageId);
    return target !== null && this.movePage(pageId, target);
  }

  drop(dragged: PageId, target: PageId, zone: DropZone): boolean {
    const move = dropTarget(this.getTree(), dragged, target, zone);
    return move !== null && this.movePage(dragged, move);
  }

  trashPage(pageId: PageId): void {
    this.attempt(() => trashPage(this.session.doc, { pageId, ...this.stamp() }, LOCAL));
  }

  restorePage(pageId: PageId): void {
    this.attempt(() => restorePage(this.session.doc, { pageId, ...this.stamp() }, LOCAL));
  }

  /** Removes the page (and the subtree trashed with it) and this browser's caches of them. */
  deletePageForever(pageId: PageId): void {
    const removed = this.attempt(() => deletePageForever(this.session.doc, { pageId }, LOCAL)) ?? [];
    for (const id of removed) {
      if (typeof indexedDB !== 'undefined') indexedDB.deleteDatabase(cacheName(this.workspaceId, id));
    }
  }

  /** Built-in and community kinds; the same array until the workspace doc changes. */
  readonly getKinds = (): readonly KindDef[] => (this.kinds ??= listKinds(this.session.doc));

  /** Tags of the pages outside the trash, most used first; the same array until the tree changes. */
  readonly getTags = (): readonly TagCount[] => {
    const tree = this.getTree();
    if (this.tags?.tree !== tree) {
      const live = [...tree.byId.values()].filter((node) => !node.inTrash).map((node) => node.page);
      this.tags = { tree, list: workspaceTags(live) };
    }
    return this.tags.list;
  };

  setPageKind(pageId: PageId, kind: PageKind): void {
    this.attempt(() => setPageKind(this.session.doc, { pageId, kind, ...this.stamp() }, LOCAL));
  }

  /** Replaces the page's tags; callers normalise them (shared/model/tags.ts `addTags`). */
  setPageTags(pageId: PageId, tags: readonly string[]): void {
    this.attempt(() => setPageTags(this.session.doc, { pageId, tags, ...this.stamp() }, LOCAL));
  }

  setPageTemplate(pageId: PageId, isTemplate: boolean): void {
    this.attempt(() => setPageTemplate(this.session.doc, { pageId, isTemplate, ...this.stamp() }, LOCAL));
  }

  /** Adds a community kind; its id, or null (and the reason reported) when refused. */
  addKind(input: { label: string; color?: KindColor; icon?: string | null }): PageKind | null {
    return this.attempt(() => addKind(this.session.doc, { ...input, ...this.stamp() }, LOCAL));
  }

  /** Makes a page from a template, in the host (which writes its content once); its id. */
  async createFromTemplate(parentId: PageId | null, template: TemplateRef): Promise<PageId | null> {
    try {
      return await this.bridge.pages.createFromTemplate({ workspaceId: this.workspaceId, parentId, template });
    } catch (error) {
      this.report(error);
      return null;
    }
  }

  /** Copies a page (entry and content) next to it, in the host; resolves to the copy's id. */
  async duplicate(pageId: PageId): Promise<PageId | null> {
    try {
      return await this.bridge.pages.duplicate({ workspaceId: this.workspaceId, pageId });
    } catch (error) {
      this.report(error);
      return null;
    }
  }

  destroy(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.listeners.clear();
    this.session.destroy();
  }

  private stamp(): { by: MemberId; now: number } {
    return { by: this.me.id as MemberId, now: Date.now() };
  }

  private attempt<T>(fn: () => T, allowed = this.mayEditPages()): T | null {
    if (!allowed) {
      this.report(new CommonplaceError('forbidden', 'Your role in this workspace does not let you change pages.'));
      return null;
    }
    try {
      return fn();
    } catch (error) {
      this.report(error);
      return null;
    }
  }
}

const at = (index: number | undefined): { index?: number } => (index === undefined ? {} : { index });
