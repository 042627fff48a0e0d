/**
 * Start here on first open: when a newcomer opens a workspace whose stewards pinned an
 * onboarding page, the app shows that page — once per installation and workspace (the host
 * remembers it: `activity.markStartHereShown`), and only from the workspace's home view, so an
 * explicit link to another page is never overridden. The pin may arrive by sync after the
 * workspace opens (a member who just joined), so the check runs again as the workspace changes.
 */
import type { WorkspaceId } from '../../../../shared/ids';
import type { AppController } from '../../session/app-controller';
import { startHereOf, type StartHereSession } from './start-here-session';

export function installStartHere(app: AppController): () => void {
  let stopCurrent: (() => void) | null = null;
  const onWorkspace = () => {
    stopCurrent?.();
    stopCurrent = null;
    const open = app.workspace.get();
    const me = app.state.get().me;
    if (open === null || me === null) return;
    const session = startHereOf(app.bridge, open.session, me, app.toasts.error);
    const stopWatching = watchFirstOpen(app, session, open.session.workspaceId);
    stopCurrent = () => {
      stopWatching();
      session.destroy();
    };
  };
  const unsubscribe = app.workspace.subscribe(onWorkspace);
  onWorkspace();
  return () => {
    unsubscribe();
    stopCurrent?.();
  };
}

function watchFirstOpen(app: AppController, session: StartHereSession, workspaceId: WorkspaceId): () => void {
  let done = false;
  let asking = false;
  const atHome = () => app.route.workspaceId === workspaceId && app.route.view.kind === 'home';
  const check = () => {
    if (done || asking) return;
    const view = session.getView();
    if (!view.newcomer || view.pinned === null || !atHome()) return;
    asking = true;
    void show().finally(() => (asking = false));
  };
  const show = async () => {
    try {
      const state = await app.bridge.activity.localState({ workspaceId });
      if (state.startHereShownAt !== null) {
        finish();
        return;
      }
      const pinned = session.getView().pinned;
      if (done || pinned === null || !atHome()) return; // things moved on meanwhile: wait for the next chance
      app.openPage(pinned);
      app.toasts.show('info', 'Welcome! This page is where the community suggests you start.');
      await app.bridge.activity.markStartHereShown({ workspaceId });
      finish();
    } catch (error) {
      finish();
      app.toasts.error(error);
    }
  };
  const stops = [session.subscribe(check), app.router.route.subscribe(check)];
  const finish = () => {
    done = true;
    for (const stop of stops.splice(0)) stop();
  };
  check();
  return finish;
}
