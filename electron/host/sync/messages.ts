/**
 * The messages on a sync data channel.
 *
 * y-webrtc's own messages (first varUint: 0 sync, 1 awareness, 3 query awareness, 4 broadcast-
 * channel peer id) pass through our RoomGuard, which checks them before y-webrtc sees them. Ours
 * use types from 100 up; the guard consumes them, so y-webrtc never sees one:
 *
 *   HELLO         protocol, hostId             the handshake, first message each way
 *   DIGESTS       full?, [pageId, digest]...   what each page of ours looks like (catch-up)
 *   PAGE_REQUEST  n, [pageId, stateVector]…    "send me what I lack of these pages"
 *   PAGE_DATA     n, [pageId, status, update,  the answers (one request's come in one or more of
 *                 sv, digest]…                 these): what the requester lacked, our state vector
 *                                              and digest (the requester pushes back if it differs)
 *   PAGE_PUSH     n, [pageId, update]…         what the responder lacked, sent back by the requester
 *
 * Catch-up messages carry many pages each: one message per page cost a data-channel send, a
 * frame and a reply each, and 1,000 pages took ~100× the time their bytes need on the wire.
 *
 * Every decoder returns null for a malformed message instead of throwing.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isPageId, type PageId } from '../../../shared/ids';

export const Y_SYNC = 0;
export const Y_AWARENESS = 1;
export const Y_QUERY_AWARENESS = 3;
export const Y_BC_PEER_ID = 4;
/** y-protocols sync sub-types. */
export const Y_SYNC_STEP1 = 0;
export const Y_SYNC_STEP2 = 1;
export const Y_SYNC_UPDATE = 2;

export const MSG_HELLO = 100;
export const MSG_DIGESTS = 101;
export const MSG_PAGE_REQUEST = 102;
export const MSG_PAGE_DATA = 103;
export const MSG_PAGE_PUSH = 104;

/** Bumped when these messages change incompatibly; a peer speaking another version is refused. */
export const SYNC_PROTOCOL = 'commonplace-sync/2';
export const MAX_HOST_ID_LENGTH = 128;
/** More digests than this in one message is refused (a workspace has far fewer pages). */
export const MAX_DIGESTS = 200_000;
/** More pages than this in one request, answer or push is refused (we send at most CATCHUP_BATCH_PAGES). */
export const MAX_BATCH_ENTRIES = 10_000;
const DIGEST_PATTERN = /^[0-9a-f]{32}$/;

export const PAGE_OK = 0;
/** The responder has no such page in its workspace doc: it sends nothing and accepts nothing. */
export const PAGE_UNKNOWN = 1;

/** A y-webrtc sync step 2 carrying an empty update: tells y-webrtc it is synced, changes nothing. */
export const EMPTY_SYNC_STEP2 = Uint8Array.of(Y_SYNC, Y_SYNC_STEP2, 2, 0, 0);

export interface Hello {
  readonly protocol: string;
  readonly hostId: string;
}

export interface Digests {
  /** True: this is the sender's whole table, replacing what we knew; false: changes only. */
  readonly full: boolean;
  readonly entries: ReadonlyMap<PageId, string>;
}

export interface PageData {
  readonly pageId: PageId;
  readonly status: number;
  readonly update: Uint8Array;
  readonly stateVector: Uint8Array;
  readonly digest: string;
}

export function messageType(message: Uint8Array): number | null {
  return attempt(() => decoding.readVarUint(decoding.createDecoder(message)));
}

export function encodeHello(hello: Hello): Uint8Array {
  return build(MSG_HELLO, (e) => {
    encoding.writeVarString(e, hello.protocol);
    encoding.writeVarString(e, hello.hostId);
  });
}

export function decodeHello(message: Uint8Array): Hello | null {
  return read(message, MSG_HELLO, (d) => {
    const protocol = decoding.readVarString(d);
    const hostId = decoding.readVarString(d);
    return hostId.length > 0 && hostId.length <= MAX_HOST_ID_LENGTH ? { protocol, hostId } : null;
  });
}

export function encodeDigests(digests: Digests): Uint8Array {
  return build(MSG_DIGESTS, (e) => {
    encoding.writeVarUint(e, digests.full ? 1 : 0);
    encoding.writeVarUint(e, digests.entries.size);
    for (const [pageId, digest] of digests.entries) {
      encoding.writeVarString(e, pageId);
      encoding.writeVarString(e, digest);
    }
  });
}

