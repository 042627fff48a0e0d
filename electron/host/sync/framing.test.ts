import { describe, expect, it } from 'vitest';
import { encodeFrames, FRAME_BYTES, FRAME_FIRST, FRAME_MORE, MAX_MESSAGE_BYTES, Reassembler, type FrameResult } from './framing';

function random(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(n, i + 65536)));
  return bytes;
}

/** Compares results cheaply: deep equality on megabyte arrays is slow. */
function summary(results: FrameResult[]): string[] {
  return results.map((r) => (r.kind === 'message' ? `message ${Buffer.from(r.message).toString('base64')}${r.violation ? ' after a violation' : ''}` : r.kind));
}
const asMessages = (messages: Uint8Array[]) => summary(messages.map((message) => ({ kind: 'message', message })));

function reassemble(frames: Uint8Array[], reassembler = new Reassembler()): FrameResult[] {
  return frames.map((f) => reassembler.push(f)).filter((r) => r.kind !== 'partial');
}

describe('framing', () => {
  it('round-trips messages of every size around the frame boundaries', () => {
    for (const n of [0, 1, FRAME_BYTES - 2, FRAME_BYTES - 1, FRAME_BYTES, FRAME_BYTES + 1, 3 * FRAME_BYTES + 7, 1_000_000]) {
      const message = random(n);
      const frames = encodeFrames(message);
      for (const frame of frames) expect(frame.byteLength).toBeLessThanOrEqual(FRAME_BYTES);
      expect(summary(reassemble(frames))).toEqual(asMessages([message]));
    }
  });

  it('delivers a whole message that interrupts a partial one, and reports the violation', () => {
    const whole = Uint8Array.of(5, 6);
    const results = reassemble([Uint8Array.of(FRAME_FIRST, 0, 0, 0, 9, 1), ...encodeFrames(whole)]);
    expect(results).toEqual([{ kind: 'message', message: whole, violation: 'message interrupted by another' }]);
  });

  it('reassembles consecutive messages on one channel', () => {
    const messages = [random(10), random(100_000), random(3), random(FRAME_BYTES * 2)];
    const results = reassemble(messages.flatMap(encodeFrames));
    expect(summary(results)).toEqual(asMessages(messages));
  });

  it('refuses to frame a message over the cap', () => {
    expect(() => encodeFrames({ byteLength: MAX_MESSAGE_BYTES + 1 } as Uint8Array)).toThrow(RangeError);
  });

  describe('reports hostile frames as violations and recovers', () => {
    const good = random(50);
    const goodFrames = encodeFrames(good);
    const cases: Array<[string, Uint8Array[]]> = [
      ['an empty frame', [new Uint8Array(0)]],
      ['an unknown kind', [Uint8Array.of(9, 1, 2)]],
      ['an oversized frame', [new Uint8Array(FRAME_BYTES + 1)]],
      ['a continuation alone', [Uint8Array.of(FRAME_MORE, 1, 2)]],
      ['a truncated first frame', [Uint8Array.of(FRAME_FIRST, 0, 0)]],
      ['a first frame announcing more than the cap', [Uint8Array.of(FRAME_FIRST, 0xff, 0xff, 0xff, 0xff, 1)]],
      ['a first frame longer than announced', [Uint8Array.of(FRAME_FIRST, 0, 0, 0, 1, 1, 2)]],
      ['a message longer than announced', [Uint8Array.of(FRAME_FIRST, 0, 0, 0, 3, 1), Uint8Array.of(FRAME_MORE, 1, 2, 3)]],
    ];
    for (const [name, frames] of cases) {
      it(name, () => {
        const reassembler = new Reassembler();
        const results = reassemble([...frames, ...goodFrames], reassembler);
        const last = results.at(-1);
        expect(last?.kind === 'message' && Buffer.from(last.message).equals(Buffer.from(good))).toBe(true);
        // every bad frame is reported, as a violation or on the message it cut short
        const reported = results.filter((r) => r.kind === 'violation' || (r.kind === 'message' && r.violation)).length;
        expect(reported).toBeGreaterThan(0);
        expect(results.slice(0, -1).every((r) => r.kind === 'violation')).toBe(true);
        expect(reassembler.pendingBytes).toBe(0);
      });
    }
  });

  it('survives random frames without throwing', () => {
    const reassembler = new Reassembler(1024 * 1024);
    for (let i = 0; i < 5000; i++) {
      const frame = random(Math.floor(Math.random() * 40));
      if (frame.byteLength > 0 && Math.random() < 0.5) frame[0] = Math.floor(Math.random() * 3);
      expect(() => reassembler.push(frame)).not.toThrow();
    }
    expect(reassemble(encodeFrames(Uint8Array.of(7)), new Reassembler())).toEqual([{ kind: 'message', message: Uint8Array.of(7) }]);
  });
});
