import { afterEach, describe, expect, it } from 'vitest';
import { newWorkspaceId } from '../../../shared/ids';
import { encodeBase64Url } from '../../../shared/crypto/room-keys';
import { DocRegistry } from '../docs/doc-entry';
import { MemoryDocStore } from '../store/memory-doc-store';
import { SyncService, type SyncServiceOptions } from './sync-service';
import { memoryKeyHolder, openAuth, testIdentity, workspaceDoc } from './auth-test-support';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function service(authFor?: SyncServiceOptions['authFor']): Promise<SyncService> {
  const s = await SyncService.start({ hostId: 'me', peers: ['ws://127.0.0.1:9'], authFor });
  closers.push(() => s.close());
  return s;
}

describe('SyncService', () => {
  it('runs its own signaling server on 127.0.0.1 and signals through it first', async () => {
    const s = await service();
    expect(s.signalingUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(s.signaling).toEqual([s.signalingUrl, 'ws://127.0.0.1:9']);
  });

  it('accepts only ws:// and wss:// peer addresses', async () => {
    const s = await service();
    for (const bad of ['http://example.org', 'javascript:alert(1)', 'not a url', 'ws://']) {
      await expect(s.addPeerAddress(bad)).rejects.toMatchObject({ code: 'invalid-argument' });
    }
    await s.addPeerAddress('wss://peer.example:4444');
    await s.addPeerAddress('wss://peer.example:4444');
    expect(s.signaling.filter((u) => u === 'wss://peer.example:4444')).toHaveLength(1);
  });

  it('refuses to sync a workspace without its members (every connection is authenticated)', async () => {
    const s = await service();
    const id = newWorkspaceId();
    const registry = new DocRegistry(new MemoryDocStore(), () => ({ gc: true }));
    closers.push(() => registry.closeAll());
    const root = await registry.acquire(id);
    const workspace = { id, record: { key: encodeBase64Url(new Uint8Array(32).fill(7)) }, root, acquire: registry.acquire.bind(registry), release: registry.release.bind(registry) };
    await expect(s.startWorkspace(workspace)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('starts one PeerSync per workspace, and stops it', async () => {
    const me = await testIdentity('me');
    const id = newWorkspaceId();
    const auth = await openAuth(me, workspaceDoc(me, id), me.signer.id, memoryKeyHolder(encodeBase64Url(new Uint8Array(32).fill(7))));
    const s = await service(async () => auth);
    const registry = new DocRegistry(new MemoryDocStore(), () => ({ gc: true }));
    closers.push(() => registry.closeAll());
    const root = await registry.acquire(id);
    const workspace = { id, record: { key: encodeBase64Url(new Uint8Array(32).fill(7)) }, root, docs: registry, acquire: registry.acquire.bind(registry), release: registry.release.bind(registry) };
    const sync = await s.startWorkspace(workspace);
    expect(await s.startWorkspace(workspace)).toBe(sync);
    expect(sync.peers()).toEqual([]);
    await s.stopWorkspace(id);
    expect(s.get(id)).toBeUndefined();
  });
});