export function decodeDigests(message: Uint8Array): Digests | null {
  return read(message, MSG_DIGESTS, (d) => {
    const full = decoding.readVarUint(d) === 1;
    const count = decoding.readVarUint(d);
    if (count > MAX_DIGESTS) return null;
    const entries = new Map<PageId, string>();
    for (let i = 0; i < count; i++) {
      const pageId = decoding.readVarString(d);
      const digest = decoding.readVarString(d);
      if (!isPageId(pageId) || !DIGEST_PATTERN.test(digest)) return null;
      entries.set(pageId, digest);
    }
    return { full, entries };
  });
}

export interface PageWant {
  readonly pageId: PageId;
  readonly stateVector: Uint8Array;
}

export interface PagePush {
  readonly pageId: PageId;
  readonly update: Uint8Array;
}

export function encodePageRequest(wants: readonly PageWant[]): Uint8Array {
  return build(MSG_PAGE_REQUEST, (e) => {
    encoding.writeVarUint(e, wants.length);
    for (const want of wants) {
      encoding.writeVarString(e, want.pageId);
      encoding.writeVarUint8Array(e, want.stateVector);
    }
  });
}

export function decodePageRequest(message: Uint8Array): PageWant[] | null {
  return readList(message, MSG_PAGE_REQUEST, (d) => {
    const pageId = decoding.readVarString(d);
    const stateVector = decoding.readVarUint8Array(d);
    return isPageId(pageId) ? { pageId, stateVector } : null;
  });
}

/** One page's answer, encoded; a PAGE_DATA message is a count and then such entries. */
export function encodePageDataEntry(data: PageData): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, data.pageId);
  encoding.writeVarUint(e, data.status);
  encoding.writeVarUint8Array(e, data.update);
  encoding.writeVarUint8Array(e, data.stateVector);
  encoding.writeVarString(e, data.digest);
  return encoding.toUint8Array(e);
}

/** A PAGE_DATA message of entries encoded with encodePageDataEntry. */
export function encodePageDataEntries(entries: readonly Uint8Array[]): Uint8Array {
  return build(MSG_PAGE_DATA, (e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) encoding.writeUint8Array(e, entry);
  });
}

export function encodePageData(list: readonly PageData[]): Uint8Array {
  return encodePageDataEntries(list.map(encodePageDataEntry));
}

export function decodePageData(message: Uint8Array): PageData[] | null {
  return readList(message, MSG_PAGE_DATA, (d) => {
    const pageId = decoding.readVarString(d);
    const status = decoding.readVarUint(d);
    const update = decoding.readVarUint8Array(d);
    const stateVector = decoding.readVarUint8Array(d);
    const digest = decoding.readVarString(d);
    const wellFormed = isPageId(pageId) && (status === PAGE_OK || status === PAGE_UNKNOWN) && DIGEST_PATTERN.test(digest);
    return wellFormed ? { pageId, status, update, stateVector, digest } : null;
  });
}

export function encodePagePushEntry(push: PagePush): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, push.pageId);
  encoding.writeVarUint8Array(e, push.update);
  return encoding.toUint8Array(e);
}

export function encodePagePushEntries(entries: readonly Uint8Array[]): Uint8Array {
  return build(MSG_PAGE_PUSH, (e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) encoding.writeUint8Array(e, entry);
  });
}

export function encodePagePush(list: readonly PagePush[]): Uint8Array {
  return encodePagePushEntries(list.map(encodePagePushEntry));
}

export function decodePagePush(message: Uint8Array): PagePush[] | null {
  return readList(message, MSG_PAGE_PUSH, (d) => {
    const pageId = decoding.readVarString(d);
    const update = decoding.readVarUint8Array(d);
    return isPageId(pageId) ? { pageId, update } : null;
  });
}

function build(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

function read<T>(message: Uint8Array, type: number, body: (d: decoding.Decoder) => T | null): T | null {
  return attempt(() => {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== type) return null;
    const value = body(d);
    return decoding.hasContent(d) ? null : value; // trailing bytes: not a message we wrote
  });
}

/** A message of `type` holding a count and that many entries; null if any entry is malformed. */
function readList<T>(message: Uint8Array, type: number, entry: (d: decoding.Decoder) => T | null): T[] | null {
  return read(message, type, (d) => {
    const count = decoding.readVarUint(d);
    if (count > MAX_BATCH_ENTRIES) return null;
    const list: T[] = [];
    for (let i = 0; i < count; i++) {
      const value = entry(d);
      if (value === null) return null;
      list.push(value);
    }
    return list;
  });
}

function attempt<T>(fn: () => T | null): T | null {
  try {
    return fn();
  } catch {
    return null; // lib0 decoders throw on truncated input: a malformed message, reported as null
  }
}
