/**
 * SyncRoom.destroy at shutdown: it resolves only once every peer connection the room made has
 * settled (PeerConnections.closeAll, node-wrtc.ts; over real WebRTC in node-wrtc.test.ts), so a
 * process may end right after. No network here: the room has no signaling server and no peers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import { encodeBase64Url } from '../../../shared/crypto/room-keys';
import { openAuth, testIdentity, workspaceDoc } from './auth-test-support';
import { GuardedDoc } from './guarded-doc';
import { PeerConnections } from './node-wrtc';
import { SyncRoom } from './sync-room';
import type { DocId } from '../../../shared/ids';

afterEach(() => {
  vi.restoreAllMocks();
});

async function openRoom(): Promise<SyncRoom> {
  const me = await testIdentity('Ada');
  const doc = workspaceDoc(me);
  const auth = await openAuth(me, doc, me.signer.id);
  return SyncRoom.open({
    docId: doc.guid as DocId,
    workspaceKey: encodeBase64Url(new Uint8Array(32).fill(3)),
    doc: new GuardedDoc(doc),
    awareness: new Awareness(doc),
    auth,
    kind: 'workspace',
    signaling: [],
    iceServers: [],
  });
}

describe('SyncRoom.destroy', () => {
  it('resolves only once the peer connections the room made are closed', async () => {
    let finish = () => {};
    const closeAll = vi.spyOn(PeerConnections.prototype, 'closeAll').mockImplementation(() => new Promise<number>((resolve) => (finish = () => resolve(0))));
    const room = await openRoom();
    let destroyed = false;
    const destroying = room.destroy().then(() => (destroyed = true));
    await vi.waitFor(() => expect(closeAll).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(destroyed).toBe(false); // still closing
    finish();
    await destroying;
    expect(destroyed).toBe(true);
  });

  it('resolves at once when the room made none', async () => {
    const closeAll = vi.spyOn(PeerConnections.prototype, 'closeAll');
    const room = await openRoom();
    await room.destroy();
    expect(closeAll).toHaveBeenCalledTimes(1);
    expect(await closeAll.mock.results[0]?.value).toBe(0);
  });
});
