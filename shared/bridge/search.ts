/**
 * The `search` area of the bridge: argument schemas (validated in the host) and result types.
 * contract.ts declares the methods with these; the host's index lives in electron/host/search/.
 *
 * Highlights are `[start, end)` UTF-16 offsets into the string they belong to; the renderer
 * builds <mark> elements from these ranges (never HTML from the host).
 */
import * as z from 'zod';
import { isWorkspaceId, type PageId, type WorkspaceId } from '../ids';

/** Longest query text the host accepts. */
export const MAX_QUERY_LENGTH = 500;
/** Most results one call returns. */
export const MAX_SEARCH_LIMIT = 100;
export const DEFAULT_SEARCH_LIMIT = 20;
export const DEFAULT_TITLES_LIMIT = 12;
/** Most values in one filter (kinds, tags or authors). */
export const MAX_FILTER_VALUES = 50;
/** Longest kind or tag a filter may name (pages' own kinds and tags are not limited here). */
export const MAX_FILTER_VALUE_LENGTH = 200;

/** A member id: the hex Ed25519 public key of an installation. */
const MEMBER_ID = /^[0-9a-f]{64}$/;

const workspaceId = z.custom<WorkspaceId>(isWorkspaceId, 'expected a workspace id (32 hex chars)');
const text = z.string().max(MAX_QUERY_LENGTH, `a query is at most ${MAX_QUERY_LENGTH} characters`);
const limit = z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional();
const values = z.array(z.string().min(1).max(MAX_FILTER_VALUE_LENGTH)).max(MAX_FILTER_VALUES).optional();

export const searchQueryArgs = z
  .object({
    workspaceId,
    text,
    kinds: values,
    tags: values,
    authors: z.array(z.string().regex(MEMBER_ID, 'expected a member id (64 hex chars)')).max(MAX_FILTER_VALUES).optional(),
    limit,
  })
  .strict();

export const searchTitlesArgs = z.object({ workspaceId, text, limit }).strict();
export const searchFacetsArgs = z.object({ workspaceId }).strict();

export type Range = readonly [start: number, end: number];

export interface Snippet {
  /** A window of the page's text around its best match (the page's start when nothing matched in the body). */
  readonly text: string;
  readonly highlights: readonly Range[];
}

export interface SearchHit {
  readonly pageId: PageId;
  readonly title: string;
  readonly kind: string;
  readonly tags: readonly string[];
  readonly score: number;
  readonly snippet: Snippet;
  readonly titleHighlights: readonly Range[];
}

export interface SearchResults {
  /** How many pages match (`hits` holds the best `limit` of them). */
  readonly total: number;
  readonly hits: readonly SearchHit[];
}

export interface TitleHit {
  readonly pageId: PageId;
  readonly title: string;
  readonly kind: string;
  readonly score: number;
  readonly titleHighlights: readonly Range[];
  /** True when the page matched by its body (or tags) rather than its title. */
  readonly matchedBody: boolean;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface AuthorFacet {
  /** Member id. */
  readonly value: string;
  readonly name: string;
  readonly count: number;
}

/** What the visible (not trashed) pages of a workspace have, for the search view's filter chips. */
export interface SearchFacets {
  readonly kinds: readonly FacetCount[];
  readonly tags: readonly FacetCount[];
  readonly authors: readonly AuthorFacet[];
}
