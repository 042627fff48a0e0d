/**
 * Browser mode's bridge: the whole contract over one WebSocket per renderer (`serve`).
 *
 * Text frames carry JSON control frames (calls, results, events, doc-stream open/close); binary
 * frames carry doc-stream messages as `[stream id: varUint][doc message]`, so Yjs updates never
 * pass through JSON. Byte arrays inside call arguments and results (an attachment's bytes) are
 * boxed as `{ $bytes: base64 }`. Every decoder here returns a verdict and never throws: a
 * malformed frame is answered, never fatal.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isErrorCode, type SerializedError } from '../errors';
import { MAX_ATTACHMENT_BYTES } from './contract';
import type { CallOutcome } from './validate';

/** The path of the WebSocket endpoint on the serve origin. */
export const WS_PATH = '/bridge';
/** Room for JSON around the largest payload (an attachment's base64). */
const FRAME_OVERHEAD_BYTES = 1024 * 1024;
/** The largest frame either side accepts: a maximal attachment as base64, plus its envelope. */
export const MAX_FRAME_BYTES = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + FRAME_OVERHEAD_BYTES;
/** Stream ids are chosen by the client: positive integers below this bound. */
export const MAX_STREAM_ID = 2 ** 31;
/** Deeper JSON than this in a frame is refused (no legitimate argument nests so deep). */
export const MAX_JSON_DEPTH = 32;

/** Renderer → host. */
export type ClientFrame =
  /** A contract call; answered by a `result` with the same id. */
  | { t: 'call'; id: number; area: string; method: string; args: unknown }
  /** Opens doc stream `stream` (client-chosen id); its messages then flow as binary frames. */
  | { t: 'open'; stream: number; workspaceId: string; docId: string }
  /** Closes a doc stream; the host releases the doc. */
  | { t: 'close'; stream: number };

/** Host → renderer. */
export type ServerFrame =
  | { t: 'result'; id: number; outcome: CallOutcome }
  /** A contract event (`area.event`), sent to every connected renderer. */
  | { t: 'event'; area: string; event: string; payload: unknown }
  /** The host could not open, or had to end, a doc stream; the stream is gone. */
  | { t: 'stream-error'; stream: number; error: SerializedError }
  /** A frame the host could not read at all (no call id to answer to). */
  | { t: 'error'; error: SerializedError };

export type Verdict<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

const fail = (code: SerializedError['code'], message: string): { ok: false; error: SerializedError } => ({
  ok: false,
  error: { code, message },
});

// ---- JSON with bytes ------------------------------------------------------------------------

interface BytesBox {
  $bytes: string;
}

const BASE64_CHUNK = 0x8000; // String.fromCharCode.apply stays well under the argument limit

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK)));
  }
  return btoa(parts.join(''));
}

/** Throws on text that is not base64. */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isBytesBox(value: unknown): value is BytesBox {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$bytes' && typeof (value as BytesBox).$bytes === 'string';
}

/** JSON.stringify, with every Uint8Array (at any depth) boxed as `{ $bytes: base64 }`. */
export function stringifyWithBytes(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, current: unknown) {
    // Read the holder's own value: a Node Buffer's toJSON() has already run on `current`.
    const original = key === '' ? value : this[key];
    return original instanceof Uint8Array ? ({ $bytes: bytesToBase64(original) } satisfies BytesBox) : current;
  });
}

/** JSON.parse, unboxing `{ $bytes }` back into Uint8Array. Throws on malformed text. */
export function parseWithBytes(text: string): unknown {
  return JSON.parse(text, (_key, current: unknown) => (isBytesBox(current) ? base64ToBytes(current.$bytes) : current));
}

function depthOf(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, limit - 1));
  return deepest + 1;
}

// ---- Text frames -----------------------------------------------------------------------------

export const encodeFrame = (frame: ClientFrame | ServerFrame): string => stringifyWithBytes(frame);

type Obj = Record<string, unknown>;

