/**
 * The search view's part of the route: `#/<workspaceId>/search?q=compost&kind=guide&tag=soil`.
 * Read defensively (anyone can type a URL): values over the host's limits are dropped, so a
 * route never makes a call the host would refuse.
 */
import { MAX_FILTER_VALUE_LENGTH, MAX_FILTER_VALUES, MAX_QUERY_LENGTH } from '../../../shared/bridge/search';

export interface SearchQuery {
  readonly text: string;
  readonly kinds: readonly string[];
  readonly tags: readonly string[];
  /** Member ids. */
  readonly authors: readonly string[];
}

export const EMPTY_SEARCH: SearchQuery = { text: '', kinds: [], tags: [], authors: [] };
const MEMBER_ID = /^[0-9a-f]{64}$/;

const values = (params: URLSearchParams, name: string, valid: (v: string) => boolean): string[] =>
  [...new Set(params.getAll(name))].filter(valid).slice(0, MAX_FILTER_VALUES);
const label = (v: string): boolean => v.length > 0 && v.length <= MAX_FILTER_VALUE_LENGTH;

export function parseSearchQuery(query: string): SearchQuery {
  const params = new URLSearchParams(query);
  return {
    text: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    kinds: values(params, 'kind', label),
    tags: values(params, 'tag', label),
    authors: values(params, 'author', (v) => MEMBER_ID.test(v)),
  };
}

/** The query string, without '?'; empty for an empty query. */
export function formatSearchQuery(query: SearchQuery): string {
  const params = new URLSearchParams();
  if (query.text !== '') params.set('q', query.text);
  for (const kind of query.kinds) params.append('kind', kind);
  for (const tag of query.tags) params.append('tag', tag);
  for (const author of query.authors) params.append('author', author);
  return params.toString();
}
