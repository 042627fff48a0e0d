/** The `sync` area of the bridge, over HostSync (arguments arrive validated: shared/bridge/sync.ts). */
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import type { HostSync } from './host-sync';

export function createSyncHandlers(sync: HostSync): BridgeHandlers['sync'] {
  return {
    createInvite: ({ workspaceId, role }) => sync.invites.create(workspaceId, role),
    join: ({ invite, name }) => sync.invites.join(invite, name),
    status: ({ workspaceId }) => sync.status(workspaceId),
    addPeer: ({ address }) => sync.addPeerAddress(address),
    settings: ({ workspaceId }) => sync.settings(workspaceId),
    setSettings: ({ workspaceId, settings }) => sync.setSettings(workspaceId, settings),
    takeInvite: async () => sync.takeInvite(),
  };
}
