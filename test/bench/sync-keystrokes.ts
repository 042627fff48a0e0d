/**
 * Keystrokes for the sync benchmark (sync.bench.ts), run inside host processes (sync-host.ts):
 * a minimal renderer that types one character at a time into a page through the host's doc
 * stream — the path a TipTap edit takes to the host — and a watcher on another host's page doc
 * that notes when each keystroke arrives. Times are wall-clock milliseconds with sub-millisecond
 * precision (`performance.timeOrigin + performance.now()`), comparable between processes on the
 * same machine.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/bridge/doc-protocol';
import { PAGE_CONTENT } from '../../shared/model';

export const wallClock = (): number => performance.timeOrigin + performance.now();

/** The text of a page's first paragraph: where keystrokes go. */
export function typedText(doc: Y.Doc): Y.XmlText | null {
  const paragraph = doc.getXmlFragment(PAGE_CONTENT).toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  return paragraph?.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText) ?? null;
}

/** What a renderer needs of the host: a doc stream (Host.openDocStream). */
export interface DocStreams {
  openDocStream(docId: string, send: (message: Uint8Array) => void): Promise<{ receive(message: Uint8Array): void; close(): Promise<void> }>;
}

/**
 * Types `count` characters at the end of the page's first paragraph, one every `intervalMs`,
 * as a renderer would (its own Y.Doc, synced over the doc stream). Returns when each was typed.
 */
export async function typeThroughRenderer(streams: DocStreams, docId: string, count: number, intervalMs: number): Promise<number[]> {
  const doc = new Y.Doc({ guid: docId, gc: false });
  const origin = Symbol('renderer');
  let synced!: () => void;
  const whenSynced = new Promise<void>((resolve) => (synced = resolve));
  const pending: Uint8Array[] = [];
  let stream: Awaited<ReturnType<DocStreams['openDocStream']>> | null = null;
  const send = (message: Uint8Array) => (stream ? stream.receive(message) : pending.push(message));
  doc.on('update', (update: Uint8Array, from: unknown) => {
    if (from === origin) return;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeUpdate(enc, update);
    send(encoding.toUint8Array(enc));
  });
  stream = await streams.openDocStream(docId, (message) => {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, reply, doc, origin);
    if (encoding.length(reply) > 1) send(encoding.toUint8Array(reply));
    if (kind === syncProtocol.messageYjsSyncStep2) synced();
  });
  for (const message of pending.splice(0)) stream.receive(message);
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(step1, doc);
  stream.receive(encoding.toUint8Array(step1));
  await whenSynced;
  const text = typedText(doc);
  if (!text) throw new Error('the page has no paragraph to type into');
  const typed: number[] = [];
  for (let k = 0; k < count; k++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    typed.push(wallClock());
    doc.transact(() => text.insert(text.length, 'x'), null); // a local edit, as TipTap's binding makes
  }
  await new Promise((r) => setTimeout(r, intervalMs));
  await stream.close();
  doc.destroy();
  return typed;
}

/** Notes when the text of the page's first paragraph grows by each of `count` characters. */
export function watchArrivals(doc: Y.Doc, count: number, timeoutMs: number): Promise<number[]> {
  const base = typedText(doc)?.length ?? 0;
  const arrived: number[] = [];
  return new Promise((resolve, reject) => {
    const check = () => {
      const now = wallClock();
      const length = (typedText(doc)?.length ?? 0) - base;
      while (arrived.length < Math.min(length, count)) arrived.push(now);
      if (arrived.length >= count) finish();
    };
    const finish = () => {
      clearTimeout(timer);
      doc.off('afterTransaction', check);
      resolve(arrived);
    };
    const timer = setTimeout(() => {
      doc.off('afterTransaction', check);
      reject(new Error(`only ${arrived.length} of ${count} keystrokes arrived within ${timeoutMs} ms`));
    }, timeoutMs);
    doc.on('afterTransaction', check);
  });
}
