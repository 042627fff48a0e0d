/**
 * Framing of data-channel messages: every message is cut into frames of at most FRAME_BYTES, so
 * no single data-channel send ever exceeds what every WebRTC implementation accepts.
 *
 * Why: a data-channel message over 256 KiB is dropped (or closes the channel), and y-webrtc sends
 * a joiner everything it lacks as ONE message and swallows the send error — a page over 256 KiB
 * would silently never reach a new peer (ARCHITECTURE.md §5, "Messages over 256 KiB").
 *
 * A frame is one data-channel message: one kind byte, then
 *   FRAME_WHOLE  payload                      a message that fits in one frame
 *   FRAME_FIRST  uint32 BE total, payload     the first part of a longer message
 *   FRAME_MORE   payload                      the next part
 * The channel is ordered and reliable and a sender never interleaves two messages, so the parts of
 * a message arrive back to back. Anything else is a protocol violation by the peer: the frame
 * (and any partial message) is dropped and the violation reported, never thrown.
 */

/** Largest data-channel message we send: comfortably under every implementation's limit. */
export const FRAME_BYTES = 16 * 1024;
/** Largest message we reassemble: a whole page's state arrives as one message. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export const FRAME_WHOLE = 0;
export const FRAME_FIRST = 1;
export const FRAME_MORE = 2;
const FIRST_HEADER_BYTES = 5;

/** Cuts a message into frames; each frame is a fresh buffer the caller may hand to `send`. */
export function encodeFrames(message: Uint8Array): Uint8Array[] {
  if (message.byteLength > MAX_MESSAGE_BYTES) {
    throw new RangeError(`message of ${message.byteLength} bytes exceeds MAX_MESSAGE_BYTES`);
  }
  if (message.byteLength < FRAME_BYTES) {
    const frame = new Uint8Array(message.byteLength + 1);
    frame[0] = FRAME_WHOLE;
    frame.set(message, 1);
    return [frame];
  }
  const frames: Uint8Array[] = [];
  const firstPayload = FRAME_BYTES - FIRST_HEADER_BYTES;
  const first = new Uint8Array(FRAME_BYTES);
  first[0] = FRAME_FIRST;
  new DataView(first.buffer).setUint32(1, message.byteLength);
  first.set(message.subarray(0, firstPayload), FIRST_HEADER_BYTES);
  frames.push(first);
  for (let offset = firstPayload; offset < message.byteLength; offset += FRAME_BYTES - 1) {
    const part = message.subarray(offset, offset + FRAME_BYTES - 1);
    const frame = new Uint8Array(part.byteLength + 1);
    frame[0] = FRAME_MORE;
    frame.set(part, 1);
    frames.push(frame);
  }
  return frames;
}

export type FrameResult =
  /** A whole message; `violation` if it cut short a partial one (which is dropped). */
  | { readonly kind: 'message'; readonly message: Uint8Array; readonly violation?: string }
  | { readonly kind: 'partial' }
  | { readonly kind: 'violation'; readonly reason: string };

const PARTIAL: FrameResult = { kind: 'partial' };

/** Reassembles the frames of one channel, in arrival order. */
export class Reassembler {
  private buffer: Uint8Array | null = null;
  private filled = 0;

  constructor(private readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  push(frame: Uint8Array): FrameResult {
    if (frame.byteLength === 0) return this.violation('empty frame');
    if (frame.byteLength > FRAME_BYTES) return this.violation(`frame of ${frame.byteLength} bytes`);
    const kind = frame[0];
    switch (kind) {
      case FRAME_WHOLE: {
        const interrupted = this.buffer !== null;
        this.reset();
        // A whole message in the middle of another is a violation, but the whole one is intact.
        const message = frame.slice(1);
        return interrupted ? { kind: 'message', message, violation: 'message interrupted by another' } : { kind: 'message', message };
      }
      case FRAME_FIRST: {
        if (this.buffer !== null) return this.violation('message interrupted by another');
        if (frame.byteLength < FIRST_HEADER_BYTES) return this.violation('truncated first frame');
        const total = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(1);
        const payload = frame.subarray(FIRST_HEADER_BYTES);
        if (total > this.maxMessageBytes) return this.violation(`message of ${total} bytes exceeds the cap`);
        if (payload.byteLength >= total) return this.violation('first frame longer than its message');
        this.buffer = new Uint8Array(total);
        this.buffer.set(payload);
        this.filled = payload.byteLength;
        return PARTIAL;
      }
      case FRAME_MORE: {
        const buffer = this.buffer;
        if (buffer === null) return this.violation('continuation without a first frame');
        const payload = frame.subarray(1);
        if (this.filled + payload.byteLength > buffer.byteLength) return this.violation('message longer than announced');
        buffer.set(payload, this.filled);
        this.filled += payload.byteLength;
        if (this.filled < buffer.byteLength) return PARTIAL;
        this.reset();
        return { kind: 'message', message: buffer };
      }
      default:
        return this.violation(`unknown frame kind ${kind}`);
    }
  }

  /** Bytes held for a message not yet complete. */
  get pendingBytes(): number {
    return this.buffer?.byteLength ?? 0;
  }

  private violation(reason: string): FrameResult {
    this.reset();
    return { kind: 'violation', reason };
  }

  private reset(): void {
    this.buffer = null;
    this.filled = 0;
  }
}
