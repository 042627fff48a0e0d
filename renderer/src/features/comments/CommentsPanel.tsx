/**
 * The side panel of a page's comments: the composer of a new comment, the threads in document
 * order (open or resolved), and the orphaned ones — threads whose words were deleted, kept with
 * their quote.
 */
import type { ThreadRecord } from '../../../../shared/model/comments';
import type { CommentsSession, ThreadFilter } from '../../session/comments-session';
import { Close } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { Composer } from './Composer';
import { CommentIcon } from './comment-icons';
import { ThreadCard } from './ThreadCard';
import './comments.css';

const FILTERS: ReadonlyArray<{ value: ThreadFilter; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
];

const matches = (filter: ThreadFilter) => (thread: ThreadRecord) => (filter === 'open') === (thread.resolvedAt === null);

export function CommentsPanel({ comments }: { comments: CommentsSession }) {
  const view = useCell(comments.view);
  const filter = useCell(comments.filter);
  const draft = useCell(comments.draft);
  const ready = useCell(comments.session.ready);
  const all = [...view.anchored, ...view.orphaned];
  const count = (f: ThreadFilter) => all.filter(matches(f)).length;
  const anchored = view.anchored.filter(matches(filter));
  const orphaned = view.orphaned.filter(matches(filter));
  const empty = anchored.length === 0 && orphaned.length === 0 && draft === null;

  return (
    <aside className="comments-panel" aria-label="Comments" data-testid="comments-panel">
      <header className="comments-panel-head">
        <h2 className="comments-panel-title">Comments</h2>
        <div className="comments-filter" role="tablist" aria-label="Show">
          {FILTERS.map(({ value, label }) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={filter === value}
              className={filter === value ? 'comments-filter-tab active' : 'comments-filter-tab'}
              data-testid={`comments-filter-${value}`}
              onClick={() => comments.filter.set(value)}
            >
              {label} <span className="comments-filter-count">{count(value)}</span>
            </button>
          ))}
        </div>
        <button type="button" className="icon-button small" aria-label="Close comments" title="Close" onClick={() => comments.togglePanel()}>
          <Close />
        </button>
      </header>
      <div className="comments-panel-body">
        {draft !== null && (
          <div className="thread draft" data-testid="comment-draft">
            <blockquote className="thread-quote">{draft.quote}</blockquote>
            <Composer
              placeholder="Add a comment…"
              submitLabel="Comment"
              autoFocus
              rows={3}
              onSubmit={(body) => comments.submitDraft(body)}
              onCancel={() => comments.cancelDraft()}
              testId="comment-composer"
            />
          </div>
        )}
        {!ready && all.length === 0 ? (
          <div className="comments-loading" aria-busy="true" />
        ) : (
          anchored.map((thread) => <ThreadCard key={thread.id} thread={thread} comments={comments} />)
        )}
        {orphaned.length > 0 && (
          <section className="comments-orphaned" data-testid="comments-orphaned">
            <h3 className="comments-section-title">Orphaned</h3>
            <p className="comments-section-hint">The words these were on have been deleted. The conversation is kept.</p>
            {orphaned.map((thread) => (
              <ThreadCard key={thread.id} thread={thread} comments={comments} orphaned />
            ))}
          </section>
        )}
        {empty && ready && (
          <div className="comments-empty" data-testid="comments-empty">
            <span className="comments-empty-icon">
              <CommentIcon />
            </span>
            <p className="comments-empty-title">{filter === 'open' ? 'No open comments' : 'Nothing resolved yet'}</p>
            {filter === 'open' && (
              <p className="comments-empty-text">
                Select some text and choose <b>Comment</b>, or press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>M</kbd>.
              </p>
            )}
          </div>
        )}
      </div>
    </aside>
  );
}
