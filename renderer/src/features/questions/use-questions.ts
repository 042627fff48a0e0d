/** The workspace's questions, kept fresh while a component shows them (session/questions-session.ts). */
import { useSyncExternalStore } from 'react';
import type { QuestionSummary } from '../../../../shared/model/questions';
import type { OpenWorkspace } from '../../session/app-controller';
import { questionsOf, type QuestionsSession } from '../../session/questions-session';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';

export function useQuestions(open: OpenWorkspace): { session: QuestionsSession; list: readonly QuestionSummary[] | null } {
  const app = useApp();
  const { me } = useCell(app.state);
  // The app is ready (a workspace is open), so `me` is known.
  const session = questionsOf(app.bridge, open.session, me ?? { id: '', name: '', color: '' }, app.toasts.error);
  const list = useSyncExternalStore(session.watch, session.list.get);
  return { session, list };
}
