/**
 * Where a page's comments live: a doc of their own, whose id every replica derives from the page
 * id with no coordination (comments.ts describes what is in it).
 */
import { digest } from 'lib0/hash/sha256';
import type { CommentsDocId, PageId } from '../ids';

const COMMENTS_DOC_PREFIX = 'comments:';
const DOC_ID_HEX_CHARS = 32;

/** Page id → comments doc id; a pure function, memoized because the host asks on every stream. */
const cache = new Map<PageId, CommentsDocId>();

/**
 * The comments doc of a page: the first 32 hex chars of SHA-256("comments:" + pageId). Every
 * replica derives the same id with no coordination, and the id passes `isId` like any doc id.
 * lib0's sha256 is pure JS in the browser and node:crypto in Node: the same digest either way.
 */
export function commentsDocId(pageId: PageId): CommentsDocId {
  let id = cache.get(pageId);
  if (id === undefined) {
    const hash = digest(new TextEncoder().encode(COMMENTS_DOC_PREFIX + pageId));
    id = Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, DOC_ID_HEX_CHARS) as CommentsDocId;
    cache.set(pageId, id);
  }
  return id;
}

/** The page whose comments doc `docId` is, among the keys of a workspace's `pages` map; or null. */
export function pageOfCommentsDoc(pageIds: Iterable<string>, docId: string): PageId | null {
  for (const pageId of pageIds) if (commentsDocId(pageId as PageId) === docId) return pageId as PageId;
  return null;
}
