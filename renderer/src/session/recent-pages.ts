/**
 * The pages opened most recently in each workspace, newest first, for the quick switcher's
 * empty state. A UI preference in local settings (never document content): ids only.
 */
import { isPageId, type PageId, type WorkspaceId } from '../../../shared/ids';
import { readSetting, writeSetting } from './local-settings';

/** How many pages a workspace's list keeps. */
export const MAX_RECENT_PAGES = 20;
const key = (workspaceId: WorkspaceId) => `recentPages.${workspaceId}`;

export function readRecentPages(workspaceId: WorkspaceId): PageId[] {
  try {
    const value: unknown = JSON.parse(readSetting(key(workspaceId)) ?? '[]');
    return Array.isArray(value) ? value.filter(isPageId).slice(0, MAX_RECENT_PAGES) : [];
  } catch {
    return []; // a damaged preference is just forgotten
  }
}

/** Moves `pageId` to the front of the workspace's list. */
export function noteRecentPage(workspaceId: WorkspaceId, pageId: PageId): PageId[] {
  const list = [pageId, ...readRecentPages(workspaceId).filter((id) => id !== pageId)].slice(0, MAX_RECENT_PAGES);
  writeSetting(key(workspaceId), JSON.stringify(list));
  return list;
}
