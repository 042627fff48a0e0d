/**
 * The comments of the open page: a DocSession for the page's comments doc (opened alongside the
 * page doc, synced and cached like it), what the panel and the answers section show, and the
 * operations they call. Every write goes through shared/model with this member's id and the
 * LOCAL origin; a refused write (someone else's comment, an empty body) goes to the error sink.
 *
 * The view is recomputed when either doc changes (coalesced per microtask): the comments doc
 * changes the threads, the page doc changes which threads are still anchored and their order.
 * A keystroke that changes neither leaves the same view object, so nothing re-renders.
 */
import type * as Y from 'yjs';
import type { Bridge } from '../../../shared/bridge/client';
import type { MemberProfile } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { getPageContent, readPage } from '../../../shared/model';
import {
  commentsDocId,
  createThread,
  deleteComment,
  editComment,
  readThreads,
  reopenThread,
  replyToThread,
  resolveThread,
  type CommentId,
  type ThreadId,
  type ThreadRecord,
} from '../../../shared/model/comments';
import { findTextMoves, recordTextMoves } from '../../../shared/model/text-moves';
import { acceptAnswer, canAccept, clearAcceptedAnswer, createAnswer, isStewardOf, toggleVote, type QuestionActor } from '../../../shared/model/questions';
import type { CommentDraft, CommentHighlights, CommentsController } from '../editor/comments/comments-controller';
import { computeView, highlightsOf, sameHighlights, sameLayout, type CommentsView } from './comments-view';
import { DocSession } from './doc-session';
import { readSetting, writeSetting } from './local-settings';
import { MemberDirectory } from './member-directory';
import { LOCAL } from './origins';
import { StateCell } from './state-cell';
import type { ErrorSink } from './workspace-session';

export type ThreadFilter = 'open' | 'resolved';
export type { CommentsView } from './comments-view';


export interface CommentsSessionOptions {
  readonly bridge: Bridge;
  readonly workspaceId: WorkspaceId;
  readonly pageId: PageId;
  /** The page's own session: its doc holds the words threads are anchored to. */
  readonly page: DocSession;
  /** The workspace doc: the asker of a question, stewards, member names. */
  readonly workspaceDoc: DocSession;
  readonly me: MemberProfile;
  readonly report: ErrorSink;
  readonly cache?: boolean;
}

/** Whether the side panel shows: chosen by the member, or (null) open when there is something in it. */
const PANEL_SETTING = 'commentsPanel';
const EMPTY_HIGHLIGHTS: CommentHighlights = { threads: [], activeId: null, draft: null };

export class CommentsSession implements CommentsController {
  readonly session: DocSession;
  readonly members: MemberDirectory;
  readonly view: StateCell<CommentsView>;
  readonly activeId = new StateCell<ThreadId | null>(null);
  readonly draft = new StateCell<CommentDraft | null>(null);
  readonly filter = new StateCell<ThreadFilter>('open');
  readonly panelOpen = new StateCell(false);
  private readonly panelChoice = new StateCell<boolean | null>(parseChoice(readSetting(PANEL_SETTING)));
  private records: ThreadRecord[] = [];
  private highlights: CommentHighlights = EMPTY_HIGHLIGHTS;
  private readonly highlightListeners = new Set<() => void>();
  private readonly disposers: Array<() => void> = [];
  private scheduled: { threads: boolean } | null = null;
  private destroyed = false;
  /** Our profile: the options' one until it changes (`setProfile`). */
  private profile: MemberProfile;

