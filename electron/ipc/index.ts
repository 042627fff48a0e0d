/**
 * The only code that touches ipcMain: the contract's methods and events, and doc streams, each
 * behind the sender check. Electron objects come in as arguments so that all of it runs in
 * plain Node under test.
 */
import type { BridgeHandlers } from '../../shared/bridge/contract';
import { wireDocStreams, type ChannelMain, type DocStreamHost } from './doc-streams';
import { wireEvents, type EventHost, type EventReceiver } from './events';
import type { IpcHandleTarget } from './guard';
import { wireMethods } from './methods';

export interface IpcHost extends EventHost, DocStreamHost {
  readonly handlers: BridgeHandlers;
}

export interface IpcOptions {
  readonly ipcMain: IpcHandleTarget;
  readonly host: IpcHost;
  /** `() => new MessageChannelMain()` */
  readonly createChannel: () => ChannelMain;
  /** The web contents that receive host events (our windows). */
  readonly eventReceivers: () => Iterable<EventReceiver>;
}

/** Wires everything; `dispose` removes every handler and listener and closes open doc streams. */
export function wireIpc({ ipcMain, host, createChannel, eventReceivers }: IpcOptions): { dispose(): Promise<void> } {
  const unwireMethods = wireMethods(ipcMain, host.handlers);
  const unwireEvents = wireEvents(host, eventReceivers);
  const docStreams = wireDocStreams(ipcMain, host, createChannel);
  return {
    async dispose() {
      unwireMethods();
      unwireEvents();
      await docStreams.dispose();
    },
  };
}
