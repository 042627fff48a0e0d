/**
 * The search view (`#/<ws>/search?q=…`, Ctrl/Cmd+Shift+F): a field, filter chips for kind,
 * tag and author, the number of matches and each match with a highlighted snippet. The query
 * lives in the route; SearchSession runs it and this renders what came back.
 */
import { useSyncExternalStore } from 'react';
import type { SearchHit } from '../../../../shared/bridge/search';
import { pathTo } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { EmptyState } from '../../ui/EmptyState';
import { SearchIcon } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { Highlighted } from './Highlighted';
import { KindLabel } from './KindLabel';
import { SearchFilters } from './SearchFilters';
import './search.css';

export function SearchView({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const { query, results, loading } = useCell(app.search.view);
  const filtered = query.kinds.length + query.tags.length + query.authors.length > 0;
  const text = query.text.trim();
  return (
    <section className="search-view" data-testid="search-view" aria-busy={loading}>
      <h1 className="view-title">Search</h1>
      <label className="search-field">
        <SearchIcon />
        <input
          autoFocus
          type="search"
          value={query.text}
          placeholder="Search the titles and text of every page…"
          aria-label="Search pages"
          data-testid="search-input"
          onChange={(event) => app.search.setQuery({ ...query, text: event.target.value })}
        />
      </label>
      <SearchFilters open={open} />
      {results !== null && (
        <p className="search-count" data-testid="search-count" aria-live="polite">
          {countLine(results.total, results.hits.length, text, filtered)}
        </p>
      )}
      {results !== null && results.total === 0 ? (
        <EmptyState icon={<SearchIcon />} title="No pages match" testId="search-empty">
          {filtered ? 'Try other words, or remove a filter.' : 'Try other words, or fewer of them.'}
        </EmptyState>
      ) : (
        <ol className="search-results" data-testid="search-results">
          {results?.hits.map((hit) => <SearchResultRow key={hit.pageId} open={open} hit={hit} />)}
        </ol>
      )}
    </section>
  );
}

function countLine(total: number, shown: number, text: string, filtered: boolean): string {
  const pages = `${total.toLocaleString()} ${total === 1 ? 'page' : 'pages'}`;
  const more = shown < total ? ` (the best ${shown} shown)` : '';
  if (text === '') return `${pages}${filtered ? ' with these filters' : ''}, most recently updated first${more}`;
  return `${pages} ${total === 1 ? 'matches' : 'match'} “${text}”${more}`;
}

function SearchResultRow({ open, hit }: { open: OpenWorkspace; hit: SearchHit }) {
  const app = useApp();
  const tree = useSyncExternalStore(open.session.subscribe, open.session.getTree);
  const path = pathTo(tree, hit.pageId).slice(0, -1).map((page) => page.title || UNTITLED);
  return (
    <li className="search-result" data-testid="search-result" data-page-id={hit.pageId}>
      <button type="button" className="search-result-open" onClick={() => app.openPage(hit.pageId)}>
        <span className="search-result-head">
          <span className="search-result-title">
            {hit.title === '' ? <span className="untitled">{UNTITLED}</span> : <Highlighted text={hit.title} ranges={hit.titleHighlights} />}
          </span>
          <KindLabel open={open} kind={hit.kind} />
        </span>
        {path.length > 0 && <span className="search-result-path">{path.join(' / ')}</span>}
        {hit.snippet.text !== '' && (
          <span className="search-snippet" data-testid="search-snippet">
            <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
          </span>
        )}
        {hit.tags.length > 0 && (
          <span className="search-result-tags">
            {hit.tags.map((tag) => (
              <span key={tag} className="search-tag">#{tag}</span>
            ))}
          </span>
        )}
      </button>
    </li>
  );
}
