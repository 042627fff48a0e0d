/**
 * The WebSocket y-webrtc's signaling client uses, installed as the global `WebSocket`.
 *
 * y-webrtc (through lib0/websocket) calls `new WebSocket(url)` on the global: Node 20 has none,
 * hence this install. And it must be this class, not any WebSocket, because y-webrtc trusts what
 * a signaling server relays: a message that is not JSON throws in lib0's onmessage (an uncaught
 * exception), and a publish that does not decrypt — anyone can publish to a room name they have
 * seen — is an unhandled rejection in y-webrtc; either ends a Node process. So every message is
 * checked here first: JSON, a known room, decrypts with that room's key, a well-formed signal.
 * Only then is it handed to y-webrtc, in arrival order.
 *
 * @safety this replaces `globalThis.WebSocket` for the whole process (Electron's Node 22 has a
 * native one). The host itself uses `ws` directly; nothing else in it uses the global.
 */
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { createLogger } from '../../../shared/log';

const log = createLogger('sync-signaling');

/** Largest message we accept from a signaling server (an encrypted SDP offer is a few KiB). */
export const MAX_SIGNALING_MESSAGE_BYTES = 256 * 1024;
const MAX_PEER_ID_LENGTH = 64;
const SIGNAL_KINDS = new Set(['offer', 'answer', 'candidate']);

/** What the filter needs of a y-webrtc room (a WebrtcProvider provides it). */
export interface SignalingRoom {
  readonly key: PromiseLike<CryptoKey | null>;
  readonly room: { readonly peerId: string; readonly webrtcConns: ReadonlyMap<string, unknown> } | null;
}

const rooms = new Map<string, SignalingRoom>();
let droppedTotal = 0;

/** Messages from signaling servers dropped by the checks, in this process (diagnostics, tests). */
export function droppedSignalingMessages(): number {
  return droppedTotal;
}

export function registerSignalingRoom(name: string, room: SignalingRoom): void {
  rooms.set(name, room);
}

export function unregisterSignalingRoom(name: string, room: SignalingRoom): void {
  if (rooms.get(name) === room) rooms.delete(name);
}

/** Makes y-webrtc's signaling use SignalingSocket. Idempotent. */
export function installSignalingWebSocket(): void {
  (globalThis as { WebSocket?: unknown }).WebSocket = SignalingSocket;
}

type Handler = ((event: { readonly data?: unknown }) => void) | null;

/** The subset of the browser WebSocket that lib0/websocket uses, over `ws`, with the checks above. */
export class SignalingSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  onopen: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  onmessage: Handler = null;
  binaryType = 'blob';
  dropped = 0;
  private readonly ws: WebSocket;
  private delivery: Promise<void> = Promise.resolve();

  constructor(readonly url: string) {
    this.ws = new WebSocket(url, { maxPayload: MAX_SIGNALING_MESSAGE_BYTES });
    this.ws.on('open', () => this.call(this.onopen, {}));
    this.ws.on('close', () => this.call(this.onclose, {}));
    this.ws.on('error', (error) => {
      log.debug(`signaling ${url}: ${String(error)}`);
      this.call(this.onerror, { data: error });
    });
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) return this.drop('a binary message');
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
      this.delivery = this.delivery.then(() => this.check(text)).then(
        (ok) => (ok ? this.call(this.onmessage, { data: text }) : undefined),
        (error: unknown) => log.error('signaling check failed', error),
      );
    });
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  /** Sends only while open (lib0 may try while connecting; `ws` would throw). */
  send(text: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  close(): void {
    this.ws.close();
  }

  private async check(text: string): Promise<boolean> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.drop('a message that is not JSON');
    }
    if (!isRecord(message)) return this.drop('a message that is not an object');
    if (message.type === 'pong') return true;
    if (message.type !== 'publish') return this.drop(`a message of type ${String(message.type)}`);
    const room = typeof message.topic === 'string' ? rooms.get(message.topic) : undefined;
    if (!room) return false; // a room of another process on the same server: not for us
    if (typeof message.data !== 'string') return this.drop('a publish without encrypted data');
    const key = await room.key;
    if (!key) return this.drop('a publish in a room without a password');
    const signal = await decryptSignal(key, message.data);
    if (!signal) return this.drop('a publish that does not decrypt with the room key');
    // A signal between two other peers of the room: y-webrtc would ignore it too.
    if (isRecord(signal) && signal.type === 'signal' && signal.to !== room.room?.peerId) return false;
    return isAcceptableSignal(signal, room) || this.drop('a malformed signal');
  }

  private drop(what: string): false {
    this.dropped++;
    droppedTotal++;
    log.warn(`signaling ${this.url}: dropped ${what}`);
    return false;
  }

  private call(handler: Handler, event: { readonly data?: unknown }): void {
    try {
      handler?.(event);
    } catch (error) {
      log.error(`signaling ${this.url}: y-webrtc's handler threw`, error);
    }
  }
}

/** y-webrtc's encryption (its src/crypto.js): varString 'AES-GCM', iv, ciphertext of lib0 `writeAny`. */
async function decryptSignal(key: CryptoKey, base64: string): Promise<unknown> {
  try {
    const decoder = decoding.createDecoder(new Uint8Array(Buffer.from(base64, 'base64')));
    if (decoding.readVarString(decoder) !== 'AES-GCM') return null;
    const iv = decoding.readVarUint8Array(decoder);
    const cipher = decoding.readVarUint8Array(decoder);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, cipher);
    return decoding.readAny(decoding.createDecoder(new Uint8Array(plain)));
  } catch {
    return null; // wrong key, tampered or truncated: not a signal from a room member
  }
}

function isAcceptableSignal(value: unknown, room: SignalingRoom): boolean {
  if (!isRecord(value) || !isPeerId(value.from)) return false;
  if (value.type === 'announce') return true;
  if (value.type !== 'signal' || !isPeerId(value.to) || !isRecord(value.signal)) return false;
  if (value.token !== undefined && typeof value.token !== 'number') return false;
  const kind = value.signal.type;
  if (typeof kind !== 'string' || !SIGNAL_KINDS.has(kind)) return false;
  if (kind === 'candidate') return isRecord(value.signal.candidate);
  if (typeof value.signal.sdp !== 'string') return false;
  // y-webrtc dereferences the connection an answer belongs to without checking it exists.
  return kind !== 'answer' || room.room?.webrtcConns.has(value.from) === true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPeerId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_PEER_ID_LENGTH;
}
