/**
 * The host end of one doc stream (a renderer's view of one doc). Speaks the y-protocols sync and
 * awareness messages, like a y-websocket server connection, plus our "saved" and "problem"
 * messages. A malformed message is answered with a problem and ignored: it never throws into the
 * transport and never touches the doc.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  encodeProblem,
  encodeSaved,
  readMessageType,
} from '../../../shared/bridge/doc-protocol';
import { readSyncMessageStrict } from '../../../shared/bridge/strict-sync';
import { createLogger } from '../../../shared/log';
import type { Origin } from '../origins';
import type { DocEntry } from './doc-entry';
import { forgetPresence } from '../../../shared/presence';

const log = createLogger('doc-stream');

/** What our own member's role lets a renderer write (host/members/write-gate.ts). */
export interface StreamWriteGate {
  /** Applies the update, or returns false and applies nothing. */
  apply(update: Uint8Array, origin: Origin): boolean;
}

/** A renderer's update refused by the write gate. */
class RefusedWrite extends Error {}

export class DocStream {
  /** The transaction origin of everything this stream applies. */
  readonly origin: Origin = { kind: 'bridge', stream: this };
  private readonly disposers: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly entry: DocEntry,
    private readonly send: (message: Uint8Array) => void,
    /** Without one, every well-formed update is applied (tests of the stream itself). */
    private readonly gate?: StreamWriteGate,
  ) {
    const { doc, awareness, persisted } = entry;

    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this.origin) return; // never echo a renderer's own change back to it
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MESSAGE_SYNC);
      syncProtocol.writeUpdate(enc, update);
      this.send(encoding.toUint8Array(enc));
    };
    doc.on('update', onUpdate);
    this.disposers.push(() => doc.off('update', onUpdate));

    const onAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin === this.origin) return;
      const changed = [...added, ...updated, ...removed];
      this.sendAwareness(changed);
    };
    awareness.on('update', onAwareness);
    this.disposers.push(() => awareness.off('update', onAwareness));

    this.disposers.push(persisted.onDidSave(() => this.send(encodeSaved(persisted.savedStateVector()))));

    // Open with our state vector (sync step 1), then everything we know of awareness and what is saved.
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, doc);
    this.send(encoding.toUint8Array(enc));
    const states = [...awareness.getStates().keys()];
    if (states.length > 0) this.sendAwareness(states);
    this.send(encodeSaved(persisted.savedStateVector()));
    for (const problem of persisted.problems) {
      this.send(encodeProblem({ code: 'corrupt-record', message: problem.message }));
    }
  }

  /** Clients whose awareness states arrived on this stream; removed when it closes. */
  private readonly controlled = new Set<number>();

  receive(message: Uint8Array): void {
    if (this.closed) return;
    try {
      // lib0 reads past the end as zeros, so an empty message would pass for "sync step 1".
      if (message.byteLength === 0) throw new Error('empty message');
      const decoder = decoding.createDecoder(message);
      const type = readMessageType(decoder);
      switch (type) {
        case MESSAGE_SYNC: {
          const reply = encoding.createEncoder();
          encoding.writeVarUint(reply, MESSAGE_SYNC);
          const gate = this.gate;
          const apply = gate
            ? (update: Uint8Array) => {
                if (!gate.apply(update, this.origin)) throw new RefusedWrite('your role does not allow this change');
              }
            : undefined;
          readSyncMessageStrict(decoder, reply, this.entry.doc, this.origin, apply);
          if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
          break;
        }
        case MESSAGE_AWARENESS: {
          const update = decoding.readVarUint8Array(decoder);
          this.trackControlled(update);
          awarenessProtocol.applyAwarenessUpdate(this.entry.awareness, update, this.origin);
          break;
        }
        default:
          throw new Error(`unknown message type ${type}`);
      }
    } catch (error) {
      if (error instanceof RefusedWrite) {
        // Not reported to the renderer: its UI offers no such edit, and what it writes by itself
        // (the editor normalising content it shows) is no one's mistake. If the role rises, the
        // stream asks for the renderer's state again (`requestState`) and takes it then.
        log.warn('refused a write beyond our role');
        return;
      }
      log.warn('refused a malformed message', error);
      this.send(encodeProblem({ code: 'invalid-argument', message: `malformed doc message: ${String(error)}` }));
    }
  }

  /** Asks the renderer for everything it has that we lack (a sync step 1): after our role rose, what we refused before. */
  requestState(): void {
    if (this.closed) return;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, this.entry.doc);
    this.send(encoding.toUint8Array(enc));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    // Clocks forgotten too: the renderer's same state, sent again when it reconnects, must be taken.
    forgetPresence(this.entry.awareness, this.controlled, this.origin);
  }

  private sendAwareness(clients: number[]): void {
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(this.entry.awareness, clients));
    this.send(encoding.toUint8Array(enc));
  }

  private trackControlled(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder); // clock
      const state = decoding.readVarString(decoder);
      if (state === 'null') this.controlled.delete(client);
      else this.controlled.add(client);
    }
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
