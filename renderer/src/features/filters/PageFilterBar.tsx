/**
 * The filter controls at the top of the sidebar's page list: a Kind and a Tag multi-select, and
 * the active filters as chips with × and Clear. Shown while toggled open or while filtering.
 */
import { useState, type MouseEvent } from 'react';
import { describeKind, tagKey, type KindDef, type TagCount } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { isFiltering, type PageFilter } from '../../session/page-filter';
import { Check, ChevronDown, Close } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { useCell } from '../../ui/use-cell';
import { KindIcon } from '../properties/KindIcon';
import { useKinds, useWorkspaceTags } from '../properties/use-kinds';
import './filters.css';

type Which = 'kind' | 'tag';

export function PageFilterBar({ open }: { open: OpenWorkspace }) {
  const { filter } = open.treeView;
  const criteria = useCell(filter.criteria);
  const shown = useCell(filter.open);
  const kinds = useKinds(open.session);
  const tags = useWorkspaceTags(open.session);
  // Which choice list is open, hanging from which button: view state.
  const [popover, setPopover] = useState<{ which: Which; anchor: HTMLElement } | null>(null);
  const filtering = isFiltering(criteria);
  if (!shown && !filtering) return null;

  const spelling = new Map(tags.map(({ tag }) => [tagKey(tag), tag]));
  const toggle = (which: Which) => (event: MouseEvent<HTMLButtonElement>) =>
    setPopover(popover?.which === which ? null : { which, anchor: event.currentTarget });

  return (
    <div className="filter-bar" data-testid="filter-bar">
      <div className="filter-controls">
        <button type="button" className="filter-button" data-testid="filter-kind" aria-haspopup="menu" aria-expanded={popover?.which === 'kind'} onClick={toggle('kind')}>
          Kind{criteria.kinds.size > 0 && <span className="filter-count">{criteria.kinds.size}</span>}
          <ChevronDown />
        </button>
        <button type="button" className="filter-button" data-testid="filter-tag" aria-haspopup="menu" aria-expanded={popover?.which === 'tag'} onClick={toggle('tag')}>
          Tag{criteria.tags.size > 0 && <span className="filter-count">{criteria.tags.size}</span>}
          <ChevronDown />
        </button>
        {filtering && (
          <button type="button" className="filter-clear" data-testid="filter-clear" onClick={() => filter.clear()}>
            Clear
          </button>
        )}
      </div>
      {filtering && (
        <ul className="filter-chips" aria-label="Active filters">
          {[...criteria.kinds].map((id) => {
            const kind = describeKind(kinds, id);
            return (
              <li key={`kind:${id}`} className="filter-chip" data-kind-color={kind.color} data-testid="filter-chip">
                <KindIcon kind={kind} />
                <span>{kind.label}</span>
                <button type="button" aria-label={`Remove filter ${kind.label}`} onClick={() => filter.toggleKind(id)}>
                  <Close />
                </button>
              </li>
            );
          })}
          {[...criteria.tags].map((key) => (
            <li key={`tag:${key}`} className="filter-chip tag" data-testid="filter-chip">
              <span>#{spelling.get(key) ?? key}</span>
              <button type="button" aria-label={`Remove filter ${spelling.get(key) ?? key}`} onClick={() => filter.toggleTag(key)}>
                <Close />
              </button>
            </li>
          ))}
        </ul>
      )}
      {popover !== null && (
        <Popover anchor={popover.anchor} label={popover.which === 'kind' ? 'Filter by kind' : 'Filter by tag'} onClose={() => setPopover(null)} testId="filter-menu">
          {popover.which === 'kind' ? <KindChoices kinds={kinds} filter={filter} /> : <TagChoices tags={tags} filter={filter} />}
        </Popover>
      )}
    </div>
  );
}

function KindChoices({ kinds, filter }: { kinds: readonly KindDef[]; filter: PageFilter }) {
  const { kinds: chosen } = useCell(filter.criteria);
  return (
    <div role="menu" aria-label="Kinds">
      {kinds.map((kind) => (
        <button
          key={kind.id}
          type="button"
          role="menuitemcheckbox"
          aria-checked={chosen.has(kind.id)}
          className="popover-item"
          data-popover-item
          data-testid="filter-option"
          data-value={kind.id}
          onClick={() => filter.toggleKind(kind.id)}
        >
          <KindIcon kind={kind} />
          <span className="popover-item-label">{kind.label}</span>
          <span className="popover-check">{chosen.has(kind.id) && <Check />}</span>
        </button>
      ))}
    </div>
  );
}

function TagChoices({ tags, filter }: { tags: readonly TagCount[]; filter: PageFilter }) {
  const { tags: chosen } = useCell(filter.criteria);
  // The search field's text: the member's typing.
  const [query, setQuery] = useState('');
  const q = tagKey(query.trim().replace(/^#/, ''));
  const shown = tags.filter(({ tag }) => tagKey(tag).includes(q));
  return (
    <>
      <input
        className="popover-field"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder="Find a tag"
        aria-label="Find a tag"
        data-autofocus
        data-testid="filter-tag-search"
      />
      <div role="menu" aria-label="Tags">
        {shown.map(({ tag, count }) => (
          <button
            key={tag}
            type="button"
            role="menuitemcheckbox"
            aria-checked={chosen.has(tagKey(tag))}
            className="popover-item"
            data-popover-item
            data-testid="filter-option"
            data-value={tag}
            onClick={() => filter.toggleTag(tag)}
          >
            <span className="popover-item-label">#{tag}</span>
            <span className="popover-item-meta">{count}</span>
            <span className="popover-check">{chosen.has(tagKey(tag)) && <Check />}</span>
          </button>
        ))}
        {shown.length === 0 && <p className="popover-empty">{tags.length === 0 ? 'No page has tags yet.' : 'No tag matches.'}</p>}
      </div>
    </>
  );
}
