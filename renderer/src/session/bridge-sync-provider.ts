/**
 * Keeps one Y.Doc in step with the host's replica over a doc stream (shared/bridge/doc-protocol):
 * the y-protocols sync and awareness messages y-websocket speaks, plus the host's "saved" state
 * vector and problem reports. When the stream closes (host restart, lost connection) it reopens a
 * new one with backoff and resyncs; edits made meanwhile stay in the doc (and in the cache).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Bridge } from '../../../shared/bridge/client';
import {
  MESSAGE_AWARENESS,
  MESSAGE_PROBLEM,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  isCoveredBy,
  readMessageType,
  type DocChannel,
} from '../../../shared/bridge/doc-protocol';
import { CommonplaceError, type SerializedError } from '../../../shared/errors';
import type { DocId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { forgetPresence } from '../../../shared/presence';
import { shouldSendToHost, type OriginKind } from './origins';
import { StateCell } from './state-cell';

const log = createLogger('bridge-sync');

/** First reconnect delay; doubles per failed attempt up to the maximum. */
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 8_000;
/** Problems kept for display; older ones are dropped. */
const MAX_PROBLEMS = 5;

export interface SyncStatus {
  /** The current stream has heard from the host. */
  readonly connected: boolean;
  /** The first sync with the host on the current stream is complete. */
  readonly synced: boolean;
  /** The host reported every change this replica knows of as flushed to disk. */
  readonly saved: boolean;
  readonly problems: readonly SerializedError[];
}

export interface BridgeSyncProviderOptions {
  readonly bridge: Bridge;
  readonly workspaceId: WorkspaceId;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Classifies a transaction origin; the provider itself must classify as 'bridge'. */
  readonly classify: (origin: unknown) => OriginKind;
}

export class BridgeSyncProvider {
  readonly status = new StateCell<SyncStatus>({ connected: false, synced: false, saved: false, problems: [] });
  /** Resolves the first time a sync with the host completes. */
  readonly whenSynced: Promise<void>;

  private readonly doc: Y.Doc;
  private readonly awareness: Awareness;
  private channel: DocChannel | null = null;
  private channelDisposers: Array<() => void> = [];
  private readonly disposers: Array<() => void> = [];
  private savedVector: Map<number, number> | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private resolveSynced!: () => void;

  constructor(private readonly options: BridgeSyncProviderOptions) {
    this.doc = options.doc;
    this.awareness = options.awareness;
    this.whenSynced = new Promise((resolve) => (this.resolveSynced = resolve));

    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (shouldSendToHost(options.classify(origin))) this.sendSync((enc) => syncProtocol.writeUpdate(enc, update));
      this.updateSaved();
    };
    this.doc.on('update', onUpdate);
    this.disposers.push(() => this.doc.off('update', onUpdate));

    const onAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin === this) return;
      this.sendAwareness([...added, ...updated, ...removed]);
    };
    this.awareness.on('update', onAwareness);
    this.disposers.push(() => this.awareness.off('update', onAwareness));

    this.disposers.push(
      options.bridge.onConnectionChange((connected) => {
        if (connected && this.channel === null) this.reconnectNow();
      }),
    );
    this.connect();
  }

  /** The user has read the problems shown for this doc. */
  dismissProblems(): void {
    this.status.patch({ problems: [] });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // Tell the others we left before the stream goes.
    if (this.awareness.getLocalState() !== null) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'destroy');
    }
    for (const dispose of this.disposers.splice(0)) dispose();
    this.closeChannel();
  }

  private connect(): void {
    if (this.destroyed) return;
    const channel = this.options.bridge.openDoc(this.options.workspaceId, this.doc.guid as DocId);
    this.channel = channel;
    this.channelDisposers = [
      channel.onMessage((message) => this.receive(channel, message)),
      channel.onClose(() => this.onChannelClosed(channel)),
    ];
    this.sendSync((enc) => syncProtocol.writeSyncStep1(enc, this.doc));
    if (this.awareness.getLocalState() !== null) this.sendAwareness([this.doc.clientID]);
  }

  private receive(channel: DocChannel, message: Uint8Array): void {
    if (channel !== this.channel) return;
    if (!this.status.get().connected) {
      this.attempt = 0;
      this.status.patch({ connected: true });
    }
    try {
      const decoder = decoding.createDecoder(message);
      const type = readMessageType(decoder);
      switch (type) {
        case MESSAGE_SYNC:
          this.receiveSync(decoder);
          break;
        case MESSAGE_AWARENESS:
          awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
          break;
        case MESSAGE_SAVED:
          this.savedVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
          this.updateSaved();
          break;
        case MESSAGE_PROBLEM:
          this.addProblem(CommonplaceError.fromJSON(JSON.parse(decoding.readVarString(decoder))).toJSON());
          break;
        default:
          log.warn(`ignored a doc message of unknown type ${type}`);
      }
    } catch (error) {
      log.error('could not read a doc message', error);
      this.addProblem({ code: 'internal', message: `could not read a message from the host: ${String(error)}` });
    }
  }

  private receiveSync(decoder: decoding.Decoder): void {
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    if (encoding.length(reply) > 1) this.channel?.send(encoding.toUint8Array(reply));
    if (kind === syncProtocol.messageYjsSyncStep2 && !this.status.get().synced) {
      this.status.patch({ synced: true });
      this.resolveSynced();
    }
  }

  private onChannelClosed(channel: DocChannel): void {
    if (channel !== this.channel) return;
    this.closeChannel();
    // Others' cursors are stale without a stream; they come back with the resync (clocks forgotten,
    // or the same states sent again would be ignored until their next refresh).
    forgetPresence(this.awareness, this.awareness.getStates().keys(), this);
    this.status.patch({ connected: false, synced: false });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.destroyed || this.retryTimer !== null) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.attempt);
    this.attempt++;
    log.debug(`doc ${this.doc.guid}: reconnecting in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /** The transport says the host is back: skip the rest of the backoff. */
  private reconnectNow(): void {
    if (this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  private closeChannel(): void {
    for (const dispose of this.channelDisposers.splice(0)) dispose();
    const channel = this.channel;
    this.channel = null;
    channel?.close();
  }

  private updateSaved(): void {
    const saved =
      this.savedVector !== null && isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.doc)), this.savedVector);
    this.status.patch({ saved });
  }

  private addProblem(problem: SerializedError): void {
    log.warn(`doc ${this.doc.guid}: ${problem.code}: ${problem.message}`);
    // The host repeats a standing problem on every (re)connect: show each one once.
    const others = this.status.get().problems.filter((p) => p.code !== problem.code || p.message !== problem.message);
    this.status.patch({ problems: [...others, problem].slice(-MAX_PROBLEMS) });
  }

  private sendSync(write: (enc: encoding.Encoder) => void): void {
    if (this.channel === null) return; // the resync on reconnect carries it
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    write(enc);
    this.channel.send(encoding.toUint8Array(enc));
  }

  private sendAwareness(clients: number[]): void {
    if (this.channel === null || clients.length === 0) return;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    this.channel.send(encoding.toUint8Array(enc));
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
