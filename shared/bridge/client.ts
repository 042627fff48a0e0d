/**
 * The renderer's side of the contract, independent of transport. A transport (Electron IPC via
 * the preload, or browser mode's WebSocket) supplies four primitives; `createBridgeClient` turns
 * them into the typed `Bridge`, one function per contract method, errors rebuilt as
 * CommonplaceError with their code.
 */
import { CommonplaceError } from '../errors';
import type { AttachmentId, DocId, WorkspaceId } from '../ids';
import { eventsOf, methodsOf, type BridgeApi, type Unsubscribe } from './contract';
import type { DocChannel } from './doc-protocol';
import type { CallOutcome } from './validate';

export interface BridgeTransport {
  readonly mode: 'desktop' | 'browser';
  invoke(area: string, method: string, args: unknown): Promise<CallOutcome>;
  subscribe(area: string, event: string, cb: (payload: unknown) => void): Unsubscribe;
  openDoc(workspaceId: WorkspaceId, docId: DocId): DocChannel;
  /** A URL the renderer can put in an <img src> for a stored attachment. */
  attachmentUrl(workspaceId: WorkspaceId, id: AttachmentId): string;
  /** Fires when the host goes away or comes back (browser mode reconnects). */
  onConnectionChange(cb: (connected: boolean) => void): Unsubscribe;
}

export type Bridge = BridgeApi & {
  readonly mode: BridgeTransport['mode'];
  openDoc: BridgeTransport['openDoc'];
  attachmentUrl: BridgeTransport['attachmentUrl'];
  onConnectionChange: BridgeTransport['onConnectionChange'];
};

export function createBridgeClient(transport: BridgeTransport): Bridge {
  const api: Record<string, Record<string, unknown>> = {};
  for (const { area, method } of methodsOf()) {
    (api[area] ??= {})[method] = async (args?: unknown) => {
      const outcome = await transport.invoke(area, method, args);
      if (!outcome.ok) throw CommonplaceError.fromJSON(outcome.error);
      return outcome.value;
    };
  }
  for (const { area, event } of eventsOf) {
    (api[area] ??= {})[event] = (cb: (payload: unknown) => void) => transport.subscribe(area, event, cb);
  }
  return Object.assign(api as unknown as BridgeApi, {
    mode: transport.mode,
    openDoc: transport.openDoc.bind(transport),
    attachmentUrl: transport.attachmentUrl.bind(transport),
    onConnectionChange: transport.onConnectionChange.bind(transport),
  });
}
