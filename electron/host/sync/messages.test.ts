import { describe, expect, it } from 'vitest';
import { newPageId } from '../../../shared/ids';
import {
  decodeDigests,
  decodeHello,
  decodePageData,
  decodePagePush,
  decodePageRequest,
  encodeDigests,
  encodeHello,
  encodePageData,
  encodePagePush,
  encodePageRequest,
  messageType,
  MSG_DIGESTS,
  PAGE_OK,
  PAGE_UNKNOWN,
  MSG_PAGE_PUSH,
  SYNC_PROTOCOL,
} from './messages';

const pageId = newPageId();
const digest = 'ab'.repeat(16);

describe('sync messages', () => {
  it('round-trip', () => {
    expect(decodeHello(encodeHello({ protocol: SYNC_PROTOCOL, hostId: 'h1' }))).toEqual({ protocol: SYNC_PROTOCOL, hostId: 'h1' });
    const entries = new Map([[pageId, digest]]);
    expect(decodeDigests(encodeDigests({ full: true, entries }))).toEqual({ full: true, entries });
    const other = newPageId();
    const wants = [{ pageId, stateVector: Uint8Array.of(1, 2) }, { pageId: other, stateVector: Uint8Array.of(0) }];
    expect(decodePageRequest(encodePageRequest(wants))).toEqual(wants);
    const data = [
      { pageId, status: PAGE_OK, update: Uint8Array.of(0, 0), stateVector: Uint8Array.of(0), digest },
      { pageId: other, status: PAGE_UNKNOWN, update: Uint8Array.of(0, 0), stateVector: Uint8Array.of(0), digest },
    ];
    expect(decodePageData(encodePageData(data))).toEqual(data);
    expect(decodePagePush(encodePagePush([{ pageId, update: Uint8Array.of(9) }]))).toEqual([{ pageId, update: Uint8Array.of(9) }]);
    expect(decodePageRequest(encodePageRequest([]))).toEqual([]);
    expect(messageType(encodeDigests({ full: false, entries }))).toBe(MSG_DIGESTS);
  });

  it('decode malformed messages as null', () => {
    const good = encodePagePush([{ pageId, update: Uint8Array.of(9) }]);
    expect(decodePagePush(good.slice(0, -1))).toBeNull(); // truncated
    expect(decodePagePush(Uint8Array.from([...good, 0]))).toBeNull(); // trailing bytes
    expect(decodePageRequest(good)).toBeNull(); // another type
    // one bad entry spoils the message: nothing of it is applied
    expect(decodePagePush(encodePagePush([{ pageId, update: Uint8Array.of(1) }, { pageId: 'not-a-page-id' as typeof pageId, update: Uint8Array.of(1) }]))).toBeNull();
    // a count beyond the cap is refused before anything is read
    const huge = Uint8Array.from([MSG_PAGE_PUSH, 0xff, 0xff, 0xff, 0x7f]);
    expect(decodePagePush(huge)).toBeNull();
    expect(decodeDigests(encodeDigests({ full: true, entries: new Map([[pageId, 'XYZ']]) }))).toBeNull();
    expect(decodeHello(encodeHello({ protocol: SYNC_PROTOCOL, hostId: '' }))).toBeNull();
    expect(messageType(new Uint8Array(0))).toBeNull();
  });

  it('never throw on random input', () => {
    const decoders = [decodeHello, decodeDigests, decodePageRequest, decodePageData, decodePagePush];
    for (let i = 0; i < 1500; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(i % 64));
      if (bytes.length > 0) bytes[0] = 100 + (i % 5);
      for (const decode of decoders) expect(() => decode(bytes)).not.toThrow();
    }
  });
});
