/**
 * Start here: the onboarding a community offers its newcomers.
 *
 *   meta.startHere         PageId | null   the page shown to a new member on their first open
 *   pages[pageId].goodFirst  true | absent  "a good first contribution" (a page or a question)
 *
 * Pinning writes `meta`, which only stewards may change (roles-policy.ts), so honest peers keep a
 * pin only a steward made. Marking good first contributions writes the page entry (contributors
 * may); the UI offers both to stewards. Who counts as a newcomer is `isNewcomer`.
 */
import type * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { PageId } from '../ids';
import { roleAtLeast, type Role } from './members';
import { requirePageMap } from './page-writes';
import { getMetaMap, getPageMap } from './schema';
import type { PageTree } from './tree';

export const META_START_HERE = 'startHere';
export const PAGE_GOOD_FIRST = 'goodFirst';
/** A member is new for this long after joining. */
export const NEWCOMER_DAYS = 14;
const NEWCOMER_MS = NEWCOMER_DAYS * 86_400_000;

/** The pinned page, if it is set, names a page of the doc, and that page is not in the trash. */
export function readStartHere(doc: Y.Doc, tree: PageTree): PageId | null {
  const value = getMetaMap(doc).get(META_START_HERE);
  if (typeof value !== 'string') return null;
  const node = tree.byId.get(value as PageId);
  return node !== undefined && !node.inTrash ? node.page.id : null;
}

/** Pins a page as Start here (null unpins). The page must exist and not be in the trash. */
export function setStartHere(doc: Y.Doc, tree: PageTree, pageId: PageId | null, origin: unknown): void {
  if (pageId !== null) {
    const node = tree.byId.get(pageId);
    if (node === undefined) throw new CommonplaceError('not-found', `no page ${pageId}`);
    if (node.inTrash) throw new CommonplaceError('conflict', 'a page in the trash cannot be pinned');
  }
  const meta = getMetaMap(doc);
  if ((meta.get(META_START_HERE) ?? null) === pageId) return;
  doc.transact(() => meta.set(META_START_HERE, pageId), origin);
}

export function isGoodFirst(doc: Y.Doc, pageId: PageId): boolean {
  return getPageMap(doc, pageId)?.get(PAGE_GOOD_FIRST) === true;
}

/** Marks or unmarks a page as a good first contribution. */
export function setGoodFirst(doc: Y.Doc, pageId: PageId, goodFirst: boolean, origin: unknown): void {
  const map = requirePageMap(doc, pageId);
  if ((map.get(PAGE_GOOD_FIRST) === true) === goodFirst) return;
  doc.transact(() => {
    if (goodFirst) map.set(PAGE_GOOD_FIRST, true);
    else map.delete(PAGE_GOOD_FIRST);
  }, origin);
}

/** Pages marked as good first contributions and not in the trash, in tree order. */
export function listGoodFirst(doc: Y.Doc, tree: PageTree): PageId[] {
  const out: PageId[] = [];
  const walk = (nodes: PageTree['roots']) => {
    for (const node of nodes) {
      if (getPageMap(doc, node.page.id)?.get(PAGE_GOOD_FIRST) === true) out.push(node.page.id);
      walk(node.children);
    }
  };
  walk(tree.roots);
  return out;
}

/**
 * A newcomer: still reading or commenting (below contributor), or a contributor who joined less
 * than NEWCOMER_DAYS ago. Stewards (a workspace's founder among them) are never newcomers, and
 * neither is anyone whose role is not known (yet); `joinedAt` 0 or unknown makes nobody new.
 */
export function isNewcomer(role: Role | null, joinedAt: number | null, now: number): boolean {
  if (role === null || role === 'steward') return false;
  if (!roleAtLeast(role, 'contributor')) return true;
  return joinedAt !== null && joinedAt > 0 && now - joinedAt < NEWCOMER_MS;
}
