/**
 * What tells workspaces apart in the switcher. Names need not be unique — a member who joins
 * "Field station" may already have a "Field station" of its own — so a workspace that shares its
 * name with another gets a detail: the day it was created, and, if that is the same day too, the
 * first characters of its id.
 */
import type { WorkspaceInfo } from '../../../../shared/bridge/contract';

/** The detail of each workspace whose name is not unique (absent for the others). */
export function workspaceDetails(workspaces: readonly WorkspaceInfo[], locale?: string, now = Date.now()): Map<string, string> {
  const details = new Map<string, string>();
  for (const sameName of groupBy(workspaces, (w) => w.name).values()) {
    if (sameName.length === 1) continue;
    for (const [day, sameDay] of groupBy(sameName, (w) => createdOn(w, locale, now))) {
      for (const w of sameDay) details.set(w.id, sameDay.length === 1 ? `created ${day}` : `created ${day} · ${w.id.slice(0, 6)}`);
    }
  }
  return details;
}

function createdOn(workspace: WorkspaceInfo, locale: string | undefined, now: number): string {
  const date = new Date(workspace.createdAt);
  const thisYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', ...(thisYear ? {} : { year: 'numeric' }) });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
