/**
 * Internal helpers of the page operations (pages.ts, trash.ts): validation and typed writes.
 * Not part of the public API.
 *
 * @safety Every operation validates and computes everything it writes before it opens its
 * transaction: `doc.transact` does not roll back, so an error thrown half way through would
 * leave (and broadcast) half an operation.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { MemberId, PageId } from '../ids';
import { placeAt } from './order';
import type { Placement } from './order';
import { getPageMap } from './schema';
import type { PageFields, PageKind, PageRecord } from './schema';
import type { PageTree } from './tree';

/** Longest title accepted, in UTF-16 code units. */
export const MAX_TITLE_LENGTH = 1000;
/** Longest kind or tag accepted, in UTF-16 code units. */
export const MAX_LABEL_LENGTH = 64;
/** Most tags one page may carry. */
export const MAX_TAGS = 100;

/** Who does an operation, and when (ms since the epoch, from the caller's clock). */
export interface Stamp {
  readonly by: MemberId;
  readonly now: number;
}

export function requirePageMap(doc: Y.Doc, id: PageId): Y.Map<unknown> {
  const map = getPageMap(doc, id);
  if (map === null) throw new CommonplaceError('not-found', `no page ${id}`);
  return map;
}

/** A visible parent (or the top level, null) that pages may be created in or moved to. */
export function requireLiveParent(tree: PageTree, parentId: PageId | null): void {
  if (parentId === null) return;
  const parent = tree.byId.get(parentId);
  if (parent === undefined) throw new CommonplaceError('not-found', `no parent page ${parentId}`);
  if (parent.inTrash) throw new CommonplaceError('conflict', `parent page ${parentId} is in the trash`);
}

/** The visible children of a parent (null: the top level), in display order. */
export function liveChildren(tree: PageTree, parentId: PageId | null): PageRecord[] {
  const nodes = parentId === null ? tree.roots : (tree.byId.get(parentId)?.children ?? []);
  return nodes.map((node) => node.page);
}

/** Validates `index` as a position among `count` siblings (0 = first, count = last). */
export function requireIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index > count) {
    throw new CommonplaceError('invalid-argument', `index ${index} is not within 0..${count}`);
  }
}

/** Placement of a page at `index` among the visible children of `parentId`, itself excluded. */
export function placeAmong(tree: PageTree, parentId: PageId | null, index: number, self?: PageId): Placement {
  const siblings = liveChildren(tree, parentId).filter((page) => page.id !== self);
  requireIndex(index, siblings.length);
  return placeAt(siblings, index);
}

export function requireTitle(title: string): void {
  if (typeof title !== 'string') throw new CommonplaceError('invalid-argument', 'title must be a string');
  if (title.length > MAX_TITLE_LENGTH) throw new CommonplaceError('too-large', `title over ${MAX_TITLE_LENGTH} chars`);
}

export function requireKind(kind: PageKind): void {
  if (typeof kind !== 'string' || kind.trim() === '' || kind.length > MAX_LABEL_LENGTH) {
    throw new CommonplaceError('invalid-argument', `kind must be 1..${MAX_LABEL_LENGTH} chars`);
  }
}

/** Trimmed, distinct tags in the given order; rejects empty, overlong or too many tags. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of tags) {
    const tag = typeof raw === 'string' ? raw.trim() : '';
    if (tag === '' || tag.length > MAX_LABEL_LENGTH) {
      throw new CommonplaceError('invalid-argument', `a tag must be 1..${MAX_LABEL_LENGTH} chars`);
    }
    out.add(tag);
  }
  if (out.size > MAX_TAGS) throw new CommonplaceError('invalid-argument', `at most ${MAX_TAGS} tags`);
  return [...out];
}

/** Typed write of one field. */
export function setField<K extends keyof PageFields>(map: Y.Map<unknown>, key: K, value: PageFields[K]): void {
  map.set(key, value);
}

/** Writes a field only if it changed; returns whether it wrote. Avoids churn in the update log. */
export function setIfChanged<K extends Exclude<keyof PageFields, 'tags'>>(
  map: Y.Map<unknown>,
  key: K,
  value: PageFields[K],
): boolean {
  if (map.get(key) === value) return false;
  map.set(key, value);
  return true;
}

export function touch(map: Y.Map<unknown>, { by, now }: Stamp): void {
  setField(map, 'updatedBy', by);
  setField(map, 'updatedAt', now);
}

/** Writes a placement: the page's key, and the keys of any siblings it re-keys. */
export function writePlacement(doc: Y.Doc, map: Y.Map<unknown>, placement: Placement): void {
  setIfChanged(map, 'order', placement.order);
  for (const [id, order] of placement.rekeyed) {
    const sibling = getPageMap(doc, id);
    if (sibling !== null) setIfChanged(sibling, 'order', order);
  }
}

/**
 * Makes the stored tags of a page equal `tags` (already normalized) by deleting and appending
 * items, never by replacing the array: a concurrent edit on another replica then merges
 * (both adds survive; the same tag added twice collapses on read). Existing tags keep their
 * position; new ones are appended. Replaces the field if it is missing or not a Y.Array.
 */
export function writeTags(map: Y.Map<unknown>, tags: readonly string[]): boolean {
  const stored = map.get('tags');
  if (!(stored instanceof Y.Array)) {
    setField(map, 'tags', Y.Array.from([...tags]));
    return true;
  }
  const array = stored as Y.Array<unknown>;
  const wanted = new Set(tags);
  const kept = new Set<string>();
  const items = array.toArray();
  let changed = false;
  // Delete from the end so earlier indices stay valid.
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const isFirst = typeof item === 'string' && items.indexOf(item) === i;
    if (typeof item === 'string' && wanted.has(item) && isFirst) {
      kept.add(item);
    } else {
      array.delete(i, 1);
      changed = true;
    }
  }
  const missing = tags.filter((tag) => !kept.has(tag));
  if (missing.length > 0) {
    array.push(missing);
    changed = true;
  }
  return changed;
}
