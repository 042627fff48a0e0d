/**
 * Tags as members type them, and as the workspace knows them. Pure functions over strings and
 * page snapshots; the stored tag set of a page is written by pages.ts `setPageTags`.
 *
 * The rules follow Obsidian's, so an exported vault keeps its tags:
 * - a tag is trimmed, loses a leading `#`, and has no spaces (a run of white space becomes `-`);
 *   commas separate tags when typed;
 * - tags keep the case they were typed in but compare case-insensitively: `Soil` and `soil` are
 *   one tag. A page never carries both, and a tag typed in another case than one the workspace
 *   already uses takes the workspace's spelling.
 * The comparison key is `String.prototype.toLowerCase`, which does not depend on the locale, so
 * every replica groups tags the same way.
 */
import { MAX_LABEL_LENGTH, MAX_TAGS } from './page-writes';
import type { PageRecord } from './schema';
import { compareStrings } from './schema';

/** A tag of the workspace, in its most used spelling, with how many pages carry it. */
export interface TagCount {
  readonly tag: string;
  readonly count: number;
}

/** The key tags are compared by. */
export const tagKey = (tag: string): string => tag.toLowerCase();

/** A typed tag in its stored form, or null when nothing usable is left or it is too long. */
export function normalizeTag(raw: string): string | null {
  const tag = raw
    .normalize('NFC')
    .trim()
    .replace(/^#+/, '')
    .replace(/[\s,]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return tag === '' || tag.length > MAX_LABEL_LENGTH ? null : tag;
}

/** The tags in a typed or pasted text: separated by commas or new lines; unusable parts dropped. */
export function tagsFromInput(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map(normalizeTag)
    .filter((tag): tag is string => tag !== null);
}

/** Tags with case-insensitive duplicates removed, the first spelling kept, in order. */
export function distinctTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tagKey(tag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `current` with `added` appended: normalized, in the workspace's spelling when `known` has the
 * same tag in another case, without duplicates, and never past `MAX_TAGS`.
 */
export function addTags(current: readonly string[], added: readonly string[], known: readonly TagCount[] = []): string[] {
  const spelling = new Map(known.map(({ tag }) => [tagKey(tag), tag]));
  const out = distinctTags(current);
  const keys = new Set(out.map(tagKey));
  for (const raw of added) {
    const tag = normalizeTag(raw);
    if (tag === null || out.length >= MAX_TAGS) continue;
    const key = tagKey(tag);
    if (keys.has(key)) continue;
    keys.add(key);
    out.push(spelling.get(key) ?? tag);
  }
  return out;
}

/** `current` without `tag` (in any case). */
export function removeTag(current: readonly string[], tag: string): string[] {
  const key = tagKey(tag);
  return distinctTags(current).filter((t) => tagKey(t) !== key);
}

/** Whether a page carries every one of `keys` (tag keys). */
export function hasAllTags(page: PageRecord, keys: ReadonlySet<string>): boolean {
  if (keys.size === 0) return true;
  const own = new Set(page.tags.map(tagKey));
  for (const key of keys) if (!own.has(key)) return false;
  return true;
}

/**
 * Every tag used by `pages`, most used first (ties alphabetical by key), each in its most used
 * spelling (ties: the code-unit smallest, so every replica picks the same one).
 */
export function workspaceTags(pages: Iterable<PageRecord>): TagCount[] {
  const byKey = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const page of pages) {
    for (const tag of distinctTags(page.tags)) {
      const key = tagKey(tag);
      let entry = byKey.get(key);
      if (entry === undefined) byKey.set(key, (entry = { count: 0, spellings: new Map() }));
      entry.count++;
      entry.spellings.set(tag, (entry.spellings.get(tag) ?? 0) + 1);
    }
  }
  const out: Array<TagCount & { key: string }> = [];
  for (const [key, { count, spellings }] of byKey) {
    let best = '';
    let bestCount = -1;
    for (const [tag, n] of spellings) {
      if (n > bestCount || (n === bestCount && compareStrings(tag, best) < 0)) [best, bestCount] = [tag, n];
    }
    out.push({ key, tag: best, count });
  }
  out.sort((a, b) => b.count - a.count || compareStrings(a.key, b.key));
  return out.map(({ tag, count }) => ({ tag, count }));
}

/**
 * Completions for a tag being typed: known tags not already chosen whose key starts with the
 * query, then those that contain it elsewhere; each group keeps `known`'s order (most used first).
 */
export function suggestTags(known: readonly TagCount[], query: string, chosen: readonly string[], limit: number): TagCount[] {
  const q = tagKey(normalizeTag(query) ?? '');
  const taken = new Set(chosen.map(tagKey));
  const open = known.filter(({ tag }) => !taken.has(tagKey(tag)));
  if (q === '') return open.slice(0, limit);
  const starts = open.filter(({ tag }) => tagKey(tag).startsWith(q));
  const contains = open.filter(({ tag }) => !tagKey(tag).startsWith(q) && tagKey(tag).includes(q));
  return [...starts, ...contains].slice(0, limit);
}