function parseObject(text: string): Verdict<Obj> {
  if (text.length > MAX_FRAME_BYTES) return fail('too-large', `frame over ${MAX_FRAME_BYTES} bytes`);
  let value: unknown;
  try {
    value = parseWithBytes(text);
  } catch (error) {
    return fail('invalid-argument', `malformed frame: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('invalid-argument', 'a frame must be a JSON object');
  }
  if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return fail('invalid-argument', 'frame nests too deeply');
  return { ok: true, value: value as Obj };
}

const isCallId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isStreamId = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) < MAX_STREAM_ID;
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;

/** A refused client frame; `callId` is set when the frame was a call we can answer. */
export type ClientFrameVerdict = { ok: true; value: ClientFrame } | { ok: false; error: SerializedError; callId?: number };

export function decodeClientFrame(text: string): ClientFrameVerdict {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const f = parsed.value;
  switch (f.t) {
    case 'call':
      if (!isCallId(f.id)) return fail('invalid-argument', 'call: id must be a non-negative integer');
      if (!isName(f.area) || !isName(f.method)) {
        return { ...fail('invalid-argument', 'call: area and method must be names'), callId: f.id };
      }
      return { ok: true, value: { t: 'call', id: f.id, area: f.area, method: f.method, args: f.args } };
    case 'open':
      if (!isStreamId(f.stream)) return fail('invalid-argument', 'open: bad stream id');
      if (typeof f.workspaceId !== 'string' || typeof f.docId !== 'string') {
        return fail('invalid-argument', 'open: workspaceId and docId must be strings');
      }
      return { ok: true, value: { t: 'open', stream: f.stream, workspaceId: f.workspaceId, docId: f.docId } };
    case 'close':
      if (!isStreamId(f.stream)) return fail('invalid-argument', 'close: bad stream id');
      return { ok: true, value: { t: 'close', stream: f.stream } };
    default:
      return fail('invalid-argument', `unknown frame type ${JSON.stringify(f.t)}`);
  }
}

function isSerializedError(v: unknown): v is SerializedError {
  return typeof v === 'object' && v !== null && isErrorCode((v as Obj).code) && typeof (v as Obj).message === 'string';
}

function isOutcome(v: unknown): v is CallOutcome {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Obj;
  return o.ok === true || (o.ok === false && isSerializedError(o.error));
}

export function decodeServerFrame(text: string): Verdict<ServerFrame> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const f = parsed.value;
  switch (f.t) {
    case 'result':
      if (!isCallId(f.id) || !isOutcome(f.outcome)) return fail('invalid-argument', 'result: bad id or outcome');
      // `{ ok: true, value: undefined }` loses `value` in JSON; put it back.
      return { ok: true, value: { t: 'result', id: f.id, outcome: f.outcome.ok ? { ok: true, value: f.outcome.value } : f.outcome } };
    case 'event':
      if (!isName(f.area) || !isName(f.event)) return fail('invalid-argument', 'event: area and event must be names');
      return { ok: true, value: { t: 'event', area: f.area, event: f.event, payload: f.payload } };
    case 'stream-error':
      if (!isStreamId(f.stream) || !isSerializedError(f.error)) return fail('invalid-argument', 'stream-error: bad fields');
      return { ok: true, value: { t: 'stream-error', stream: f.stream, error: f.error } };
    case 'error':
      if (!isSerializedError(f.error)) return fail('invalid-argument', 'error: bad error');
      return { ok: true, value: { t: 'error', error: f.error } };
    default:
      return fail('invalid-argument', `unknown frame type ${JSON.stringify(f.t)}`);
  }
}

// ---- Binary frames ---------------------------------------------------------------------------

/** `[stream id: varUint][doc message]`. */
export function encodeDocFrame(stream: number, message: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, stream);
  encoding.writeUint8Array(enc, message);
  return encoding.toUint8Array(enc);
}

export function decodeDocFrame(frame: Uint8Array): Verdict<{ stream: number; message: Uint8Array }> {
  if (frame.byteLength > MAX_FRAME_BYTES) return fail('too-large', `frame over ${MAX_FRAME_BYTES} bytes`);
  try {
    const decoder = decoding.createDecoder(frame);
    const stream = decoding.readVarUint(decoder);
    if (!isStreamId(stream)) return fail('invalid-argument', 'doc frame: bad stream id');
    const message = frame.subarray(decoder.pos);
    if (message.byteLength === 0) return fail('invalid-argument', 'doc frame: empty message');
    return { ok: true, value: { stream, message } };
  } catch {
    return fail('invalid-argument', 'doc frame: truncated stream id');
  }
}
