/**
 * The contract's events over IPC: the host's subscriptions, forwarded to every window that still
 * shows our page. `EventSources` mirrors `BridgeEvents`, so a new event that is not wired here is
 * a compile error.
 */
import type { WebContents } from 'electron';
import { eventChannelName, eventsOf, type BridgeEvents, type MemberProfile, type WorkspaceInfo } from '../../shared/bridge/contract';
import type { LinksChange } from '../../shared/bridge/links';
import type { TransferProgress } from '../../shared/transfer/report';
import type { InviteReceived, SyncChange } from '../../shared/bridge/sync';
import type { ActivityChange } from '../../shared/bridge/activity';
import { CommonplaceError } from '../../shared/errors';
import { isAppUrl } from '../security/app-origin';

type Unsubscribe = () => void;

type EventSources = {
  [A in keyof BridgeEvents]: {
    [E in keyof BridgeEvents[A]]: (cb: (payload: BridgeEvents[A][E]) => void) => Unsubscribe;
  };
};

export interface EventHost {
  onDidChangeProfile(cb: (profile: MemberProfile) => void): Unsubscribe;
  onDidChangeWorkspaces(cb: (list: WorkspaceInfo[]) => void): Unsubscribe;
  onDidChangeLinks(cb: (change: LinksChange) => void): Unsubscribe;
  onDidTransferProgress(cb: (progress: TransferProgress) => void): Unsubscribe;
  onDidChangeSync(cb: (change: SyncChange) => void): Unsubscribe;
  onDidReceiveInvite(cb: (invite: InviteReceived) => void): Unsubscribe;
  onDidChangeActivity(cb: (change: ActivityChange) => void): Unsubscribe;
}

export type EventReceiver = Pick<WebContents, 'send' | 'getURL' | 'isDestroyed'>;

export function wireEvents(host: EventHost, targets: () => Iterable<EventReceiver>): Unsubscribe {
  const sources: EventSources = {
    app: { onDidChangeProfile: (cb) => host.onDidChangeProfile(cb) },
    workspaces: { onDidChange: (cb) => host.onDidChangeWorkspaces(cb) },
    links: { onDidChange: (cb) => host.onDidChangeLinks(cb) },
    transfer: { onDidProgress: (cb) => host.onDidTransferProgress(cb) },
    sync: { onDidChange: (cb) => host.onDidChangeSync(cb), onDidReceiveInvite: (cb) => host.onDidReceiveInvite(cb) },
    activity: { onDidChange: (cb) => host.onDidChangeActivity(cb) },
  };
  const undo = eventsOf.map(({ area, event }) => {
    const subscribe = (sources[area] as Record<string, (cb: (payload: unknown) => void) => Unsubscribe>)[event];
    if (!subscribe) throw new CommonplaceError('internal', `event ${area}.${event} is not wired`);
    const channel = eventChannelName(area, event);
    return subscribe((payload) => {
      for (const target of targets()) {
        // Only a page of ours hears host events; navigation elsewhere is blocked, but check anyway.
        if (!target.isDestroyed() && isAppUrl(target.getURL())) target.send(channel, payload);
      }
    });
  });
  return () => undo.forEach((fn) => fn());
}
