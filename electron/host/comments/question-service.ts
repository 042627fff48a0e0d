/**
 * Comments docs and questions for every open workspace:
 * - a page deleted forever takes its comments doc with it (as it takes its page doc);
 * - the open-questions list, computed from local data: each question page's comments doc is read
 *   once and its summary kept until that doc changes (any origin: a renderer, a peer);
 * - "turn into a guide" (question-guide-writer.ts), one at a time per question.
 */
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import type { MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { buildTree, getPagesMap, type PageRecord } from '../../../shared/model';
import { commentsDocId } from '../../../shared/model/comments';
import { QUESTION_KIND, summarizeQuestion, type QuestionSummary } from '../../../shared/model/questions';
import type { RequireRole } from '../members/host-actions';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';
import { writeGuideFromQuestion } from './question-guide-writer';
import type * as Y from 'yjs';

const log = createLogger('questions');
/** Comments docs read at once when the list is computed cold. */
const SUMMARY_CONCURRENCY = 8;

type Summary = Omit<QuestionSummary, 'pageId' | 'title' | 'askedBy' | 'askedAt'>;

/** One workspace's cache: question page → what its comments doc says, while it is unchanged. */
class QuestionCache {
  private readonly summaries = new Map<PageId, Summary>();
  /** Comments doc id → page, for the questions cached. */
  private readonly pageOfDoc = new Map<string, PageId>();

  constructor(workspace: OpenWorkspace) {
    const stop = workspace.docs.onDidUpdate((entry) => {
      const pageId = this.pageOfDoc.get(entry.docId);
      if (pageId !== undefined) this.summaries.delete(pageId);
    });
    workspace.onWillClose(stop);
  }

  async list(workspace: OpenWorkspace): Promise<QuestionSummary[]> {
    const tree = buildTree(workspace.root.doc);
    const questions = [...tree.byId.values()].filter((node) => !node.inTrash && node.page.kind === QUESTION_KIND).map((node) => node.page);
    const out: QuestionSummary[] = [];
    for (let i = 0; i < questions.length; i += SUMMARY_CONCURRENCY) {
      out.push(...(await Promise.all(questions.slice(i, i + SUMMARY_CONCURRENCY).map((page) => this.summary(workspace, page)))));
    }
    return out.sort((a, b) => b.askedAt - a.askedAt || (a.pageId < b.pageId ? -1 : 1));
  }

  private async summary(workspace: OpenWorkspace, page: PageRecord): Promise<QuestionSummary> {
    let cached = this.summaries.get(page.id);
    if (cached === undefined) {
      const docId = commentsDocId(page.id);
      this.pageOfDoc.set(docId, page.id);
      const { answers, acceptedId, guideId } = await workspace.docs.with(docId, (entry) => summarizeQuestion(page, entry.doc));
      cached = { answers, acceptedId, guideId };
      this.summaries.set(page.id, cached);
    }
    return { pageId: page.id, title: page.title, askedBy: page.createdBy, askedAt: page.createdAt, ...cached };
  }
}

export class QuestionService {
  private readonly caches = new WeakMap<OpenWorkspace, QuestionCache>();
  /** Guides being written, by question: a second request waits for the first. */
  private readonly writing = new Map<PageId, Promise<PageId>>();

  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly me: () => MemberId,
    /** Our own role's check, before the host writes the guide (members/host-actions.ts). */
    private readonly requireRole: RequireRole,
  ) {
    workspaces.onDidOpen((workspace) => this.attach(workspace));
  }

  handlers(): BridgeHandlers['questions'] {
    return {
      list: async ({ workspaceId }) => {
        const workspace = await this.workspaces.get(workspaceId);
        return this.cacheOf(workspace).list(workspace);
      },
      toGuide: async ({ workspaceId, pageId }) => this.toGuide(workspaceId, pageId),
    };
  }

  private async toGuide(workspaceId: WorkspaceId, pageId: PageId): Promise<PageId> {
    await this.requireRole(workspaceId, 'questionToGuide');
    const running = this.writing.get(pageId);
    if (running) return running;
    const job = this.workspaces.get(workspaceId).then((workspace) => writeGuideFromQuestion(workspace, pageId, this.me(), Date.now()));
    this.writing.set(pageId, job);
    try {
      return await job;
    } finally {
      this.writing.delete(pageId);
    }
  }

  private cacheOf(workspace: OpenWorkspace): QuestionCache {
    let cache = this.caches.get(workspace);
    if (cache === undefined) {
      cache = new QuestionCache(workspace);
      this.caches.set(workspace, cache);
    }
    return cache;
  }

  /** A page deleted forever (here or by a peer) takes its comments doc with it. */
  private attach(workspace: OpenWorkspace): void {
    const pages = getPagesMap(workspace.root.doc);
    const onChange = (event: Y.YMapEvent<unknown>) => {
      for (const [key, change] of event.changes.keys) {
        if (change.action !== 'delete') continue;
        const docId = commentsDocId(key as PageId);
        void workspace.store.delete(docId).catch((error: unknown) => log.error(`could not delete comments doc ${docId}`, error));
      }
    };
    pages.observe(onChange);
    workspace.onWillClose(() => pages.unobserve(onChange));
  }
}
