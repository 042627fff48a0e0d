import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from './contract';
import {
  MAX_FRAME_BYTES,
  MAX_JSON_DEPTH,
  MAX_STREAM_ID,
  base64ToBytes,
  bytesToBase64,
  decodeClientFrame,
  decodeDocFrame,
  decodeServerFrame,
  encodeDocFrame,
  encodeFrame,
  parseWithBytes,
  stringifyWithBytes,
} from './ws-protocol';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('bytes inside JSON', () => {
  it('round-trips Uint8Array at any depth', () => {
    const value = { a: bytes(1, 2, 3), list: [bytes(), { deep: bytes(255, 0, 128) }], plain: 'x', n: 1 };
    const back = parseWithBytes(stringifyWithBytes(value)) as typeof value;
    expect(back.a).toBeInstanceOf(Uint8Array);
    expect([...back.a]).toEqual([1, 2, 3]);
    expect(back.list[0]).toEqual(bytes());
    expect([...(back.list[1] as { deep: Uint8Array }).deep]).toEqual([255, 0, 128]);
    expect(back.plain).toBe('x');
  });

  it('boxes bytes that have a toJSON of their own (a Node Buffer) as bytes', () => {
    class BufferLike extends Uint8Array {
      toJSON() {
        return { type: 'Buffer', data: [...this] };
      }
    }
    const text = stringifyWithBytes({ b: new BufferLike([7, 8]) });
    expect(text).toBe('{"b":{"$bytes":"Bwg="}}');
    expect(parseWithBytes(text)).toEqual({ b: bytes(7, 8) });
  });

  it('round-trips a Uint8Array at the top level and views into larger buffers', () => {
    const big = bytes(0, 1, 2, 3, 4, 5);
    expect(parseWithBytes(stringifyWithBytes(big.subarray(2, 4)))).toEqual(bytes(2, 3));
  });

  it('leaves objects with other keys beside $bytes alone', () => {
    expect(parseWithBytes('{"$bytes":"AA==","x":1}')).toEqual({ $bytes: 'AA==', x: 1 });
  });

  it('base64 round-trips every byte value, across chunk boundaries, and refuses garbage', () => {
    expect(bytesToBase64(bytes(0xfb, 0xff, 0x00, 0x41))).toBe('+/8AQQ==');
    const all = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 31) % 256);
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
    expect(() => base64ToBytes('not base64!')).toThrow();
  });

  it('fits the largest attachment in one frame', () => {
    // Encoding 64 MiB takes seconds; the envelope plus base64's exact length says the same.
    const args = { workspaceId: 'f'.repeat(32), mime: 'image/svg+xml', bytes: new Uint8Array(0) };
    const envelope = encodeFrame({ t: 'call', id: Number.MAX_SAFE_INTEGER, area: 'attachments', method: 'put', args });
    expect(envelope.length + 4 * Math.ceil(MAX_ATTACHMENT_BYTES / 3)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });
});

