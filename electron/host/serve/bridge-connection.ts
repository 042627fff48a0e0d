/**
 * One renderer's WebSocket, seen as frames (ws-protocol.ts): calls go through `dispatch` (so
 * every argument is validated), events are pushed, doc streams are opened on the Host and their
 * messages routed by stream id. A malformed frame is answered and ignored, never thrown: the
 * server must outlive any renderer. Closing the connection closes every stream it opened.
 */
import type { BridgeHandlers, MemberProfile, WorkspaceInfo } from '../../../shared/bridge/contract';
import type { LinksChange } from '../../../shared/bridge/links';
import type { TransferProgress } from '../../../shared/transfer/report';
import type { InviteReceived, SyncChange } from '../../../shared/bridge/sync';
import type { ActivityChange } from '../../../shared/bridge/activity';
import { dispatch, type CallOutcome } from '../../../shared/bridge/validate';
import {
  MAX_FRAME_BYTES,
  decodeClientFrame,
  decodeDocFrame,
  encodeDocFrame,
  encodeFrame,
  type ServerFrame,
} from '../../../shared/bridge/ws-protocol';
import { CommonplaceError, assertNever, type SerializedError } from '../../../shared/errors';
import { isId, isWorkspaceId, type DocId, type WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import type { DocStreamHandle } from '../host';

const log = createLogger('serve');
/** More open docs than any window shows; bounds what one socket can make the host load. */
export const MAX_STREAMS_PER_CONNECTION = 256;

/** What a connection needs of the Host (the Host itself, or a fake in tests). */
export interface BridgeHost {
  readonly handlers: BridgeHandlers;
  openDocStream(workspaceId: WorkspaceId, docId: DocId, send: (message: Uint8Array) => void): Promise<DocStreamHandle>;
  onDidChangeProfile(cb: (profile: MemberProfile) => void): () => void;
  onDidChangeWorkspaces(cb: (list: WorkspaceInfo[]) => void): () => void;
  onDidChangeLinks(cb: (change: LinksChange) => void): () => void;
  onDidTransferProgress(cb: (progress: TransferProgress) => void): () => void;
  onDidChangeSync(cb: (change: SyncChange) => void): () => void;
  onDidReceiveInvite(cb: (invite: InviteReceived) => void): () => void;
  onDidChangeActivity(cb: (change: ActivityChange) => void): () => void;
}

/** The socket, as far as a connection writes to it. Sending on a closed socket is a no-op. */
export interface FrameSink {
  sendText(text: string): void;
  sendBinary(frame: Uint8Array): void;
}

interface StreamState {
  handle: DocStreamHandle | null;
  /** Messages that arrived while the host was still opening the doc, in order. */
  readonly pending: Uint8Array[];
  closed: boolean;
  /** Settles once the host has opened the doc, or failed to. */
  ready: Promise<void>;
}

export class BridgeConnection {
  private readonly streams = new Map<number, StreamState>();
  private readonly disposeEvents: () => void;
  private closed = false;

  constructor(
    private readonly host: BridgeHost,
    private readonly sink: FrameSink,
  ) {
    const unsubscribe = [
      host.onDidChangeProfile((profile) => this.send({ t: 'event', area: 'app', event: 'onDidChangeProfile', payload: profile })),
      host.onDidChangeWorkspaces((list) => this.send({ t: 'event', area: 'workspaces', event: 'onDidChange', payload: list })),
      host.onDidChangeLinks((change) => this.send({ t: 'event', area: 'links', event: 'onDidChange', payload: change })),
      host.onDidTransferProgress((progress) => this.send({ t: 'event', area: 'transfer', event: 'onDidProgress', payload: progress })),
      host.onDidChangeSync((change) => this.send({ t: 'event', area: 'sync', event: 'onDidChange', payload: change })),
      host.onDidReceiveInvite((invite) => this.send({ t: 'event', area: 'sync', event: 'onDidReceiveInvite', payload: invite })),
      host.onDidChangeActivity((change) => this.send({ t: 'event', area: 'activity', event: 'onDidChange', payload: change })),
    ];
    this.disposeEvents = () => unsubscribe.forEach((fn) => fn());
  }

  /** One frame from the socket: text (JSON control) or binary (doc message). Never throws. */
  receive(data: string | Uint8Array, isBinary: boolean): void {
    if (this.closed) return;
    try {
      if (isBinary && typeof data !== 'string') this.receiveDocFrame(data);
      else this.receiveText(typeof data === 'string' ? data : new TextDecoder().decode(data));
    } catch (error) {
      // A bug below us; answer it like a malformed frame rather than take the server down.
      log.error('a frame failed unexpectedly', error);
      this.send({ t: 'error', error: CommonplaceError.from(error).toJSON() });
    }
  }

  /** Closes every stream this connection opened and stops its events. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.disposeEvents();
    const states = [...this.streams.values()];
    this.streams.clear();
    await Promise.all(states.map((state) => this.closeStream(state)));
  }

  private receiveText(text: string): void {
    const verdict = decodeClientFrame(text);
    if (!verdict.ok) {
      log.warn('refused a frame:', verdict.error.message);
      if (verdict.callId !== undefined) this.send({ t: 'result', id: verdict.callId, outcome: { ok: false, error: verdict.error } });
      else this.send({ t: 'error', error: verdict.error });
      return;
    }
    const frame = verdict.value;
    switch (frame.t) {
      case 'call':
        void dispatch(this.host.handlers, frame.area, frame.method, frame.args).then((outcome) => this.reply(frame.id, outcome));
        return;
      case 'open':
        this.open(frame.stream, frame.workspaceId, frame.docId);
        return;
      case 'close': {
        const state = this.streams.get(frame.stream);
        this.streams.delete(frame.stream);
        if (state) void this.closeStream(state);
        return;
      }
      default:
        assertNever(frame, 'frame');
    }
  }

  private reply(id: number, outcome: CallOutcome): void {
    let text: string;
    try {
      text = encodeFrame({ t: 'result', id, outcome });
    } catch (error) {
      log.error(`could not encode the result of call ${id}`, error);
      text = encodeFrame({ t: 'result', id, outcome: { ok: false, error: { code: 'internal', message: 'unencodable result' } } });
    }
    if (text.length > MAX_FRAME_BYTES) {
      text = encodeFrame({ t: 'result', id, outcome: { ok: false, error: { code: 'too-large', message: 'result over the frame limit' } } });
    }
    if (!this.closed) this.sink.sendText(text);
  }

  private open(stream: number, workspaceId: string, docId: string): void {
    const refuse = (error: SerializedError) => {
      log.warn(`refused stream ${stream}: ${error.message}`);
      this.send({ t: 'stream-error', stream, error });
    };
    if (this.streams.has(stream)) return refuse({ code: 'conflict', message: `stream ${stream} is already open` });
    if (!isWorkspaceId(workspaceId) || !isId(docId)) return refuse({ code: 'invalid-argument', message: 'open: malformed workspace or doc id' });
    if (this.streams.size >= MAX_STREAMS_PER_CONNECTION) return refuse({ code: 'too-large', message: 'too many open docs on one connection' });

    const state: StreamState = { handle: null, pending: [], closed: false, ready: Promise.resolve() };
    this.streams.set(stream, state);
    const send = (message: Uint8Array) => {
      if (!state.closed && !this.closed) this.sink.sendBinary(encodeDocFrame(stream, message));
    };
    state.ready = this.host.openDocStream(workspaceId, docId as DocId, send).then(
      (handle) => {
        state.handle = handle; // if the stream closed meanwhile, closeStream closes the handle
        if (!state.closed) for (const message of state.pending.splice(0)) handle.receive(message);
      },
      (error: unknown) => {
        if (this.streams.get(stream) === state) this.streams.delete(stream);
        state.closed = true;
        if (!this.closed) refuse(CommonplaceError.from(error).toJSON());
      },
    );
  }

  private receiveDocFrame(frame: Uint8Array): void {
    const verdict = decodeDocFrame(frame);
    if (!verdict.ok) {
      log.warn('refused a doc frame:', verdict.error.message);
      return this.send({ t: 'error', error: verdict.error });
    }
    const { stream, message } = verdict.value;
    const state = this.streams.get(stream);
    if (!state) return this.send({ t: 'stream-error', stream, error: { code: 'not-found', message: `no open stream ${stream}` } });
    // Copy: the socket may reuse its buffer, and the host may keep the message.
    if (state.handle) state.handle.receive(message.slice());
    else state.pending.push(message.slice());
  }

  private async closeStream(state: StreamState): Promise<void> {
    if (state.closed) return;
    state.closed = true;
    state.pending.length = 0;
    await state.ready;
    if (state.handle) await this.closeHandle(state.handle);
  }

  private async closeHandle(handle: DocStreamHandle): Promise<void> {
    try {
      await handle.close();
    } catch (error) {
      log.error('could not close a doc stream', error);
    }
  }

  private send(frame: ServerFrame): void {
    if (!this.closed) this.sink.sendText(encodeFrame(frame));
  }
}
