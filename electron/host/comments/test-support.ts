/**
 * For host tests only: a minimal renderer, one Y.Doc kept in step with a Host over a doc stream
 * (the same y-protocols messages a DocSession speaks), and a polling wait.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SAVED, MESSAGE_SYNC, isCoveredBy } from '../../../shared/bridge/doc-protocol';
import type { DocId, WorkspaceId } from '../../../shared/ids';
import type { DocStreamHandle, Host } from '../host';

export class FakeRenderer {
  readonly doc: Y.Doc;
  private saved = new Map<number, number>();
  private stream?: DocStreamHandle;
  /** The host speaks first, before openDocStream has returned the stream to answer on. */
  private readonly pending: Uint8Array[] = [];
  private synced!: () => void;
  readonly whenSynced = new Promise<void>((resolve) => (this.synced = resolve));

  constructor(docId: DocId) {
    this.doc = new Y.Doc({ guid: docId, gc: false });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_SYNC);
      syncProtocol.writeUpdate(enc, update);
      this.send(encoding.toUint8Array(enc));
    });
  }

  /** Opens the stream and resolves once the first sync is done. */
  async connect(host: Host, workspaceId: WorkspaceId): Promise<this> {
    this.stream = await host.openDocStream(workspaceId, this.doc.guid as DocId, (m) => this.onMessage(m));
    for (const message of this.pending.splice(0)) this.stream.receive(message);
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, this.doc);
    this.stream.receive(encoding.toUint8Array(enc));
    await this.whenSynced;
    return this;
  }

  isSaved(): boolean {
    return isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.doc)), this.saved);
  }

  close(): Promise<void> {
    this.doc.destroy();
    return this.stream?.close() ?? Promise.resolve();
  }

  private send(raw: Uint8Array): void {
    if (this.stream) this.stream.receive(raw);
    else this.pending.push(raw);
  }

  private onMessage(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
      if (kind === syncProtocol.messageYjsSyncStep2) this.synced();
    } else if (type === MESSAGE_SAVED) {
      this.saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    }
  }
}

export async function until(check: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
