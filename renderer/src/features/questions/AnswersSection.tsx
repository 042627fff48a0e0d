/**
 * Below a question page's editor: its answers (the accepted one on top, then the most helpful),
 * a box to write an answer, and "Turn into a guide".
 */
import { useState, useSyncExternalStore } from 'react';
import type { OpenWorkspace } from '../../session/app-controller';
import type { CommentsSession } from '../../session/comments-session';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { Composer } from '../comments/Composer';
import { gatedButton } from '../members/role-actions';
import { useRoleAbility } from '../members/use-abilities';
import { GuideIcon } from '../comments/comment-icons';
import { AnswerCard } from './AnswerCard';
import '../comments/comments.css';
import './questions.css';

export function AnswersSection({ open, comments, editable }: { open: OpenWorkspace; comments: CommentsSession; editable: boolean }) {
  const app = useApp();
  const view = useCell(comments.view);
  const { guideId } = view.question;
  // A guide made before but since trashed or deleted does not count: another can be made.
  const hasGuide = useSyncExternalStore(open.session.subscribe, () => {
    const node = guideId === null ? undefined : open.session.getTree().byId.get(guideId);
    return node !== undefined && !node.inTrash;
  });
  const ready = useCell(comments.session.ready);
  // While the host writes the guide: the button waits.
  const [making, setMaking] = useState(false);
  const answers = view.answers;
  const live = answers.filter((answer) => answer.comments[0]?.deletedAt === null);
  const acceptedId = view.question.acceptedId;
  const canAccept = comments.canAccept();
  // The guide is a new page (with its own comments): a contributor's to make, even from one's own question.
  const guide = useRoleAbility(open, 'changePages');

  const makeGuide = async () => {
    setMaking(true);
    const guideId = await comments.toGuide();
    setMaking(false);
    if (guideId !== null) app.openPage(guideId);
  };

  return (
    <section className="answers" aria-label="Answers" data-testid="answers">
      <header className="answers-head">
        <h2 className="answers-title">
          {live.length === 0 ? 'No answers yet' : live.length === 1 ? '1 answer' : `${live.length} answers`}
        </h2>
        {!hasGuide && live.length > 0 && editable && (
          <button
            type="button"
            className="button small"
            {...gatedButton(guide, 'Make a practice guide from this question and its answers')}
            disabled={making || !guide.allowed}
            data-testid="question-to-guide"
            onClick={() => void makeGuide()}
          >
            <GuideIcon /> {making ? 'Making the guide…' : 'Turn into a guide'}
          </button>
        )}
      </header>
      {!ready && answers.length === 0 ? (
        <div className="comments-loading" aria-busy="true" />
      ) : (
        answers.map((answer) => (
          <AnswerCard key={answer.id} answer={answer} comments={comments} accepted={answer.id === acceptedId} canAccept={canAccept} />
        ))
      )}
      {editable && (
        <div className="answer-compose">
          <h3 className="answers-subtitle">Your answer</h3>
          <Composer placeholder="Share what worked for you…" submitLabel="Post answer" rows={4} onSubmit={(body) => comments.answer(body)} testId="answer-composer" />
        </div>
      )}
    </section>
  );
}
