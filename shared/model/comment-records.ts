/**
 * The read side of a comments doc (comments.ts describes its schema): ids, the plain snapshot
 * types the app reads, and readers that never trust a stored value's type.
 */
import * as Y from 'yjs';
import type { Brand, MemberId } from '../ids';
import type { Anchor } from './comment-anchors';
import { FALLBACK_MEMBER_COLOR } from './members';
import { asNullableNumber, asNumber, asString, compareStrings } from './schema';

export type ThreadId = Brand<string, 'ThreadId'>;
export type CommentId = Brand<string, 'CommentId'>;
export type ThreadKind = 'comment' | 'answer';

/** Names of the comments doc's top-level types. */
export const COMMENTS_THREADS = 'threads';
export const COMMENTS_QUESTION = 'question';

/** Longest author name kept with a comment. */
export const MAX_AUTHOR_NAME_LENGTH = 200;
export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Who wrote a comment, as they presented themselves at the time. */
export interface Author {
  readonly name: string;
  readonly color: string;
}

export interface CommentRecord {
  readonly id: CommentId;
  /** '' once deleted. */
  readonly body: string;
  readonly createdBy: MemberId;
  readonly author: Author;
  readonly createdAt: number;
  readonly editedAt: number | null;
  readonly deletedAt: number | null;
}

export interface ThreadRecord {
  readonly id: ThreadId;
  readonly kind: ThreadKind;
  /** Null for answers, and for a comment whose stored anchor is malformed (it reads as orphaned). */
  readonly anchor: Anchor | null;
  readonly quote: string;
  readonly createdBy: MemberId;
  readonly createdAt: number;
  readonly resolvedAt: number | null;
  readonly resolvedBy: MemberId | null;
  /** Members who found this answer helpful, sorted. */
  readonly votes: readonly MemberId[];
  /** The opening comment first, then the replies in order. */
  readonly comments: readonly CommentRecord[];
}

export const getThreadsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(COMMENTS_THREADS);

export function getThreadMap(doc: Y.Doc, id: ThreadId): Y.Map<unknown> | null {
  const entry = getThreadsMap(doc).get(id);
  return entry instanceof Y.Map ? (entry as Y.Map<unknown>) : null;
}

/** Every thread, oldest first (ties by id), so the result is the same on every replica. */
export function readThreads(doc: Y.Doc): ThreadRecord[] {
  const out: ThreadRecord[] = [];
  getThreadsMap(doc).forEach((entry, key) => {
    if (entry instanceof Y.Map) out.push(toThreadRecord(key as ThreadId, entry as Y.Map<unknown>));
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id));
}

export function readThread(doc: Y.Doc, id: ThreadId): ThreadRecord | null {
  const map = getThreadMap(doc, id);
  return map === null ? null : toThreadRecord(id, map);
}

function toThreadRecord(id: ThreadId, map: Y.Map<unknown>): ThreadRecord {
  const votes = map.get('votes');
  const comments = map.get('comments');
  return {
    id,
    kind: map.get('kind') === 'answer' ? 'answer' : 'comment',
    anchor: readAnchor(map.get('anchor')),
    quote: asString(map.get('quote'), ''),
    createdBy: asString(map.get('createdBy'), '') as MemberId,
    createdAt: asNumber(map.get('createdAt'), 0),
    resolvedAt: asNullableNumber(map.get('resolvedAt')),
    resolvedBy: (typeof map.get('resolvedBy') === 'string' ? map.get('resolvedBy') : null) as MemberId | null,
    votes: votes instanceof Y.Map ? [...(votes as Y.Map<unknown>).entries()].filter(([, v]) => v === true).map(([k]) => k as MemberId).sort(compareStrings) : [],
    comments: comments instanceof Y.Array ? (comments as Y.Array<unknown>).toArray().flatMap(toCommentRecord) : [],
  };
}

export function readAnchor(value: unknown): Anchor | null {
  if (typeof value !== 'object' || value === null) return null;
  const { start, end } = value as Record<string, unknown>;
  return start instanceof Uint8Array && end instanceof Uint8Array ? { start, end } : null;
}

function toCommentRecord(value: unknown): CommentRecord[] {
  if (!(value instanceof Y.Map)) return [];
  const map = value as Y.Map<unknown>;
  const id = map.get('id');
  if (typeof id !== 'string') return [];
  const color = asString(map.get('authorColor'), FALLBACK_MEMBER_COLOR);
  return [
    {
      id: id as CommentId,
      body: asString(map.get('body'), ''),
      createdBy: asString(map.get('createdBy'), '') as MemberId,
      author: { name: asString(map.get('authorName'), '').slice(0, MAX_AUTHOR_NAME_LENGTH), color: HEX_COLOR.test(color) ? color : FALLBACK_MEMBER_COLOR },
      createdAt: asNumber(map.get('createdAt'), 0),
      editedAt: asNullableNumber(map.get('editedAt')),
      deletedAt: asNullableNumber(map.get('deletedAt')),
    },
  ];
}
