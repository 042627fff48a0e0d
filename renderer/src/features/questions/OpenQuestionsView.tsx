/**
 * `#/<ws>/questions`: the community's sounding board. Questions without an accepted answer
 * first (the ones waiting for help), then the answered ones; "Ask a question" starts a new one.
 */
import { useState } from 'react';
import type { QuestionSummary } from '../../../../shared/model/questions';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { EmptyState } from '../../ui/EmptyState';
import { Plus } from '../../ui/icons';
import type { MemberDirectory } from '../../session/member-directory';
import { Author } from '../comments/Author';
import { QuestionIcon } from '../comments/comment-icons';
import { useQuestions } from './use-questions';
import { gatedButton } from '../members/role-actions';
import { useRoleAbility } from '../members/use-abilities';
import '../comments/comments.css';
import './questions.css';

type Tab = 'open' | 'answered';

export function OpenQuestionsView({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const { session, list } = useQuestions(open);
  // Which list is showing: view state.
  const [tab, setTab] = useState<Tab>('open');
  const asking = useRoleAbility(open, 'askQuestion');
  const ask = () => {
    const pageId = session.ask();
    if (pageId === null) return;
    app.freshPage.set(pageId);
    app.openPage(pageId);
  };
  const waiting = list?.filter((q) => q.acceptedId === null) ?? [];
  const answered = list?.filter((q) => q.acceptedId !== null) ?? [];
  const shown = tab === 'open' ? waiting : answered;

  return (
    <div className="questions-view" data-testid="questions-view">
      <header className="questions-view-head">
        <h1 className="view-title">Open questions</h1>
        <button
          type="button"
          className="button primary"
          data-testid="ask-question"
          {...gatedButton(asking)}
          onClick={ask}
        >
          <Plus /> Ask a question
        </button>
      </header>
      <div className="comments-filter questions-tabs" role="tablist" aria-label="Show">
        {(['open', 'answered'] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={tab === value}
            className={tab === value ? 'comments-filter-tab active' : 'comments-filter-tab'}
            onClick={() => setTab(value)}
            data-testid={`questions-tab-${value}`}
          >
            {value === 'open' ? 'Waiting for an answer' : 'Answered'} <span className="comments-filter-count">{value === 'open' ? waiting.length : answered.length}</span>
          </button>
        ))}
      </div>
      {list === null ? (
        <div className="page-loading" aria-busy="true" />
      ) : shown.length === 0 ? (
        <EmptyState icon={<QuestionIcon />} title={tab === 'open' ? 'No open questions' : 'No answered questions yet'} testId="questions-empty">
          {tab === 'open'
            ? 'Stuck on something? Ask the community: whoever knows can answer, and the best answer can become a guide.'
            : 'When the asker accepts an answer, the question shows up here.'}
        </EmptyState>
      ) : (
        <ul className="questions-list">
          {shown.map((question) => (
            <QuestionRow key={question.pageId} question={question} members={session.members} />
          ))}
        </ul>
      )}
    </div>
  );
}

function QuestionRow({ question, members }: { question: QuestionSummary; members: MemberDirectory }) {
  const app = useApp();
  const answers = question.answers === 0 ? 'No answers yet' : question.answers === 1 ? '1 answer' : `${question.answers} answers`;
  return (
    <li className="questions-row" data-testid="question-row" data-page-id={question.pageId}>
      <button type="button" className="questions-row-open" onClick={() => app.openPage(question.pageId)}>
        <span className={question.title ? 'questions-row-title' : 'questions-row-title untitled'}>{question.title || UNTITLED}</span>
        <span className="questions-row-meta">
          <Author members={members} id={question.askedBy} at={question.askedAt} />
          <span className={question.answers === 0 ? 'questions-row-answers none' : 'questions-row-answers'}>{answers}</span>
          {question.acceptedId !== null && <span className="questions-row-accepted">Accepted</span>}
          {question.guideId !== null && <span className="questions-row-guide">Guide</span>}
        </span>
      </button>
    </li>
  );
}
