/** The search view's filter chips: kinds, tags and authors present in the workspace, with counts. */
import type { FacetCount } from '../../../../shared/bridge/search';
import { describeKind } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import type { SearchQuery } from '../../session/search-route';
import { useApp } from '../../ui/app-context';
import { useCell } from '../../ui/use-cell';
import { useKinds } from '../properties/use-kinds';

/** Tags beyond the most frequent ones are left out unless chosen. */
const MAX_TAG_CHIPS = 16;

type Field = 'kinds' | 'tags' | 'authors';

const toggled = (values: readonly string[], value: string): string[] =>
  values.includes(value) ? values.filter((v) => v !== value) : [...values, value];

export function SearchFilters({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const { query, facets } = useCell(app.search.view);
  const kinds = useKinds(open.session);
  if (facets === null) return null;
  const toggle = (field: Field, value: string) => app.search.setQuery({ ...query, [field]: toggled(query[field], value) } as SearchQuery);
  const tags = withChosen(facets.tags.slice(0, MAX_TAG_CHIPS), query.tags);
  return (
    <div className="search-filters" data-testid="search-filters">
      <ChipGroup label="Kind" field="kinds" chosen={query.kinds} items={withChosen(facets.kinds, query.kinds)} name={(v) => describeKind(kinds, v).label} onToggle={toggle} />
      {tags.length > 0 && <ChipGroup label="Tag" field="tags" chosen={query.tags} items={tags} name={(v) => `#${v}`} onToggle={toggle} />}
      {facets.authors.length > 1 || query.authors.length > 0 ? (
        <ChipGroup
          label="Author"
          field="authors"
          chosen={query.authors}
          items={withChosen(facets.authors, query.authors)}
          name={(v) => facets.authors.find((a) => a.value === v)?.name ?? v.slice(0, 8)}
          onToggle={toggle}
        />
      ) : null}
    </div>
  );
}

/** The facet counts, plus any chosen value no visible page has any more (count 0). */
function withChosen(items: readonly FacetCount[], chosen: readonly string[]): FacetCount[] {
  const missing = chosen.filter((v) => !items.some((item) => item.value === v)).map((value) => ({ value, count: 0 }));
  return [...items, ...missing];
}

interface ChipGroupProps {
  readonly label: string;
  readonly field: Field;
  readonly chosen: readonly string[];
  readonly items: readonly FacetCount[];
  readonly name: (value: string) => string;
  readonly onToggle: (field: Field, value: string) => void;
}

function ChipGroup({ label, field, chosen, items, name, onToggle }: ChipGroupProps) {
  return (
    <div className="search-chip-group" role="group" aria-label={label}>
      <span className="search-chip-label">{label}</span>
      {items.map((item) => {
        const on = chosen.includes(item.value);
        return (
          <button
            key={item.value}
            type="button"
            className={on ? 'search-chip on' : 'search-chip'}
            aria-pressed={on}
            data-testid={`search-chip-${field}`}
            onClick={() => onToggle(field, item.value)}
          >
            {name(item.value)}
            <span className="search-chip-count">{item.count}</span>
          </button>
        );
      })}
    </div>
  );
}
