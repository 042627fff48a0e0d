/**
 * A hostile peer (it has the workspace key, so it gets a data channel to the host) sends
 * SYNC_FUZZ_MESSAGES (default 10,000, as the issue asks; about 4 s) random and mutated messages:
 * random bytes, raw frames that break the framing, and mutations of valid y-webrtc sync and
 * awareness messages and of our catch-up messages. The host must neither crash nor change its
 * documents, and must still sync with an honest peer afterwards.
 *
 * A mutation can still be a well-formed update that adds content — a legitimate edit any member
 * can make, which the host must accept. Those are told apart by applying each message to a copy
 * of the host's state here first (plain Yjs, as the host would) and are not sent; every other
 * message, including the ones plain Yjs would half-apply before throwing, is.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseGrant, type Grant } from '../../shared/crypto/grants';
import { memoryKeyHolder, openAuth, testIdentity } from '../../electron/host/sync/auth-test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { GuardedDoc } from '../../electron/host/sync/guarded-doc';
import {
  decodePageData,
  decodePagePush,
  encodeDigests,
  encodePageData,
  encodePagePush,
  encodePageRequest,
  MSG_PAGE_DATA,
  PAGE_OK,
} from '../../electron/host/sync/messages';
import type { RemotePeer } from '../../electron/host/sync/room-guard';
import { SyncRoom } from '../../electron/host/sync/sync-room';
import { FRAME_FIRST, FRAME_MORE } from '../../electron/host/sync/framing';
import type { DocId, PageId } from '../../shared/ids';
import { PAGE_CONTENT } from '../../shared/model';
import { eventually, HostProcess, stateOf, tempDir, type HostState } from './fixtures/sync-harness';

const MESSAGES = Number(process.env.SYNC_FUZZ_MESSAGES ?? 10_000);
const cleanup: Array<() => Promise<void>> = [];
let a: HostProcess;
let workspaceFile = '';
let signaling = '';
let pageId = '' as PageId;

beforeAll(async () => {
  const dir = await tempDir('cp-sync-fuzz-a-');
  const started = await HostProcess.start({ dataDir: dir.path });
  a = started.host;
  workspaceFile = started.ready.workspaceFile;
  signaling = started.ready.signaling;
  cleanup.push(() => dir.remove(), () => a.stop());
  pageId = String((await a.request('createPage', { title: 'Target', paragraphs: ['alpha', 'beta', 'gamma'] })).pageId) as PageId;
});

afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const stateBytes = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');

function copyOf(update: Uint8Array, gc: boolean): Y.Doc {
  const doc = new Y.Doc({ gc });
  Y.applyUpdate(doc, update);
  return doc;
}

/** Whether plain Yjs would apply `update` to a doc in state `base` cleanly AND change it. */
function isValidChange(base: Uint8Array, gc: boolean, update: Uint8Array): boolean {
  const doc = copyOf(base, gc);
  const before = stateBytes(doc);
  try {
    Y.applyUpdate(doc, update);
  } catch {
    return false;
  }
  return stateBytes(doc) !== before;
}

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

const randomBytes = (max: number) => crypto.getRandomValues(new Uint8Array(Math.floor(Math.random() * max)));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function mutate(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  switch (Math.floor(Math.random() * 4)) {
    case 0: // flip bytes
      for (let k = 0; k < 1 + Math.floor(Math.random() * 3); k++) out[Math.floor(Math.random() * out.length)] = Math.floor(Math.random() * 256);
      return out;
    case 1: // truncate
      return out.slice(0, Math.floor(Math.random() * out.length));
    case 2: // insert junk
      return Uint8Array.from([...out.slice(0, out.length >> 1), ...randomBytes(8), ...out.slice(out.length >> 1)]);
    default: // a byte off by one (lengths, clocks, client ids)
      out[Math.floor(Math.random() * out.length)]! += Math.random() < 0.5 ? 1 : -1;
      return out;
  }
}

