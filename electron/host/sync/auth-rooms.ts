/**
 * The workspace doc's rooms of one PeerSync: the room of the current workspace key, and — after a
 * key rotation — the room of the previous key, kept as a lobby: a member who was away when a
 * member was removed comes back to the old rooms, meets us there (the handshake still refuses the
 * removed member), receives the rotation record with its sealed key, and moves on. When the key
 * changes, every room is reopened under the new key.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { DocId } from '../../../shared/ids';
import type { KeyState } from './auth-keys';
import type { GuardedDoc } from './guarded-doc';
import type { RemotePeer, RoomAuth } from './room-guard';
import { SyncRoom } from './sync-room';
import type { IceServer } from './wrtc-types';

/** What PeerSync needs of the workspace's members and keys (WorkspaceAuth has it). */
export interface SyncAuth extends RoomAuth {
  readonly keys: {
    readonly current: KeyState;
    onDidChangeKey(listener: () => void): () => void;
  };
}

export interface WorkspaceRoomsOptions {
  readonly docId: DocId;
  readonly doc: GuardedDoc;
  readonly awareness: Awareness;
  readonly auth: SyncAuth;
  readonly signaling: readonly string[];
  readonly iceServers: readonly IceServer[];
  readonly watchdogMs?: number;
  readonly onMessage: (peer: RemotePeer, type: number, message: Uint8Array) => void;
  readonly onPeerOpen: (peer: RemotePeer) => void;
  readonly onPeerClose: (peer: RemotePeer) => void;
}

export class WorkspaceRooms {
  private open: SyncRoom[] = [];

  private constructor(private readonly options: WorkspaceRoomsOptions) {}

  static async open(options: WorkspaceRoomsOptions): Promise<WorkspaceRooms> {
    const rooms = new WorkspaceRooms(options);
    await rooms.openAll();
    return rooms;
  }

  rooms(): SyncRoom[] {
    return [...this.open];
  }

  addSignalingUrl(url: string): void {
    for (const room of this.open) room.addSignalingUrl(url);
  }

  removeSignalingUrl(url: string): void {
    for (const room of this.open) room.removeSignalingUrl(url);
  }

  /** Reopens every room under the key now current. */
  async rekey(): Promise<void> {
    await this.destroy();
    await this.openAll();
  }

  async destroy(): Promise<void> {
    const rooms = this.open;
    this.open = [];
    await Promise.all(rooms.map((room) => room.destroy()));
  }

  private async openAll(): Promise<void> {
    const { current } = this.options.auth.keys;
    const keys = [current.key, ...(current.previousKey ? [current.previousKey] : [])];
    const { docId, doc, awareness, auth, signaling, iceServers, watchdogMs, onMessage, onPeerOpen, onPeerClose } = this.options;
    this.open = await Promise.all(
      keys.map((workspaceKey) =>
        SyncRoom.open({ docId, workspaceKey, doc, awareness, auth, kind: 'workspace', signaling, iceServers, watchdogMs, onMessage, onPeerOpen, onPeerClose }),
      ),
    );
  }
}
