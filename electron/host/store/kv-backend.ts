/**
 * The few key-value operations the doc store needs. LevelKv (classic-level) and MemoryKv
 * implement it; KvDocStore builds the record log, group commit and quarantine on top, so the
 * disk store and its in-memory twin share every rule but the bytes' resting place.
 */
import type { KeyRange } from './record';

export type KvOp =
  | { readonly type: 'put'; readonly key: string; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: string };

export interface KvEntry {
  readonly key: string;
  readonly value: Uint8Array;
}

export interface KvBackend {
  /** Applies the ops atomically and in order; resolves once they are durable. */
  write(ops: readonly KvOp[]): Promise<void>;
  /** Entries with range.gte ≤ key < range.lt, in key order (a consistent read). */
  entries(range: KeyRange): Promise<KvEntry[]>;
  /** The values of `keys`, in their order; undefined for a key that is not there. */
  getMany(keys: readonly string[]): Promise<Array<Uint8Array | undefined>>;
  /** Keys with range.gte ≤ key < range.lt, in key order. */
  keys(range: KeyRange): Promise<string[]>;
  /**
   * Distinct key segments right after `prefix` (up to the next '/'), in order; costs
   * O(segments), not O(keys). Segments are ids, so never hold a character below '0'.
   */
  children(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/** `prefix` ≤ key < prefixEnd(prefix) for every key that starts with `prefix` (ASCII prefixes). */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** The seek target that skips every key under `<prefix><child>/`. */
export const afterChild = (prefix: string, child: string): string => `${prefix}${child}0`;
