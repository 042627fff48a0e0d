/**
 * Who is here: the awareness states of the workspace doc, one per open window of every member,
 * on this host and on every peer (the host relays them through the workspace room). Each window
 * publishes `user` {id, name, color} (DocSession) and `page`, the page it shows (SyncSession).
 *
 * Everything here comes from peers: names are cut, colours must be hex, page ids must be ids, and
 * a state that is not what we expect is left out.
 */
import type { Awareness } from 'y-protocols/awareness';
import { isPageId, type PageId } from '../../../shared/ids';

export interface PresentMember {
  readonly memberId: string;
  readonly name: string;
  readonly color: string;
  /** The pages their windows show (none: a window on the workspace's home, trash, search…). */
  readonly pages: readonly PageId[];
}

/** The awareness field with the page a window shows. */
export const PAGE_FIELD = 'page';
const MAX_NAME = 60;
const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const MEMBER_ID = /^[0-9a-f]{64}$/;

/** Members present, others than `selfId`, by name; a member with several windows once. */
export function readPresence(states: ReadonlyMap<number, Record<string, unknown>>, selfId: string): PresentMember[] {
  const byMember = new Map<string, { name: string; color: string; pages: Set<PageId> }>();
  for (const state of states.values()) {
    const user: unknown = state.user;
    if (typeof user !== 'object' || user === null) continue;
    const { id, name, color } = user as Record<string, unknown>;
    if (typeof id !== 'string' || !MEMBER_ID.test(id) || id === selfId) continue;
    if (typeof name !== 'string' || name.trim() === '') continue;
    let entry = byMember.get(id);
    if (!entry) {
      const trimmed = name.trim();
      entry = {
        name: trimmed.length > MAX_NAME ? `${trimmed.slice(0, MAX_NAME - 1)}…` : trimmed,
        color: typeof color === 'string' && HEX_COLOR.test(color) ? color : '#808080',
        pages: new Set(),
      };
      byMember.set(id, entry);
    }
    const page = state[PAGE_FIELD];
    if (isPageId(page)) entry.pages.add(page);
  }
  return [...byMember]
    .map(([memberId, { name, color, pages }]) => ({ memberId, name, color, pages: [...pages].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.memberId.localeCompare(b.memberId));
}

/** Follows an awareness: `onChange` gets the members present whenever that list changes. */
export function watchPresence(awareness: Awareness, selfId: string, onChange: (members: PresentMember[]) => void): () => void {
  let last = '';
  const update = () => {
    const members = readPresence(awareness.getStates() as ReadonlyMap<number, Record<string, unknown>>, selfId);
    const key = JSON.stringify(members);
    if (key === last) return;
    last = key;
    onChange(members);
  };
  awareness.on('change', update);
  update();
  return () => awareness.off('change', update);
}
