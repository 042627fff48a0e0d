/**
 * The two ends of a question turned into a guide: on the question, "Turned into a guide →"; on
 * the guide, "Made from the question …". Both read the page's comments doc.
 */
import { useSyncExternalStore, type ReactNode } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { OpenWorkspace } from '../../session/app-controller';
import type { CommentsSession } from '../../session/comments-session';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { GuideIcon, QuestionIcon } from '../comments/comment-icons';
import './questions.css';

export function QuestionBanners({ open, comments }: { open: OpenWorkspace; comments: CommentsSession }) {
  const { question } = useCell(comments.view);
  return (
    <>
      {question.guideId !== null && (
        <Banner open={open} target={question.guideId} testId="question-guide-banner" icon={<GuideIcon />} text="Turned into a guide:" />
      )}
      {question.fromQuestion !== null && (
        <Banner open={open} target={question.fromQuestion} testId="guide-question-banner" icon={<QuestionIcon />} text="Made from the question" />
      )}
    </>
  );
}

function Banner({ open, target, testId, icon, text }: { open: OpenWorkspace; target: PageId; testId: string; icon: ReactNode; text: string }) {
  const app = useApp();
  const node = useSyncExternalStore(open.session.subscribe, () => open.session.getTree().byId.get(target));
  if (node === undefined || node.inTrash) return null;
  return (
    <div className="banner question-link" role="note" data-testid={testId}>
      {icon}
      <span>{text}</span>
      <button type="button" className="question-link-target" onClick={() => app.openPage(target)}>
        {node.page.title || UNTITLED} →
      </button>
    </div>
  );
}
