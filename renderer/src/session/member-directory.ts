/**
 * Names and colours of members, for showing who wrote what. In order of trust:
 * 1. this member (the profile the app runs as),
 * 2. the workspace doc's `members` map,
 * 3. whoever is here now (the `user` of awareness states of the given docs),
 * 4. the profile an author recorded with their comment,
 * 5. a short prefix of the member id.
 * Everything but the first comes from peers: names are cut to a length and colours must be hex.
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { MemberProfile } from '../../../shared/bridge/contract';
import type { MemberId } from '../../../shared/ids';
import { FALLBACK_MEMBER_COLOR, getMembersMap, readMember } from '../../../shared/model';
import { StateCell } from './state-cell';

export interface MemberLook {
  readonly name: string;
  readonly color: string;
}

const MAX_NAME = 60;
const ID_PREFIX = 6;
const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export class MemberDirectory {
  /** Bumped whenever a source changes: components read it to re-render, then call `look`. */
  readonly version = new StateCell(0);
  private readonly disposers: Array<() => void> = [];

  constructor(
    private me: MemberProfile,
    private readonly workspaceDoc: Y.Doc,
    private readonly awarenesses: readonly Awareness[],
  ) {
    const bump = () => this.version.set(this.version.get() + 1);
    const members = getMembersMap(workspaceDoc);
    members.observeDeep(bump);
    this.disposers.push(() => members.unobserveDeep(bump));
    for (const awareness of awarenesses) {
      awareness.on('change', bump);
      this.disposers.push(() => awareness.off('change', bump));
    }
  }

  /** Our own profile changed: what `look` says of us, from now on. */
  setMe(me: MemberProfile): void {
    this.me = me;
    this.version.set(this.version.get() + 1);
  }

  look(id: MemberId, recorded?: MemberLook): MemberLook {
    if (id === this.me.id) return { name: this.me.name, color: this.me.color };
    const member = readMember(this.workspaceDoc, id);
    if (member !== null && member.name !== '') return clean(member.name, member.color);
    for (const awareness of this.awarenesses) {
      for (const state of awareness.getStates().values()) {
        const user: unknown = state.user;
        if (typeof user !== 'object' || user === null) continue;
        const { id: userId, name, color } = user as Record<string, unknown>;
        if (userId === id && typeof name === 'string' && name.trim() !== '') return clean(name, color);
      }
    }
    if (recorded !== undefined && recorded.name.trim() !== '') return clean(recorded.name, recorded.color);
    return { name: `Member ${id.slice(0, ID_PREFIX)}`, color: FALLBACK_MEMBER_COLOR };
  }

  destroy(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }
}

function clean(name: string, color: unknown): MemberLook {
  const trimmed = name.trim();
  return {
    name: trimmed.length > MAX_NAME ? `${trimmed.slice(0, MAX_NAME - 1)}…` : trimmed,
    color: typeof color === 'string' && HEX_COLOR.test(color) ? color : FALLBACK_MEMBER_COLOR,
  };
}
