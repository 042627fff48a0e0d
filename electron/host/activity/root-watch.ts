/**
 * Which changes of the workspace doc change its activity: pages added or removed, a page's kind
 * or creation, edit records (ours when written, peers' as they arrive), the members and the role
 * grants (who joined, and names). Not a title being typed, a move or a tag — the renderer shows
 * those from its own replica — so a window does not fetch the feed again on every keystroke of
 * a title somewhere.
 */
import * as Y from 'yjs';
import { EDITS_KEY_PREFIX } from '../../../shared/model/activity';
import { getMembersMap, getPagesMap } from '../../../shared/model';
import { getGrantsMap } from '../../../shared/model/roles';

/** Page fields the feed reads (activity-extract.ts `workspaceActivity`). */
const FEED_FIELDS = new Set(['kind', 'createdBy', 'createdAt']);

function changesActivity(event: Y.YEvent<Y.AbstractType<unknown>>): boolean {
  const [, field] = event.path;
  if (event.path.length === 0) return true; // a page added or removed
  if (event.path.length === 1) return [...event.changes.keys.keys()].some((key) => FEED_FIELDS.has(key) || key.startsWith(EDITS_KEY_PREFIX));
  return typeof field === 'string' && field.startsWith(EDITS_KEY_PREFIX); // inside a member's edit records
}

/** Calls `onChange` after each transaction that changed the workspace's activity; returns the unwatch. */
export function watchActivityOfRoot(doc: Y.Doc, onChange: () => void): () => void {
  const pages = getPagesMap(doc);
  const onPages = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (events.some(changesActivity)) onChange();
  };
  const others = [getMembersMap(doc), getGrantsMap(doc)];
  pages.observeDeep(onPages);
  for (const map of others) map.observeDeep(onChange);
  return () => {
    pages.unobserveDeep(onPages);
    for (const map of others) map.unobserveDeep(onChange);
  };
}
