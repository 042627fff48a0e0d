/** The sidebar's way to the open questions, with how many are still waiting for an answer. */
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { QuestionIcon } from '../comments/comment-icons';
import { useQuestions } from './use-questions';

export function QuestionsLink({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const route = useCell(app.router.route);
  const { list } = useQuestions(open);
  const waiting = list?.filter((question) => question.acceptedId === null).length ?? 0;
  return (
    <button
      type="button"
      className={route.view.kind === 'questions' ? 'sidebar-link active' : 'sidebar-link'}
      data-testid="open-questions"
      onClick={() => app.router.navigate({ workspaceId: open.session.workspaceId, view: { kind: 'questions' } })}
    >
      <QuestionIcon />
      <span>Open questions</span>
      {waiting > 0 && <span className="sidebar-count">{waiting}</span>}
    </button>
  );
}
