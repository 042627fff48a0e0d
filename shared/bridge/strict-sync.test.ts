import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSyncMessageStrict } from './strict-sync';

const message = (write: (enc: encoding.Encoder) => void) => {
  const enc = encoding.createEncoder();
  write(enc);
  return encoding.toUint8Array(enc);
};

function apply(doc: Y.Doc, bytes: Uint8Array) {
  const reply = encoding.createEncoder();
  const type = readSyncMessageStrict(decoding.createDecoder(bytes), reply, doc, 'test');
  return { type, reply: encoding.toUint8Array(reply) };
}

describe('readSyncMessageStrict', () => {
  it('accepts step 1, step 2 and updates, like y-protocols', () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'hello');
    const target = new Y.Doc();
    const { reply } = apply(source, message((e) => syncProtocol.writeSyncStep1(e, target)));
    expect(reply.length).toBeGreaterThan(2);
    apply(target, reply);
    expect(target.getText('t').toString()).toBe('hello');
    apply(target, message((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(source))));
    expect(target.getText('t').toString()).toBe('hello');
  });

  it.each([
    ['empty', new Uint8Array([])],
    ['unknown type', new Uint8Array([9, 0])],
    ['truncated payload', new Uint8Array([2, 200, 1, 2, 3])],
    ['garbage update', new Uint8Array([2, 4, 255, 255, 255, 255])],
    ['garbage state vector', new Uint8Array([0, 3, 255, 255, 255])],
    ['empty update', new Uint8Array([2, 0])],
  ])('rejects %s and leaves the doc unchanged', (_, bytes) => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'kept');
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => apply(doc, bytes)).toThrow();
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