  constructor(private readonly options: CommentsSessionOptions) {
    this.profile = options.me;
    const { bridge, workspaceId, pageId, me, page, workspaceDoc } = options;
    this.session = new DocSession({ bridge, workspaceId, docId: commentsDocId(pageId), kind: 'page', me, cache: options.cache });
    this.members = new MemberDirectory(me, workspaceDoc.doc, [this.session.awareness, page.awareness]);
    this.view = new StateCell(this.compute());
    const onComments = () => this.schedule(true);
    const onPage = () => this.schedule(false);
    const onPageTransaction = (transaction: Y.Transaction) => this.recordMovedWords(transaction);
    this.session.doc.on('update', onComments);
    page.doc.on('update', onPage);
    page.doc.on('afterTransaction', onPageTransaction);
    this.disposers.push(
      () => this.session.doc.off('update', onComments),
      () => page.doc.off('update', onPage),
      () => page.doc.off('afterTransaction', onPageTransaction),
    );
    for (const cell of [this.activeId, this.draft, this.panelChoice, this.view] as const) {
      this.disposers.push(cell.subscribe(() => this.refreshDerived()));
    }
    this.refreshDerived();
  }

  get pageId(): PageId {
    return this.options.pageId;
  }

  get me(): MemberProfile {
    return this.profile;
  }

  /** Our profile changed: we show under it to others, author names say it, new comments record it. */
  setProfile(me: MemberProfile): void {
    this.profile = me;
    this.session.setProfile(me);
    this.members.setMe(me);
  }

  // ---- the editor's side (CommentsController) ---------------------------------------------------

  readonly getHighlights = (): CommentHighlights => this.highlights;

  readonly subscribeHighlights = (listener: () => void): (() => void) => {
    this.highlightListeners.add(listener);
    return () => this.highlightListeners.delete(listener);
  };

  activate(threadId: string | null): void {
    this.activeId.set(threadId as ThreadId | null);
    if (threadId !== null) {
      const thread = this.records.find((t) => t.id === threadId);
      if (thread) this.filter.set(thread.resolvedAt === null ? 'open' : 'resolved');
      if (!this.panelOpen.get()) this.panelChoice.set(true);
    }
  }

  startDraft(draft: CommentDraft): void {
    this.draft.set(draft);
    this.activeId.set(null);
    this.filter.set('open');
  }

  // ---- comments ---------------------------------------------------------------------------------

  cancelDraft(): void {
    this.draft.set(null);
  }

  /** Posts the draft as a new thread; false (and the draft kept) if it was refused. */
  submitDraft(body: string): boolean {
    const draft = this.draft.get();
    if (draft === null) return false;
    const id = this.attempt(() =>
      createThread(this.doc, { kind: 'comment', body, anchor: draft.anchor, quote: draft.quote, author: this.author(), ...this.stamp() }, LOCAL),
    );
    if (id === null) return false;
    this.draft.set(null);
    this.activeId.set(id);
    return true;
  }

  reply(threadId: ThreadId, body: string): boolean {
    return this.attempt(() => replyToThread(this.doc, { threadId, body, author: this.author(), ...this.stamp() }, LOCAL)) !== null;
  }

  edit(threadId: ThreadId, commentId: CommentId, body: string): boolean {
    return this.attempt(() => {
      editComment(this.doc, { threadId, commentId, body, ...this.stamp() }, LOCAL);
      return true;
    }) ?? false;
  }

  remove(threadId: ThreadId, commentId: CommentId): void {
    this.attempt(() => deleteComment(this.doc, { threadId, commentId, ...this.stamp() }, LOCAL));
  }

  resolve(threadId: ThreadId): void {
    this.attempt(() => resolveThread(this.doc, { threadId, ...this.stamp() }, LOCAL));
    if (this.activeId.get() === threadId) this.activeId.set(null);
  }

  reopen(threadId: ThreadId): void {
    this.attempt(() => reopenThread(this.doc, { threadId, ...this.stamp() }, LOCAL));
    this.filter.set('open');
    this.activeId.set(threadId);
  }

  togglePanel(): void {
    const open = !this.panelOpen.get();
    if (!open) this.draft.set(null);
    this.panelChoice.set(open);
    writeSetting(PANEL_SETTING, String(open));
  }

  // ---- questions --------------------------------------------------------------------------------

  answer(body: string): boolean {
    return this.attempt(() => createAnswer(this.doc, { body, author: this.author(), ...this.stamp() }, LOCAL)) !== null;
  }

