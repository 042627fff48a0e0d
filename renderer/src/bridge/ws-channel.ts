/**
 * One doc's stream on browser mode's shared WebSocket (see ws-transport.ts): the DocChannel a
 * DocSession talks to. Its messages travel as binary frames tagged with its stream id.
 */
import type { DocChannel } from '../../../shared/bridge/doc-protocol';
import { encodeDocFrame, encodeFrame } from '../../../shared/bridge/ws-protocol';
import type { DocId, WorkspaceId } from '../../../shared/ids';

/** What a channel needs of its transport. */
export interface ChannelLink {
  canSend(): boolean;
  send(frame: string | Uint8Array): void;
  forget(stream: number): void;
}

/**
 * One doc's stream on the shared socket. Pending until the socket is open (messages queue), then
 * open; it ends for good when the socket drops, the host refuses it, or its owner closes it.
 */
export class WsChannel implements DocChannel {
  private state: 'pending' | 'open' | 'closed' = 'pending';
  private readonly queue: Uint8Array[] = [];
  private readonly messageListeners = new Set<(message: Uint8Array) => void>();
  private readonly closeListeners = new Set<() => void>();

  constructor(
    private readonly stream: number,
    private readonly workspaceId: WorkspaceId,
    private readonly docId: DocId,
    private readonly link: ChannelLink,
  ) {}

  /** The socket is open: ask the host for the doc, then send what waited. */
  connected(): void {
    if (this.state !== 'pending' || !this.link.canSend()) return;
    this.state = 'open';
    this.link.send(encodeFrame({ t: 'open', stream: this.stream, workspaceId: this.workspaceId, docId: this.docId }));
    for (const message of this.queue.splice(0)) this.link.send(encodeDocFrame(this.stream, message));
  }

  /** The socket dropped: an open stream is gone with it; a pending one waits for the next socket. */
  socketLost(): void {
    if (this.state === 'open') this.disconnected();
  }

  /** The stream ended from the other side: the socket dropped, or the host refused the doc. */
  disconnected(): void {
    if (this.state === 'closed') return;
    this.end();
    for (const cb of [...this.closeListeners]) cb();
    this.closeListeners.clear();
  }

  deliver(message: Uint8Array): void {
    if (this.state !== 'open') return;
    for (const cb of [...this.messageListeners]) cb(message);
  }

  send(message: Uint8Array): void {
    if (this.state === 'open') this.link.send(encodeDocFrame(this.stream, message));
    else if (this.state === 'pending') this.queue.push(message);
  }

  onMessage(cb: (message: Uint8Array) => void): () => void {
    this.messageListeners.add(cb);
    return () => void this.messageListeners.delete(cb);
  }

  onClose(cb: () => void): () => void {
    this.closeListeners.add(cb);
    return () => void this.closeListeners.delete(cb);
  }

  close(): void {
    if (this.state === 'closed') return;
    if (this.state === 'open' && this.link.canSend()) this.link.send(encodeFrame({ t: 'close', stream: this.stream }));
    this.end();
    this.closeListeners.clear();
  }

  private end(): void {
    this.state = 'closed';
    this.queue.length = 0;
    this.messageListeners.clear();
    this.link.forget(this.stream);
  }
}
