/**
 * Where the editor moved words, recorded in the page doc so that every replica can follow a
 * Y.RelativePosition whose character was moved (comment anchors, comment-anchors.ts).
 *
 * The editor binding (y-tiptap's diff) splits and joins paragraphs by deleting the moved text and
 * inserting it again as new characters, in one transaction. A relative position names a
 * character, so after such an edit it names a deleted one: a comment on those words would read
 * as orphaned. The replica that made the edit cannot fix the anchors itself — it may not have
 * seen them yet (a comment made on another host while the two were apart, or still in flight).
 * So it records the move instead, in the page doc, right after the edit:
 *
 *   textMoves  Y.Map   "client:clock" of the first moved character → { from, to }
 *     from     the ids of the characters the edit deleted, in text order, as flat
 *              [client, clock, length] triples
 *     to       the ids of the characters it inserted with the same text, the same way
 *
 * and any replica maps a deleted character to its copy (`followMoves`), through as many moves as
 * it took (a paragraph split twice). A move is recorded only when the deleted text appears exactly
 * once among the characters the same transaction inserted: an edit that really deletes words
 * records nothing, and its anchors stay orphaned.
 *
 * @safety Records come from peers: a malformed entry, ranges of unequal length or an id that
 * never existed is ignored; following stops after MAX_HOPS, so a cycle cannot trap it.
 */
import * as Y from 'yjs';
import { PAGE_TEXT_MOVES } from './schema';

/** A recorded move: the ids of the moved characters and of their copies, as [client, clock, length] triples. */
export interface TextMove {
  readonly from: readonly number[];
  readonly to: readonly number[];
}

/** Moves followed from one character before giving up (a chain of splits, or a hostile cycle). */
const MAX_HOPS = 64;
/** Triples kept per side of a move; a longer record is refused as malformed. */
const MAX_TRIPLES = 4096;
const TRIPLE = 3;
/** Between inserted runs when searched as one string; text typed in a page does not hold it. */
const RUN_SEPARATOR = '\u0000';
/**
 * Bound on the search for moves in one transaction (deleted runs × inserted characters): far
 * above a split or a join, which touch one or two paragraphs; below it, a transaction replacing
 * a whole long page (a paste over everything) would stall typing and move nothing anyway.
 */
const MAX_SEARCH_CHARS = 20_000_000;

// ---- finding moves (the replica that edits) ------------------------------------------------

/** A run of characters, with the id of each stretch: what a move's two sides are made of. */
interface CharRun {
  text: string;
  /** [client, clock, length] triples, in text order. */
  ids: number[];
}

/**
 * The moves a local transaction made inside `root`: each run of text it deleted that it also
 * inserted, character for character, exactly once. Nothing for a remote transaction or one that
 * deleted nothing. Needs a doc that keeps deleted content (`gc: false`, as page docs do).
 */
export function findTextMoves(doc: Y.Doc, root: Y.XmlFragment, transaction: Y.Transaction): TextMove[] {
  if (!transaction.local || transaction.deleteSet.clients.size === 0) return [];
  const before = transaction.beforeState.get(doc.clientID) ?? 0;
  const isNew = (item: Y.Item) => item.id.client === doc.clientID && item.id.clock >= before;
  const inserted = insertedRuns(doc, root, transaction, before, isNew);
  if (inserted.length === 0) return [];

  // All inserted runs in one string, apart, so that each deleted run is looked for twice at most.
  const joined = inserted.map((copy) => copy.text).join(RUN_SEPARATOR);
  const deleted = deletedRuns(root, transaction, isNew);
  if (deleted.length * joined.length > MAX_SEARCH_CHARS) return []; // a wholesale replacement, not a split or a join
  const moves: TextMove[] = [];
  for (const run of deleted) {
    if (run.text.includes(RUN_SEPARATOR)) continue; // it could match across two inserted runs
    const at = joined.indexOf(run.text);
    if (at < 0 || joined.indexOf(run.text, at + 1) >= 0) continue; // not inserted again, or ambiguous
    let start = 0;
    for (const copy of inserted) {
      if (at < start + copy.text.length) {
        moves.push({ from: run.ids, to: sliceIds(copy.ids, at - start, run.text.length) });
        break;
      }
      start += copy.text.length + RUN_SEPARATOR.length;
    }
  }
  return moves;
}

