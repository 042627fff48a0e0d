/**
 * What an update changes in a doc, found by applying it (to a shadow copy: the caller's business)
 * and reading the transaction: every type Yjs marks as changed is traced up to its top-level type
 * and the key of that type it lies under. The write policy (roles-policy.ts) judges the result.
 */
import * as Y from 'yjs';
import type { ChangeSet } from './roles-policy';

/**
 * Applies `update` to `doc` in one transaction and describes what changed. Throws if the update
 * is malformed (the doc may then be half-changed: apply to a shadow you can rebuild).
 */
export function applyAndDescribe(doc: Y.Doc, update: Uint8Array, origin: unknown = null): ChangeSet {
  const pendingBefore = pendingOf(doc);
  let changed: Map<Y.AbstractType<unknown>, Set<string | null>> = new Map();
  doc.transact((transaction) => {
    Y.applyUpdate(doc, update, origin);
    changed = transaction.changed as Map<Y.AbstractType<unknown>, Set<string | null>>;
  }, origin);
  const names = new Map<Y.AbstractType<unknown>, string>();
  for (const [name, type] of doc.share) names.set(type as Y.AbstractType<unknown>, name);
  const roots = new Map<string, Set<string | null>>();
  for (const [type, keys] of changed) {
    const place = locate(type, keys, names);
    if (!place) continue;
    let set = roots.get(place.root);
    if (!set) roots.set(place.root, (set = new Set()));
    for (const key of place.keys) set.add(key);
  }
  // Conservative: any change of what waits (beyond all of it integrating) counts as pending.
  const pendingAfter = pendingOf(doc);
  return { roots, pending: pendingAfter !== '' && pendingAfter !== pendingBefore };
}

/** The top-level name and keys a changed type stands for; null for a type no longer in the doc. */
function locate(
  type: Y.AbstractType<unknown>,
  keys: ReadonlySet<string | null>,
  names: ReadonlyMap<Y.AbstractType<unknown>, string>,
): { root: string; keys: Iterable<string | null> } | null {
  const top = names.get(type);
  if (top !== undefined) return { root: top, keys };
  let child = type;
  for (;;) {
    const item = child._item;
    if (!item || !(item.parent instanceof Y.AbstractType)) return null;
    const parent = item.parent as Y.AbstractType<unknown>;
    const root = names.get(parent);
    if (root !== undefined) return { root, keys: [item.parentSub] };
    child = parent;
  }
}

/** The structs and deletions the doc holds but could not integrate yet, as one comparable string. */
function pendingOf(doc: Y.Doc): string {
  const { pendingStructs, pendingDs } = doc.store as unknown as { pendingStructs: { update: Uint8Array } | null; pendingDs: Uint8Array | null };
  if (!pendingStructs && !pendingDs) return '';
  return `${hex(pendingStructs?.update)}/${hex(pendingDs ?? undefined)}`;
}

const hex = (bytes: Uint8Array | undefined): string => (bytes ? Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') : '');