describe('client frames', () => {
  it('accepts call, open and close', () => {
    const call = { t: 'call', id: 3, area: 'workspaces', method: 'list', args: { x: bytes(1) } } as const;
    expect(decodeClientFrame(encodeFrame(call))).toEqual({ ok: true, value: call });
    const open = { t: 'open', stream: 1, workspaceId: 'a', docId: 'b' } as const;
    expect(decodeClientFrame(encodeFrame(open))).toEqual({ ok: true, value: open });
    expect(decodeClientFrame('{"t":"close","stream":9}')).toEqual({ ok: true, value: { t: 'close', stream: 9 } });
  });

  it('keeps an absent args as undefined (the schema decides)', () => {
    const verdict = decodeClientFrame('{"t":"call","id":0,"area":"app","method":"info"}');
    expect(verdict).toEqual({ ok: true, value: { t: 'call', id: 0, area: 'app', method: 'info', args: undefined } });
  });

  it.each([
    ['not JSON', '{nope'],
    ['an array', '[1,2]'],
    ['a string', '"call"'],
    ['null', 'null'],
    ['an unknown type', '{"t":"explode"}'],
    ['a call without id', '{"t":"call","area":"app","method":"info"}'],
    ['a call with a fractional id', '{"t":"call","id":1.5,"area":"app","method":"info"}'],
    ['a call with a negative id', '{"t":"call","id":-1,"area":"app","method":"info"}'],
    ['an open with stream 0', '{"t":"open","stream":0,"workspaceId":"a","docId":"b"}'],
    ['an open with a huge stream', `{"t":"open","stream":${MAX_STREAM_ID},"workspaceId":"a","docId":"b"}`],
    ['an open without docId', '{"t":"open","stream":1,"workspaceId":"a"}'],
    ['a close with a string stream', '{"t":"close","stream":"1"}'],
    ['bad base64 in $bytes', '{"t":"call","id":1,"area":"a","method":"b","args":{"$bytes":"%%%"}}'],
  ])('refuses %s with invalid-argument', (_what, text) => {
    const verdict = decodeClientFrame(text);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error.code).toBe('invalid-argument');
  });

  it('names the call id of a call it refuses, so the call can be answered', () => {
    const verdict = decodeClientFrame('{"t":"call","id":12,"area":"","method":"x"}');
    expect(verdict).toMatchObject({ ok: false, callId: 12 });
  });

  it('refuses frames nested too deeply', () => {
    const deep = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    const verdict = decodeClientFrame(`{"t":"call","id":1,"area":"a","method":"b","args":${deep}}`);
    expect(verdict).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('refuses frames over the size limit without parsing them', () => {
    const verdict = decodeClientFrame(' '.repeat(MAX_FRAME_BYTES + 1));
    expect(verdict).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});

describe('server frames', () => {
  it('accepts results, events, stream errors and errors', () => {
    const frames = [
      { t: 'result', id: 1, outcome: { ok: true, value: { bytes: bytes(1, 2) } } },
      { t: 'result', id: 2, outcome: { ok: false, error: { code: 'not-found', message: 'gone' } } },
      { t: 'event', area: 'workspaces', event: 'onDidChange', payload: [] },
      { t: 'stream-error', stream: 4, error: { code: 'not-found', message: 'no page' } },
      { t: 'error', error: { code: 'invalid-argument', message: 'bad' } },
    ] as const;
    for (const frame of frames) expect(decodeServerFrame(encodeFrame(frame))).toEqual({ ok: true, value: frame });
  });

  it('restores an undefined result value that JSON dropped', () => {
    const verdict = decodeServerFrame(encodeFrame({ t: 'result', id: 1, outcome: { ok: true, value: undefined } }));
    expect(verdict).toEqual({ ok: true, value: { t: 'result', id: 1, outcome: { ok: true, value: undefined } } });
  });

  it.each([
    ['an unknown error code', '{"t":"result","id":1,"outcome":{"ok":false,"error":{"code":"boom","message":"x"}}}'],
    ['a result without outcome', '{"t":"result","id":1}'],
    ['an event without a name', '{"t":"event","area":"workspaces","payload":1}'],
    ['a client frame', '{"t":"close","stream":1}'],
  ])('refuses %s', (_what, text) => {
    expect(decodeServerFrame(text).ok).toBe(false);
  });
});

describe('doc frames', () => {
  it('round-trips stream id and message, including multi-byte stream ids', () => {
    for (const stream of [1, 127, 128, 300_000, MAX_STREAM_ID - 1]) {
      const verdict = decodeDocFrame(encodeDocFrame(stream, bytes(0, 1, 2)));
      expect(verdict).toEqual({ ok: true, value: { stream, message: bytes(0, 1, 2) } });
    }
  });

  it.each([
    ['an empty frame', bytes()],
    ['a truncated varUint', bytes(0x80)],
    ['stream 0', bytes(0, 1)],
    ['no message', bytes(5)],
  ])('refuses %s', (_what, frame) => {
    expect(decodeDocFrame(frame)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