/** Writes moves found by `findTextMoves` into the page doc, in one transaction. */
export function recordTextMoves(doc: Y.Doc, moves: readonly TextMove[], origin: unknown): void {
  if (moves.length === 0) return;
  const map = doc.getMap<unknown>(PAGE_TEXT_MOVES);
  doc.transact(() => {
    for (const move of moves) map.set(`${move.from[0]}:${move.from[1]}`, { from: [...move.from], to: [...move.to] });
  }, origin);
}

/** Runs of characters this transaction deleted, per text in `root` (its own insertions aside). */
function deletedRuns(root: Y.XmlFragment, transaction: Y.Transaction, isNew: (item: Y.Item) => boolean): CharRun[] {
  const texts = new Set<Y.XmlText>();
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString && struct.parent instanceof Y.XmlText && isInside(struct.parent, root)) {
      texts.add(struct.parent);
    }
  });
  const runs: CharRun[] = [];
  for (const text of texts) {
    let run: CharRun | null = null;
    for (let item = text._start; item !== null; item = item.right) {
      const counts = item.content instanceof Y.ContentString;
      if (counts && Y.isDeleted(transaction.deleteSet, item.id) && !isNew(item)) {
        run ??= { text: '', ids: [] };
        appendItem(run, item);
      } else if (counts && !item.deleted) {
        if (run !== null) runs.push(run);
        run = null;
      }
      // Characters deleted before, and formatting marks, neither join nor end a run.
    }
    if (run !== null) runs.push(run);
  }
  return runs;
}

/** Runs of live characters this transaction inserted inside `root`, per text. */
function insertedRuns(doc: Y.Doc, root: Y.XmlFragment, transaction: Y.Transaction, before: number, isNew: (item: Y.Item) => boolean): CharRun[] {
  const after = transaction.afterState.get(doc.clientID) ?? 0;
  const structs = doc.store.clients.get(doc.clientID);
  if (structs === undefined || after <= before) return [];
  const texts = new Set<Y.XmlText>();
  for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
    const struct = structs[i];
    if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString && struct.parent instanceof Y.XmlText && isInside(struct.parent, root)) {
      texts.add(struct.parent);
    }
  }
  const runs: CharRun[] = [];
  for (const text of texts) {
    let run: CharRun | null = null;
    for (let item = text._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      if (isNew(item)) {
        run ??= { text: '', ids: [] };
        appendItem(run, item);
      } else {
        if (run !== null) runs.push(run);
        run = null;
      }
    }
    if (run !== null) runs.push(run);
  }
  return runs;
}

function appendItem(run: CharRun, item: Y.Item): void {
  const str = (item.content as Y.ContentString).str;
  run.text += str;
  pushIds(run.ids, item.id.client, item.id.clock, str.length);
}

/** Appends a stretch of ids, merged into the last one when it continues it. */
function pushIds(ids: number[], client: number, clock: number, length: number): void {
  const last = ids.length - TRIPLE;
  if (last >= 0 && ids[last] === client && (ids[last + 1] as number) + (ids[last + 2] as number) === clock) {
    ids[last + 2] = (ids[last + 2] as number) + length;
  } else {
    ids.push(client, clock, length);
  }
}

/** The ids of characters `at` to `at + length` of a run. */
function sliceIds(ids: readonly number[], at: number, length: number): number[] {
  const out: number[] = [];
  let offset = 0;
  for (let i = 0; i < ids.length && length > 0; i += TRIPLE) {
    const [client, clock, len] = [ids[i] as number, ids[i + 1] as number, ids[i + 2] as number];
    if (offset + len > at) {
      const skip = Math.max(0, at - offset);
      const take = Math.min(len - skip, length);
      pushIds(out, client, clock + skip, take);
      length -= take;
      at += take;
    }
    offset += len;
  }
  return out;
}

