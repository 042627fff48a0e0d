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
  SYNC_PROTOCOL,
} from './messages';

const pageId = newPageId();
const digest = 'ab'.repeat(16);

describe('sync messages', () => {
  it('round-trip', () => {
    expect(decodeHello(encodeHello({ protocol: SYNC_PROTOCOL, hostId: 'h1' }))).toEqual({ protocol: SYNC_PROTOCOL, hostId: 'h1' });
    const entries = new Map([[pageId, digest]]);
    expect(decodeDigests(encodeDigests({ full: true, entries }))).toEqual({ full: true, entries });
    expect(decodePageRequest(encodePageRequest(pageId, Uint8Array.of(1, 2)))).toEqual({ pageId, stateVector: Uint8Array.of(1, 2) });
    const data = { pageId, status: PAGE_OK, update: Uint8Array.of(0, 0), stateVector: Uint8Array.of(0), digest };
    expect(decodePageData(encodePageData(data))).toEqual(data);
    expect(decodePagePush(encodePagePush(pageId, Uint8Array.of(9)))).toEqual({ pageId, update: Uint8Array.of(9) });
    expect(messageType(encodeDigests({ full: false, entries }))).toBe(MSG_DIGESTS);
  });

  it('decode malformed messages as null', () => {
    const good = encodePagePush(pageId, Uint8Array.of(9));
    expect(decodePagePush(good.slice(0, -1))).toBeNull(); // truncated
    expect(decodePagePush(Uint8Array.from([...good, 0]))).toBeNull(); // trailing bytes
    expect(decodePageRequest(good)).toBeNull(); // another type
    expect(decodePagePush(encodePagePush('not-a-page-id' as typeof pageId, Uint8Array.of(1)))).toBeNull();
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