  vote(threadId: ThreadId): void {
    this.attempt(() => toggleVote(this.doc, { threadId, by: this.me.id as MemberId }, LOCAL));
  }

  /** Whether this member may accept an answer here: the asker or a steward. */
  canAccept(): boolean {
    return canAccept(this.actor());
  }

  accept(threadId: ThreadId): void {
    this.attempt(() => acceptAnswer(this.doc, { threadId, ...this.actor() }, LOCAL));
  }

  unaccept(): void {
    this.attempt(() => clearAcceptedAnswer(this.doc, this.actor(), LOCAL));
  }

  /** "Turn into a guide", in the host; resolves to the guide's id, or null if it failed. */
  async toGuide(): Promise<PageId | null> {
    try {
      return await this.options.bridge.questions.toGuide({ workspaceId: this.options.workspaceId, pageId: this.pageId });
    } catch (error) {
      this.options.report(error);
      return null;
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.highlightListeners.clear();
    this.members.destroy();
    this.session.destroy();
  }

  // ---- internals --------------------------------------------------------------------------------

  private get doc() {
    return this.session.doc;
  }

  private stamp(): { by: MemberId; now: number } {
    return { by: this.me.id as MemberId, now: Date.now() };
  }

  private author() {
    return { name: this.me.name, color: this.me.color };
  }

  private actor(): QuestionActor {
    const root = this.options.workspaceDoc.doc;
    const askedBy = readPage(root, this.pageId)?.createdBy ?? ('' as MemberId);
    return { ...this.stamp(), askedBy, isSteward: isStewardOf(root, this.me.id as MemberId) };
  }

  /** Whether our role lets us write comments (set by the app from the members session; the host enforces it too). */
  mayWrite: () => boolean = () => true;

  private attempt<T>(fn: () => T): T | null {
    if (!this.mayWrite()) {
      this.options.report(new CommonplaceError('forbidden', 'Your role in this workspace does not let you comment.'));
      return null;
    }
    try {
      return fn();
    } catch (error) {
      this.options.report(error);
      return null;
    }
  }

  /**
   * The editor recreates a paragraph's text when it is split or joined: the replica that made
   * such an edit records where the words went, in the page doc, right after (text-moves.ts), so
   * that every replica's anchors follow them — those of comments it has not seen yet too.
   */
  private recordMovedWords(transaction: Y.Transaction): void {
    const page = this.options.page.doc;
    const moves = findTextMoves(page, getPageContent(page), transaction);
    if (moves.length === 0) return;
    // Written once this transaction has finished: a transaction of its own, outside the editor's undo.
    queueMicrotask(() => {
      if (!this.destroyed) this.attempt(() => recordTextMoves(page, moves, LOCAL));
    });
  }

  private schedule(threadsChanged: boolean): void {
    if (this.scheduled !== null) {
      this.scheduled.threads ||= threadsChanged;
      return;
    }
    this.scheduled = { threads: threadsChanged };
    queueMicrotask(() => {
      const { threads } = this.scheduled ?? { threads: false };
      this.scheduled = null;
      if (this.destroyed) return;
      if (threads) this.records = readThreads(this.doc);
      const next = this.compute();
      const current = this.view.get();
      if (threads || !sameLayout(current, next)) this.view.set(next);
    });
  }

  private compute(): CommentsView {
    if (this.records.length === 0) this.records = readThreads(this.doc);
    return computeView(this.records, this.options.page.doc, this.doc);
  }

  /** Highlights and the panel follow the view, the active thread, the draft and the member's choice. */
  private refreshDerived(): void {
    const view = this.view.get();
    const next = highlightsOf(view, this.activeId.get(), this.draft.get()?.anchor ?? null);
    if (!sameHighlights(this.highlights, next)) {
      this.highlights = next;
      for (const listener of [...this.highlightListeners]) listener();
    }
    const hasThreads = view.anchored.length + view.orphaned.length > 0;
    this.panelOpen.set(this.draft.get() !== null || (this.panelChoice.get() ?? hasThreads));
  }
}

function parseChoice(value: string | null): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}
