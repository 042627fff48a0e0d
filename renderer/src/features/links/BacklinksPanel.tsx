/**
 * Below the page: the pages that link here, each with the paragraph around each link (the link
 * highlighted), and, folded by default, the unlinked mentions of this page's title with a
 * "Link" button each. State and queries live in BacklinksModel.
 */
import { useEffect, useMemo } from 'react';
import type { LinkContext, UnlinkedMention } from '../../../../shared/bridge/links';
import type { PageId } from '../../../../shared/ids';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { ChevronDown, ChevronRight, PageIcon } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { BacklinksModel, groupBySource, mentionKey, splitContext } from './backlinks-model';
import './links.css';

function Context({ context }: { context: LinkContext }) {
  const [before, hit, after] = splitContext(context);
  return (
    <p className="backlinks-context" data-testid="backlink-context">
      {before}
      <mark>{hit}</mark>
      {after}
    </p>
  );
}

function SourceButton({ pageId, title }: { pageId: PageId; title: string }) {
  const app = useApp();
  return (
    <button type="button" className="backlinks-source" data-testid="backlink-source" onClick={() => app.openPage(pageId)}>
      <PageIcon />
      <span>{title}</span>
    </button>
  );
}

function Mentions({ model }: { model: BacklinksModel }) {
  const { mentions, linking } = useCell(model.state);
  if (mentions === null) return <p className="backlinks-empty">Looking for mentions…</p>;
  if (mentions.length === 0) return <p className="backlinks-empty">No other page mentions this title without linking it.</p>;
  return (
    <ul className="backlinks-list">
      {groupBySource(mentions).map((group) => (
        <li key={group.sourcePageId} className="backlinks-group" data-testid="mention" data-source-id={group.sourcePageId}>
          <SourceButton pageId={group.sourcePageId} title={group.sourceTitle} />
          {group.items.map((mention: UnlinkedMention) => (
            <div key={mentionKey(mention)} className="backlinks-mention">
              <Context context={mention.context} />
              <button
                type="button"
                className="button backlinks-link"
                data-testid="mention-link"
                disabled={linking.has(mentionKey(mention))}
                onClick={() => void model.link(mention)}
              >
                Link
              </button>
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}

export function BacklinksPanel({ open, pageId }: { open: OpenWorkspace; pageId: PageId }) {
  const app = useApp();
  const workspaceId = open.session.workspaceId;
  const model = useMemo(() => new BacklinksModel(app.bridge, workspaceId, pageId, app.toasts.error), [app, workspaceId, pageId]);
  useEffect(() => {
    model.start();
    return () => model.dispose();
  }, [model]);
  const { status, backlinks, mentionsOpen } = useCell(model.state);
  const groups = groupBySource(backlinks);
  const count = groups.length;

  return (
    <section className="backlinks" data-testid="backlinks" data-state={status} aria-label="Backlinks">
      <h2 className="backlinks-heading" data-testid="backlinks-heading">
        {status === 'loading' ? 'Backlinks' : count === 0 ? 'No backlinks' : `Linked from ${count} ${count === 1 ? 'page' : 'pages'}`}
      </h2>
      {status === 'ready' && count === 0 && (
        <p className="backlinks-empty">No other page links here yet. Type [[ in a page to link to this one.</p>
      )}
      {status === 'failed' && <p className="backlinks-empty">Backlinks could not be loaded.</p>}
      {count > 0 && (
        <ul className="backlinks-list">
          {groups.map((group) => (
            <li key={group.sourcePageId} className="backlinks-group" data-testid="backlink" data-source-id={group.sourcePageId}>
              <SourceButton pageId={group.sourcePageId} title={group.sourceTitle} />
              {group.items.map((link, index) => (
                <Context key={index} context={link.context} />
              ))}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="backlinks-toggle"
        data-testid="mentions-toggle"
        aria-expanded={mentionsOpen}
        onClick={() => model.toggleMentions()}
      >
        {mentionsOpen ? <ChevronDown /> : <ChevronRight />}
        <span>Unlinked mentions</span>
      </button>
      {mentionsOpen && <Mentions model={model} />}
    </section>
  );
}
