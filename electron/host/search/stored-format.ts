/**
 * Checks on what the index reads back from disk (index-file.ts), which may be damaged or written
 * by another version. Hand-written type guards rather than a schema library: a large index holds
 * tens of megabytes of page text, and these look at each field without copying anything.
 */
import { isPageId, type PageId } from '../../../shared/ids';
import type { PageEntry } from './search-index';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

export function isPageEntry(value: unknown): value is PageEntry {
  if (!isObject(value)) return false;
  const v = value;
  return (
    isPageId(v.id) &&
    typeof v.title === 'string' &&
    typeof v.kind === 'string' &&
    isStringArray(v.tags) &&
    typeof v.createdBy === 'string' &&
    typeof v.updatedBy === 'string' &&
    typeof v.updatedAt === 'number' &&
    typeof v.hidden === 'boolean' &&
    typeof v.body === 'string' &&
    (v.version === null || typeof v.version === 'string')
  );
}

export interface StoredHeader {
  readonly format: unknown;
  readonly signature: unknown;
  readonly generation: number;
  readonly pages: readonly PageEntry[];
  readonly index: Record<string, unknown>;
}

/** The snapshot's parts, or the reason it cannot be one. */
export function checkStoredIndex(value: unknown, format: number, signature: string): StoredHeader | string {
  if (!isObject(value)) return 'not an object';
  if (value.format !== format) return `format ${String(value.format)}, expected ${format}`;
  if (value.signature !== signature) return `written with other rules (${String(value.signature)})`;
  const { generation, pages, index } = value;
  if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 0) return 'bad generation';
  if (!Array.isArray(pages)) return 'no pages';
  const bad = pages.findIndex((page) => !isPageEntry(page));
  if (bad >= 0) return `page ${bad} is malformed`;
  if (!isObject(index)) return 'no MiniSearch index';
  return { format, signature, generation, pages: pages as PageEntry[], index };
}

/** A journal line: a page as saved, or null when removed. */
export function checkStoredChange(value: unknown): { id: PageId; entry: PageEntry | null } | null {
  if (!isObject(value) || !isPageId(value.id)) return null;
  if (value.entry === null) return { id: value.id, entry: null };
  return isPageEntry(value.entry) && value.entry.id === value.id ? { id: value.id, entry: value.entry } : null;
}
