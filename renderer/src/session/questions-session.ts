/**
 * The community's questions, for the open-questions view and the sidebar: the host computes the
 * list from its local docs (a question's answers live in its comments doc, which this renderer
 * has not loaded), so it is fetched — when someone starts watching, when the page tree changes,
 * when the window regains focus, and every REFRESH_MS while watched. Nothing runs unwatched.
 */
import type { Bridge } from '../../../shared/bridge/client';
import type { MemberProfile } from '../../../shared/bridge/contract';
import type { MemberId, PageId } from '../../../shared/ids';
import { createPage } from '../../../shared/model';
import { QUESTION_KIND, type QuestionSummary } from '../../../shared/model/questions';
import { MemberDirectory } from './member-directory';
import { LOCAL } from './origins';
import { StateCell } from './state-cell';
import type { ErrorSink, WorkspaceSession } from './workspace-session';

/** How often a watched list is fetched again (answers and acceptances from others, peers). */
export const REFRESH_MS = 10_000;
/** Tree changes come in bursts (typing a title): fetch once they settle. */
const TREE_SETTLE_MS = 300;

export class QuestionsSession {
  /** Null until the first answer from the host. */
  readonly list = new StateCell<readonly QuestionSummary[] | null>(null);
  /** Names of askers. Its observers live on the workspace doc, so they go with the workspace session. */
  readonly members: MemberDirectory;
  private watchers = 0;
  private readonly stops: Array<() => void> = [];
  private settle: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private again = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly workspace: WorkspaceSession,
    private readonly me: MemberProfile,
    private readonly report: ErrorSink,
  ) {
    this.members = new MemberDirectory(me, workspace.session.doc, [workspace.session.awareness]);
    // Our own name as an asker follows our profile (the cell goes with the workspace session, as we do).
    workspace.profile.subscribe(() => this.members.setMe(workspace.profile.get()));
  }

  /** Keeps the list fresh while at least one watcher is subscribed; returns the unsubscribe. */
  readonly watch = (listener: () => void): (() => void) => {
    const unsubscribe = this.list.subscribe(listener);
    if (this.watchers++ === 0) this.start();
    return () => {
      unsubscribe();
      if (--this.watchers === 0) this.stop();
    };
  };

  async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      this.list.set(await this.bridge.questions.list({ workspaceId: this.workspace.workspaceId }));
    } catch (error) {
      this.report(error);
    } finally {
      this.inFlight = false;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    }
  }

  /** Creates an untitled question page at the top level; returns its id. */
  ask(): PageId | null {
    try {
      return createPage(this.workspace.session.doc, { title: '', parentId: null, kind: QUESTION_KIND, by: this.me.id as MemberId, now: Date.now() }, LOCAL);
    } catch (error) {
      this.report(error);
      return null;
    }
  }

  private start(): void {
    void this.refresh();
    const interval = setInterval(() => void this.refresh(), REFRESH_MS);
    const onFocus = () => void this.refresh();
    window.addEventListener('focus', onFocus);
    const unsubscribeTree = this.workspace.subscribe(() => {
      if (this.settle !== null) clearTimeout(this.settle);
      this.settle = setTimeout(() => {
        this.settle = null;
        void this.refresh();
      }, TREE_SETTLE_MS);
    });
    this.stops.push(
      () => clearInterval(interval),
      () => window.removeEventListener('focus', onFocus),
      unsubscribeTree,
      () => {
        if (this.settle !== null) clearTimeout(this.settle);
        this.settle = null;
      },
    );
  }

  private stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

const sessions = new WeakMap<WorkspaceSession, QuestionsSession>();

/** The one QuestionsSession of a workspace session (made on first use, gone with it). */
export function questionsOf(bridge: Bridge, workspace: WorkspaceSession, me: MemberProfile, report: ErrorSink): QuestionsSession {
  let session = sessions.get(workspace);
  if (session === undefined) {
    session = new QuestionsSession(bridge, workspace, me, report);
    sessions.set(workspace, session);
  }
  return session;
}
