/**
 * The messages on a doc stream (one per open doc, renderer ⇄ host). Types 0 and 1 are the
 * y-protocols messages y-websocket speaks, so the sync logic is the well-trodden one; 3 and 4
 * are ours. Every message starts with its type as a varUint.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-protocols/sync: step 1 (state vector), step 2 (missing updates), update. Both ways. */
export const MESSAGE_SYNC = 0;
/** y-protocols/awareness update: cursors, selections, who is here. Both ways. */
export const MESSAGE_AWARENESS = 1;
/** Host → renderer: the state vector of everything flushed to disk. Drives the "saved" indicator. */
export const MESSAGE_SAVED = 3;
/** Host → renderer: a problem with this doc (e.g. a corrupt record set aside), `{code, message}` JSON. */
export const MESSAGE_PROBLEM = 4;

export type DocMessageType =
  | typeof MESSAGE_SYNC
  | typeof MESSAGE_AWARENESS
  | typeof MESSAGE_SAVED
  | typeof MESSAGE_PROBLEM;

export function encodeSaved(stateVector: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SAVED);
  encoding.writeVarUint8Array(enc, stateVector);
  return encoding.toUint8Array(enc);
}

export function encodeProblem(problem: { code: string; message: string }): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_PROBLEM);
  encoding.writeVarString(enc, JSON.stringify(problem));
  return encoding.toUint8Array(enc);
}

/** Reads the type; the decoder is left at the payload. Throws on an empty message. */
export function readMessageType(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

/**
 * True when every client's clock in `local` is covered by `saved`: all local changes are on disk.
 * Both are encoded state vectors (Y.encodeStateVector).
 */
export function isCoveredBy(local: Map<number, number>, saved: Map<number, number>): boolean {
  for (const [client, clock] of local) {
    if ((saved.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/** A bidirectional byte stream for one doc; each transport provides one. */
export interface DocChannel {
  send(message: Uint8Array): void;
  onMessage(cb: (message: Uint8Array) => void): () => void;
  /** Fires once when the other side goes away (host restart, disconnect). */
  onClose(cb: () => void): () => void;
  close(): void;
}
