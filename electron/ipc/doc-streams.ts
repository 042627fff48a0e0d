/**
 * Doc streams over MessagePorts, one per open doc (VS Code's pattern for ports into a
 * context-isolated page). The renderer invokes DOC_OPEN_CHANNEL with (workspaceId, docId,
 * streamId); we open the host's stream, then transfer the other end of a fresh
 * MessageChannelMain to the sender with `webContents.postMessage`. The preload relays it to the
 * page. Closing either end closes the host stream.
 */
import type { MessagePortMain, WebContents } from 'electron';
import {
  DOC_OPEN_CHANNEL,
  DOC_PORT_CHANNEL,
  DOC_PORT_MESSAGE,
  parseDocOpenRequest,
  type DocPortMessage,
} from '../../shared/bridge/preload-api';
import type { CallOutcome } from '../../shared/bridge/validate';
import { CommonplaceError } from '../../shared/errors';
import type { DocId, WorkspaceId } from '../../shared/ids';
import { createLogger } from '../../shared/log';
import { handleGuarded, type IpcHandleTarget } from './guard';

const log = createLogger('doc-ports');

/** More open docs than any window shows: a renderer asking for more is broken or hostile. */
export const MAX_OPEN_DOC_STREAMS = 256;

export interface DocStreamHost {
  openDocStream(
    workspaceId: WorkspaceId,
    docId: DocId,
    send: (message: Uint8Array) => void,
  ): Promise<{ receive(message: Uint8Array): void; close(): Promise<void> }>;
}

export type PortMain = Pick<MessagePortMain, 'on' | 'postMessage' | 'start' | 'close'>;
export interface ChannelMain {
  readonly port1: PortMain;
  readonly port2: MessagePortMain;
}
type PortSender = Pick<WebContents, 'postMessage' | 'isDestroyed'>;

const failure = (error: unknown): CallOutcome => ({ ok: false, error: CommonplaceError.from(error).toJSON() });

export function wireDocStreams(
  ipcMain: IpcHandleTarget,
  host: DocStreamHost,
  createChannel: () => ChannelMain,
): { dispose(): Promise<void> } {
  const open = new Set<() => Promise<void>>();

  const undo = handleGuarded(ipcMain, DOC_OPEN_CHANNEL, async (event, raw) => {
    const request = parseDocOpenRequest(raw);
    if (!request) return failure(new CommonplaceError('invalid-argument', 'expected { workspaceId, docId, streamId }'));
    if (open.size >= MAX_OPEN_DOC_STREAMS) return failure(new CommonplaceError('too-large', 'too many open docs'));
    const sender: PortSender = event.sender;
    const { port1, port2 } = createChannel();
    let closed = false;
    let stream: Awaited<ReturnType<DocStreamHost['openDocStream']>>;
    try {
      // The host speaks first (sync step 1) from inside openDocStream: port1 queues it for port2.
      stream = await host.openDocStream(request.workspaceId, request.docId, (message) => {
        if (!closed) port1.postMessage(message);
      });
    } catch (error) {
      port1.close();
      port2.close();
      return failure(error);
    }
    const close = async () => {
      if (closed) return;
      closed = true;
      open.delete(close);
      port1.close();
      await stream.close();
    };
    open.add(close);
    const closeLogged = () => close().catch((error: unknown) => log.error(`closing doc stream ${request.docId}`, error));
    port1.on('message', ({ data }) => {
      if (ArrayBuffer.isView(data)) stream.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else log.warn(`ignored a non-binary message on doc stream ${request.docId}`);
    });
    port1.on('close', closeLogged);
    port1.start();
    if (sender.isDestroyed()) {
      await closeLogged();
      return failure(new CommonplaceError('unavailable', 'the window closed'));
    }
    const message: DocPortMessage = { type: DOC_PORT_MESSAGE, streamId: request.streamId };
    sender.postMessage(DOC_PORT_CHANNEL, message, [port2]);
    return { ok: true, value: undefined };
  });

  return {
    async dispose() {
      undo();
      await Promise.all([...open].map((close) => close()));
    },
  };
}
