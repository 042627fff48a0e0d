/**
 * The live rooms of pages open locally: a page's room is joined while at least one local opener
 * (a renderer's doc stream) holds it, for live co-editing and presence, and left with the last.
 */
import type { PageId } from '../../../shared/ids';
import type { DocKind } from '../../../shared/model/roles-policy';
import type { PageDocs } from './page-docs';
import { SyncRoom, type SyncRoomOptions } from './sync-room';

/**
 * What every page room shares with the workspace room; `kindOf` tells a page from a page's
 * comments doc, `askerOf` who asked the question a page is (null: not a question), when asked.
 */
export type PageRoomOptions = Omit<SyncRoomOptions, 'docId' | 'doc' | 'awareness' | 'kind' | 'askedBy' | 'onMessage' | 'onPeerOpen' | 'onPeerClose'> & {
  readonly kindOf: (docId: PageId) => DocKind;
  readonly askerOf: (docId: PageId) => string | null;
};

interface Slot {
  refs: number;
  room: Promise<SyncRoom>;
  open: SyncRoom | null;
}

export class PageRooms {
  private readonly slots = new Map<PageId, Slot>();

  constructor(
    private readonly pages: PageDocs,
    private options: PageRoomOptions,
  ) {}

  async join(pageId: PageId): Promise<void> {
    let slot = this.slots.get(pageId);
    if (!slot) {
      const created: Slot = { refs: 0, room: this.open(pageId), open: null };
      created.room.then(
        (room) => (created.open = room),
        () => this.slots.delete(pageId),
      );
      slot = created;
      this.slots.set(pageId, slot);
    }
    slot.refs++;
    await slot.room;
  }

  async leave(pageId: PageId): Promise<void> {
    const slot = this.slots.get(pageId);
    if (!slot) return;
    slot.refs--;
    if (slot.refs > 0) return;
    this.slots.delete(pageId);
    const room = await slot.room;
    await room.destroy();
    await this.pages.release(pageId);
  }

  /** Hosts connected in the page's room (none if we have not joined it). */
  peersOf(pageId: PageId): string[] {
    return [...(this.slots.get(pageId)?.open?.peers ?? [])].map((peer) => peer.hostId);
  }

  rooms(): SyncRoom[] {
    return [...this.slots.values()].flatMap((slot) => (slot.open ? [slot.open] : []));
  }

  addSignalingUrl(url: string): void {
    for (const slot of this.slots.values()) void slot.room.then((room) => room.addSignalingUrl(url), () => undefined);
  }

  removeSignalingUrl(url: string): void {
    for (const slot of this.slots.values()) void slot.room.then((room) => room.removeSignalingUrl(url), () => undefined);
  }

  /** Reopens every joined page's room under a new workspace key (after a key rotation). */
  async rekey(workspaceKey: string): Promise<void> {
    this.options = { ...this.options, workspaceKey };
    await Promise.all(
      [...this.slots].map(async ([pageId, slot]) => {
        const old = await slot.room.catch(() => null);
        await old?.destroy();
        slot.open = null;
        const held = await this.pages.acquire(pageId); // the new room holds the page like the old one did
        if (old) await this.pages.release(pageId);
        slot.room = SyncRoom.open({ ...this.roomOptions(pageId), doc: held.guarded, awareness: held.entry.awareness });
        slot.room.then(
          (room) => (slot.open = room),
          () => void this.pages.release(pageId),
        );
        await slot.room.catch(() => undefined);
      }),
    );
  }

  async closeAll(): Promise<void> {
    const slots = [...this.slots];
    this.slots.clear();
    await Promise.all(
      slots.map(async ([pageId, slot]) => {
        const room = await slot.room.catch(() => null);
        if (!room) return;
        await room.destroy();
        await this.pages.release(pageId);
      }),
    );
  }

  private roomOptions(pageId: PageId): Omit<SyncRoomOptions, 'doc' | 'awareness'> {
    return { ...this.options, docId: pageId, kind: this.options.kindOf(pageId), askedBy: () => this.options.askerOf(pageId) };
  }

  private async open(pageId: PageId): Promise<SyncRoom> {
    const held = await this.pages.acquire(pageId);
    try {
      return await SyncRoom.open({ ...this.roomOptions(pageId), doc: held.guarded, awareness: held.entry.awareness });
    } catch (error) {
      await this.pages.release(pageId);
      throw error;
    }
  }
}
