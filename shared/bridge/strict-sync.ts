/**
 * y-protocols' readSyncMessage, made strict for input we do not trust (a renderer's stream, a
 * peer). Upstream catches and only logs errors thrown while applying an update
 * (y-protocols/sync.js readSyncStep2), and lib0 reads past the end of a message as zeros, so a
 * malformed message can pass silently. Here every malformed message throws before anything is
 * applied, and the caller answers it with a problem.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const SYNC_STEP_1 = syncProtocol.messageYjsSyncStep1;
export const SYNC_STEP_2 = syncProtocol.messageYjsSyncStep2;
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate;

/** Throws unless `update` decodes completely as a Yjs update (structs and delete set). */
export function assertValidUpdate(update: Uint8Array): void {
  if (update.byteLength === 0) throw new Error('empty update');
  Y.decodeUpdate(update);
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = decoding.readVarUint(decoder);
  if (decoder.pos + length > decoder.arr.length) throw new Error('truncated message');
  return decoding.readUint8Array(decoder, length);
}

/**
 * Reads one sync message (after its MESSAGE_SYNC type) and applies it to `doc` with `origin`;
 * a step 1 is answered into `reply`. Returns the sync message type. Throws on anything malformed.
 * `apply`, if given, applies a (well-formed) update instead — the host's write gate, which may
 * refuse it by throwing.
 */
export function readSyncMessageStrict(
  decoder: decoding.Decoder,
  reply: encoding.Encoder,
  doc: Y.Doc,
  origin: unknown,
  apply: (update: Uint8Array) => void = (update) => Y.applyUpdate(doc, update, origin),
): number {
  if (!decoding.hasContent(decoder)) throw new Error('sync message without a type');
  const type = decoding.readVarUint(decoder);
  const payload = readBytes(decoder);
  switch (type) {
    case SYNC_STEP_1: {
      Y.decodeStateVector(payload); // throws on a malformed state vector
      syncProtocol.writeSyncStep2(reply, doc, payload);
      return type;
    }
    case SYNC_STEP_2:
    case SYNC_UPDATE:
      assertValidUpdate(payload);
      apply(payload);
      return type;
    default:
      throw new Error(`unknown sync message type ${type}`);
  }
}