describe(`${MESSAGES} fuzzed messages from a peer`, () => {
  it('neither crash the host nor change its documents', async () => {
    const record = JSON.parse(await readFile(workspaceFile, 'utf8')) as { id: DocId; key: string; creatorId: string };
    const doc = new Y.Doc();
    // A member (it claims the creator's contributor invite): hostile, but past the handshake.
    const auth = await openAuth(await testIdentity('fuzzer'), doc, record.creatorId, memoryKeyHolder(record.key), record.id);
    const invite = JSON.parse(await readFile(join(dirname(workspaceFile), 'invite.json'), 'utf8')) as { seed: string; grant: unknown };
    await auth.claimInvite(invite.seed, parseGrant(invite.grant) as Grant);
    const guarded = new GuardedDoc(doc);
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: 'fuzzer', color: '#ff0000' } });
    const inbox: Uint8Array[] = [];
    let host: RemotePeer | null = null;
    const room = await SyncRoom.open({
      docId: record.id,
      workspaceKey: record.key,
      doc: guarded,
      awareness,
      auth,
      kind: 'workspace',
      signaling: [signaling],
      iceServers: [],
      onPeerOpen: (peer) => (host = peer),
      onMessage: (_peer, _type, m) => inbox.push(m),
    });
    cleanup.push(async () => {
      await room.destroy();
      guarded.destroy();
      awareness.destroy();
    });
    const before: HostState = await stateOf(a);
    await eventually(async () => host !== null && doc.getMap('pages').size === before.pageCount, 20_000);
    const peer = host as unknown as RemotePeer;

    // The page's state, fetched as any peer would.
    const replyTo = async (request: Uint8Array) => {
      const seen = inbox.length;
      peer.send(request);
      await eventually(async () => inbox.slice(seen).some((m) => m[0] === MSG_PAGE_DATA), 20_000);
      return decodePageData(inbox.slice(seen).find((m) => m[0] === MSG_PAGE_DATA) as Uint8Array)?.[0];
    };
    const data = await replyTo(encodePageRequest([{ pageId, stateVector: Y.encodeStateVector(new Y.Doc()) }]));
    expect(data?.status).toBe(PAGE_OK);
    const pageState = (data as NonNullable<typeof data>).update;

    // Valid messages to mutate.
    const rootState = Y.encodeStateAsUpdate(doc);
    const editedRoot = copyOf(rootState, true);
    editedRoot.getMap('pages').set('fuzz', 1);
    const rootEdit = Y.encodeStateAsUpdate(editedRoot, Y.encodeStateVector(doc));
    const editedPage = copyOf(pageState, false);
    editedPage.getXmlFragment(PAGE_CONTENT).insert(0, [new Y.XmlText('injected')]);
    editedPage.getXmlFragment(PAGE_CONTENT).delete(1, 1);
    const pageEdit = Y.encodeStateAsUpdate(editedPage, Y.encodeStateVector(copyOf(pageState, false)));
    const valid = [
      message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)))),
      message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, rootState))),
      message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, rootEdit))),
      message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [doc.clientID])))),
      Uint8Array.of(3),
      encodeDigests({ full: false, entries: new Map([[pageId, 'ab'.repeat(16)]]) }),
      encodePageRequest([{ pageId, stateVector: Y.encodeStateVector(new Y.Doc()) }]),
      encodePageData([{ pageId, status: PAGE_OK, update: pageEdit, stateVector: Uint8Array.of(0), digest: 'cd'.repeat(16) }]),
      encodePagePush([{ pageId, update: pageEdit }]),
    ];

    /** Would the host take this as a legitimate edit? Then it is not ours to send. */
    const isEdit = (m: Uint8Array): boolean => {
      try {
        const d = decoding.createDecoder(m);
        const type = decoding.readVarUint(d);
        if (type === 0 && decoding.readVarUint(d) !== 0) return isValidChange(rootState, true, decoding.readVarUint8Array(d));
        // A page's update, pushed, or sent as the answer to a request the host made (a mutated
        // digest can make it ask us).
        const pushes = decodePagePush(m) ?? decodePageData(m);
        if (pushes) return pushes.some((push) => push.pageId !== pageId || isValidChange(pageState, false, push.update));
      } catch {
        return false; // does not decode: a malformed message, which we do send
      }
      return false;
    };

    let sent = 0;
    let skipped = 0;
    let rawFrames = 0;
    const t0 = Date.now();
    while (sent < MESSAGES) {
      const roll = Math.random();
      if (roll < 0.1) {
        // a raw frame, bypassing our framing: garbage, or a first/continuation frame with junk
        const frame = roll < 0.05 ? randomBytes(64) : Uint8Array.from([pick([FRAME_FIRST, FRAME_MORE]), ...randomBytes(32)]);
        if (frame.byteLength === 0) continue;
        peer.channel.native.send(frame);
        rawFrames++;
      } else {
        const m = roll < 0.3 ? randomBytes(300) : mutate(pick(valid));
        if (isEdit(m)) {
          skipped++;
          continue;
        }
        peer.send(m);
      }
      sent++;
      if (sent % 500 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    // The host handles messages in order: once it answers this, it has seen all of the above.
    await replyTo(encodePageRequest([{ pageId, stateVector: Y.encodeStateVector(new Y.Doc()) }]));
    const ms = Date.now() - t0;
    console.log(`${sent} messages (${rawFrames} raw frames; ${skipped} mutations were valid edits, not sent) handled in ${ms} ms`);

    const status = await a.request('status');
    expect(status.unhandled).toBe(0);
    expect(await stateOf(a)).toEqual(before);

    // And an honest host still syncs with it.
    const dir = await tempDir('cp-sync-fuzz-b-');
    const { host: b } = await HostProcess.start({ dataDir: dir.path, join: workspaceFile, signal: [signaling] });
    cleanup.push(() => dir.remove(), () => b.stop());
    await a.request('edit', { pageId, append: 'after the storm' });
    await eventually(async () => JSON.stringify(await stateOf(a)) === JSON.stringify(await stateOf(b)), 20_000);
  });
});
