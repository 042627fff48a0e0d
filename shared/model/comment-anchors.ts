/**
 * Where a comment thread sits in its page: two Y.RelativePositions on the PAGE doc's `content`
 * fragment, encoded (`Y.encodeRelativePosition`) so they can be stored in the comments doc.
 *
 * A relative position names a character (an item id), not an offset, so the anchor stays on the
 * same words whatever is inserted or deleted around them, on any replica, in any order:
 * - `start` sticks to the first character of the range (assoc 0, "the item to my right"), so
 *   text typed just before the range does not join it;
 * - `end` sticks to the last character of the range (assoc -1, "the item to my left"), so text
 *   typed just after it does not join it either.
 * When the words are deleted both ends fall onto the same spot (or onto a deleted paragraph):
 * the anchor is then *orphaned* — the thread keeps its quote and is listed apart, never lost.
 *
 * One editor quirk needs help: when a paragraph is split or joined, the editor binding (y-tiptap's
 * diff) deletes the moved half's text and inserts it again as new characters, in one
 * transaction. The replica that made the edit records the move in the page doc (text-moves.ts),
 * and resolving an anchor follows it: the anchor stays on its words on every replica, including
 * one whose comment was made while the edit was on its way (or the two hosts were apart).
 *
 * Pure Yjs: the editor maps ProseMirror positions to `YPosition`s and back (renderer side).
 *
 * @safety Anchors come from peers: a malformed encoding, an item id that never existed, or a
 * position in another shared type all resolve to null (orphaned), never throw.
 */
import * as Y from 'yjs';
import { followMoves } from './text-moves';

/** The stored anchor: encoded relative positions of the range's two ends. */
export interface Anchor {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

/**
 * Any shared type. Yjs types itself `AbstractType<any>`: its event parameter is contravariant, so
 * neither `unknown` nor a concrete event type would accept every type (Y.XmlText, Y.XmlElement…).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SharedType = Y.AbstractType<any>;

/** A position as Yjs sees it: an index into a type (characters of a Y.XmlText, children of an element). */
export interface YPosition {
  readonly type: SharedType;
  readonly index: number;
}

/** An anchor that still covers some content. */
export interface ResolvedAnchor {
  readonly start: YPosition;
  readonly end: YPosition;
  /** Where the range starts in document order (child indices from the root, then the index). */
  readonly order: readonly number[];
}

/** Stick to the first character of the range. */
const START_ASSOC = 0;
/** Stick to the last character of the range. */
const END_ASSOC = -1;

export function createAnchor(start: YPosition, end: YPosition): Anchor {
  return {
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(start.type, start.index, START_ASSOC)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(end.type, end.index, END_ASSOC)),
  };
}

/** A Y.RelativePosition (whatever its assoc) as the absolute position it names now, or null. */
export function toYPosition(doc: Y.Doc, relative: Y.RelativePosition): YPosition | null {
  // A top-level name other than an existing type would make Yjs create that type: refuse it.
  if (relative.tname !== null && !doc.share.has(relative.tname)) return null;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
    return absolute === null ? null : { type: absolute.type as SharedType, index: absolute.index };
  } catch {
    return null; // Yjs throws "unexpected case" on a position naming neither item, type nor name
  }
}

/**
 * The range an anchor covers now in `root` (the page's content fragment of `doc`), or null when
 * it is orphaned: its text was deleted, its paragraph was deleted, or it never was in `root`.
 */
export function resolveAnchor(doc: Y.Doc, root: Y.XmlFragment, anchor: Anchor): ResolvedAnchor | null {
  const start = resolveEnd(doc, root, anchor.start);
  const end = resolveEnd(doc, root, anchor.end);
  if (start === null || end === null) return null;
  if (comparePaths(start.path, end.path) >= 0) return null; // collapsed: every character is gone
  return { start: start.position, end: end.position, order: start.path };
}

/** Lexicographic order of two position paths; a prefix sorts first (before the child it names). */
export function comparePaths(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The plain text between two positions of the same Y.XmlText, or null when they are in different types. */
export function textBetween(start: YPosition, end: YPosition): string | null {
  if (start.type !== end.type || !(start.type instanceof Y.XmlText)) return null;
  return plainText(start.type).slice(start.index, end.index);
}

function resolveEnd(doc: Y.Doc, root: Y.XmlFragment, encoded: Uint8Array): { position: YPosition; path: number[] } | null {
  let relative: Y.RelativePosition;
  try {
    relative = Y.decodeRelativePosition(encoded);
  } catch {
    return null; // a malformed anchor from a peer reads as orphaned
  }
  const position = toYPosition(doc, followed(doc, relative));
  if (position === null) return null;
  const path = pathTo(position.type, root);
  return path === null ? null : { position, path: [...path, position.index] };
}

/** The position on the character a moved one became (text-moves.ts), with the same association. */
function followed(doc: Y.Doc, relative: Y.RelativePosition): Y.RelativePosition {
  if (relative.item === null) return relative;
  const id = followMoves(doc, relative.item);
  if (id === relative.item) return relative;
  return Y.createRelativePositionFromJSON({ item: { client: id.client, clock: id.clock }, assoc: relative.assoc });
}

/**
 * Child indices from `root` down to `type`, counting visible children only; null when `type` or
 * one of its ancestors is deleted, or `type` is not inside `root`.
 */
function pathTo(type: SharedType, root: Y.XmlFragment): number[] | null {
  const path: number[] = [];
  let current: SharedType = type;
  while (current !== (root as SharedType)) {
    const item = current._item;
    if (item === null || item.deleted) return null;
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    path.push(visibleIndexOf(parent as SharedType, item));
    current = parent as SharedType;
  }
  return path.reverse();
}

function visibleIndexOf(parent: SharedType, item: Y.Item): number {
  let index = 0;
  for (let n = parent._start; n !== null && n !== item; n = n.right) {
    if (!n.deleted && n.countable) index += n.length;
  }
  return index;
}

function plainText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}