/** Whether `text` is inside `root`, deleted or not (a joined paragraph's text is deleted with it). */
function isInside(text: Y.XmlText, root: Y.XmlFragment): boolean {
  for (let item = text._item; item !== null; ) {
    const parent = item.parent;
    if (parent === root) return true;
    if (!(parent instanceof Y.AbstractType)) return false;
    item = parent._item;
  }
  return false;
}

// ---- following moves (every replica) --------------------------------------------------------

/** One stretch of a move's `from` side, with where it starts in the move's text. */
interface IndexEntry {
  readonly clock: number;
  readonly length: number;
  readonly offset: number;
  readonly to: readonly number[];
}
type MoveIndex = Map<number, IndexEntry[]>;

/** Each page doc's moves by client, built on first use and dropped when the record changes. */
const indexes = new WeakMap<Y.Map<unknown>, MoveIndex>();
const observed = new WeakSet<Y.Map<unknown>>();

/**
 * The character `id` became: `id` itself while it is alive or when no recorded move took it,
 * else its copy's id (followed again if the copy was moved in turn).
 */
export function followMoves(doc: Y.Doc, id: Y.ID): Y.ID {
  if (!doc.share.has(PAGE_TEXT_MOVES)) return id;
  const index = indexOf(doc.getMap<unknown>(PAGE_TEXT_MOVES));
  let current = id;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (!isDeletedItem(doc, current)) return current;
    const next = lookup(index, current);
    if (next === null || !hasItem(doc, next)) return current; // a copy not received yet, or never made
    current = next;
  }
  return current;
}

function hasItem(doc: Y.Doc, id: Y.ID): boolean {
  const structs = doc.store.clients.get(id.client);
  const last = structs?.[structs.length - 1];
  return last !== undefined && id.clock < last.id.clock + last.length;
}

function isDeletedItem(doc: Y.Doc, id: Y.ID): boolean {
  return hasItem(doc, id) && Y.getItem(doc.store, id).deleted;
}

function lookup(index: MoveIndex, id: Y.ID): Y.ID | null {
  for (const entry of index.get(id.client) ?? []) {
    if (id.clock < entry.clock || id.clock >= entry.clock + entry.length) continue;
    let k = entry.offset + id.clock - entry.clock;
    for (let i = 0; i < entry.to.length; i += TRIPLE) {
      const len = entry.to[i + 2] as number;
      if (k < len) return Y.createID(entry.to[i] as number, (entry.to[i + 1] as number) + k);
      k -= len;
    }
  }
  return null;
}

function indexOf(map: Y.Map<unknown>): MoveIndex {
  let index = indexes.get(map);
  if (index !== undefined) return index;
  index = new Map();
  for (const value of map.values()) {
    const move = readMove(value);
    if (move === null) continue;
    let offset = 0;
    for (let i = 0; i < move.from.length; i += TRIPLE) {
      const [client, clock, length] = [move.from[i] as number, move.from[i + 1] as number, move.from[i + 2] as number];
      const entries = index.get(client) ?? [];
      entries.push({ clock, length, offset, to: move.to });
      index.set(client, entries);
      offset += length;
    }
  }
  if (!observed.has(map)) {
    observed.add(map);
    map.observe(() => indexes.delete(map));
  }
  indexes.set(map, index);
  return index;
}

/** A stored move, checked: two lists of triples of non-negative integers, as long as each other. */
export function readMove(value: unknown): TextMove | null {
  if (typeof value !== 'object' || value === null) return null;
  const { from, to } = value as { from?: unknown; to?: unknown };
  const total = (ids: unknown): number | null => {
    if (!Array.isArray(ids) || ids.length === 0 || ids.length % TRIPLE !== 0 || ids.length > MAX_TRIPLES * TRIPLE) return null;
    if (!ids.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
    let sum = 0;
    for (let i = 2; i < ids.length; i += TRIPLE) {
      if ((ids[i] as number) === 0) return null;
      sum += ids[i] as number;
    }
    return sum;
  };
  const length = total(from);
  if (length === null || total(to) !== length) return null;
  return { from: from as number[], to: to as number[] };
}
