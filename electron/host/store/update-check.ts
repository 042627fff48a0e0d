/**
 * checkUpdate: does a Yjs V1 update parse? A walk over its structure that builds nothing,
 * for load, which must set aside stored records Yjs cannot read before applying any.
 *
 * Why not Y.decodeUpdate: it builds every struct and decodes every string, about 40% of the
 * cost of applying the update, which alone broke the store's load target (≤ 1.2× raw Yjs).
 * This walk checks strings are UTF-8 without decoding them, and costs a few percent.
 * Why it is enough: Y.applyUpdate reads all structs before integrating any, then reads and
 * applies the delete set. An update that fails this check could otherwise be applied half
 * (structs in, deletions lost). This walk is stricter than lib0 (it refuses any read past the
 * end, where lib0 sometimes clamps) and parses JSON contents as Yjs does.
 * @safety It mirrors the V1 readers of yjs 13.6 (readClientsStructRefs, readItemContent,
 * readDeleteSet, lib0 readAny). A new content or type ref in Yjs is refused here, never
 * misread: update-check.test.ts checks every content type against Yjs.
 */
import { isUtf8 } from 'node:buffer';

const BIT6 = 0x20;
const BIT7 = 0x40;
const BIT8 = 0x80;
const BITS5 = 0x1f;
const STRUCT_GC = 0;
const STRUCT_SKIP = 10;
/** readContentType refs 0..6: YArray, YMap, YText, YXmlElement, YXmlFragment, YXmlHook, YXmlText. */
const TYPE_REFS_WITH_KEY = new Set([3, 5]);
const MAX_TYPE_REF = 6;

class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  uint8(): number {
    const byte = this.bytes[this.pos];
    if (byte === undefined) throw new Error('unexpected end of update');
    this.pos += 1;
    return byte;
  }

  varUint(): number {
    let num = 0;
    let mult = 1;
    for (;;) {
      const byte = this.uint8();
      num += (byte & 0x7f) * mult;
      if (byte < BIT8) return num;
      mult *= 128;
      if (num > Number.MAX_SAFE_INTEGER) throw new Error('integer out of range');
    }
  }

  varInt(): void {
    let byte = this.uint8();
    let num = byte & 0x3f;
    let mult = 64;
    while (byte >= BIT8) {
      byte = this.uint8();
      num += (byte & 0x7f) * mult;
      mult *= 128;
      if (num > Number.MAX_SAFE_INTEGER) throw new Error('integer out of range');
    }
  }

  skip(length: number): void {
    if (length > this.bytes.length - this.pos) throw new Error('length runs past the end of update');
    this.pos += length;
  }

  /** A count of items that take at least `minBytes` each: refuses counts the rest cannot hold. */
  count(minBytes: number): number {
    const n = this.varUint();
    if (n * minBytes > this.bytes.length - this.pos) throw new Error(`count ${n} runs past the end of update`);
    return n;
  }

  /** A string, checked to be UTF-8 (lib0 decodes strings with a fatal decoder). */
  skipString(): void {
    const length = this.varUint();
    const start = this.pos;
    this.skip(length);
    if (!isUtf8(this.bytes.subarray(start, start + length))) throw new Error('string is not UTF-8');
  }

  skipBytes(): void {
    this.skip(this.varUint());
  }

  string(): string {
    const length = this.varUint();
    const start = this.pos;
    this.skip(length);
    return utf8.decode(this.bytes.subarray(start, start + length));
  }

  /** An ID: client and clock. */
  skipId(): void {
    this.varUint();
    this.varUint();
  }

  /** lib0 `readAny`: a type byte 116..127, then its value. */
  any(): void {
    const type = this.uint8();
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125: // integer
        return this.varInt();
      case 124: // float32
        return this.skip(4);
      case 123: // float64
      case 122: // bigint64
        return this.skip(8);
      case 119: // string
        return this.skipString();
      case 116: // Uint8Array
        return this.skipBytes();
      case 118: {
        // object: key, value pairs
        const entries = this.count(2);
        for (let i = 0; i < entries; i++) {
          this.skipString();
          this.any();
        }
        return;
      }
      case 117: {
        // array
        const items = this.count(1);
        for (let i = 0; i < items; i++) this.any();
        return;
      }
      default:
        throw new Error(`unknown value type ${type}`);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Undefined if the update parses as Yjs would read it; else what is wrong with it. */
export function checkUpdate(update: Uint8Array): string | undefined {
  const cursor = new Cursor(update);
  try {
    const clients = cursor.count(3);
    for (let c = 0; c < clients; c++) {
      const structs = cursor.count(1);
      cursor.varUint(); // client
      cursor.varUint(); // first clock
      for (let s = 0; s < structs; s++) skipStruct(cursor);
    }
    const deleteClients = cursor.count(2);
    for (let c = 0; c < deleteClients; c++) {
      cursor.varUint(); // client
      const ranges = cursor.count(2);
      for (let r = 0; r < ranges; r++) {
        cursor.varUint(); // clock
        cursor.varUint(); // length
      }
    }
    return undefined;
  } catch (error) {
    return `${error instanceof Error ? error.message : String(error)} (at byte ${cursor.pos} of ${update.length})`;
  }
}

function skipStruct(cursor: Cursor): void {
  const info = cursor.uint8();
  const ref = info & BITS5;
  // NOTE: Y.applyUpdate takes any info with ref 10 for a Skip, Y.decodeUpdate only info === 10:
  // refuse what either would not read.
  if (ref === STRUCT_SKIP && info !== STRUCT_SKIP) throw new Error(`skip struct with flags 0x${info.toString(16)}`);
  if (ref === STRUCT_GC || ref === STRUCT_SKIP) {
    cursor.varUint(); // length
    return;
  }
  if (info & BIT8) cursor.skipId(); // origin
  if (info & BIT7) cursor.skipId(); // right origin
  if ((info & (BIT7 | BIT8)) === 0) {
    // No origin to copy the parent from: the parent follows, as a root type's name or an item id.
    if (cursor.varUint() === 1) cursor.skipString();
    else cursor.skipId();
    if (info & BIT6) cursor.skipString(); // parentSub: the map key
  }
  skipContent(cursor, ref);
}

function skipContent(cursor: Cursor, ref: number): void {
  switch (ref) {
    case 1: // ContentDeleted: length
      cursor.varUint();
      return;
    case 2: {
      // ContentJSON: strings of JSON (or 'undefined')
      const n = cursor.count(1);
      for (let i = 0; i < n; i++) {
        const text = cursor.string();
        if (text !== 'undefined') JSON.parse(text);
      }
      return;
    }
    case 3: // ContentBinary
      cursor.skipBytes();
      return;
    case 4: // ContentString
      cursor.skipString();
      return;
    case 5: // ContentEmbed: JSON
      JSON.parse(cursor.string());
      return;
    case 6: // ContentFormat: key, JSON value
      cursor.skipString();
      JSON.parse(cursor.string());
      return;
    case 7: {
      // ContentType: type ref, and a node name for XmlElement / XmlHook
      const typeRef = cursor.varUint();
      if (typeRef > MAX_TYPE_REF) throw new Error(`unknown type ref ${typeRef}`);
      if (TYPE_REFS_WITH_KEY.has(typeRef)) cursor.skipString();
      return;
    }
    case 8: {
      // ContentAny
      const n = cursor.count(1);
      for (let i = 0; i < n; i++) cursor.any();
      return;
    }
    case 9: // ContentDoc: guid, options
      cursor.skipString();
      cursor.any();
      return;
    default:
      throw new Error(`unknown content ref ${ref}`);
  }
}
