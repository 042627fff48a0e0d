/**
 * Paths and file names at the edge of import and export. Pure: the host validates every path a
 * renderer uploads with `checkRelativePath` (the renderer runs the same check first, to skip a
 * file instead of failing a batch). Exported file names: file-names.ts.
 *
 * @safety An uploaded path is joined under a staging directory the host chose. What makes that
 * safe is here: relative, `/`-separated, no `.`/`..` segment, no backslash (a separator on
 * Windows), no drive letter, no control character, bounded length and depth. The host still
 * checks that the joined path stays under the staging directory (defence in depth).
 *
 * Kept light (the contract imports it, so it ends up in the preload): no Markdown parser here.
 */
import { isImagePath } from '../markdown/urls';

export const MAX_IMPORT_PATH_LENGTH = 1024;
export const MAX_IMPORT_SEGMENT_LENGTH = 255;
export const MAX_IMPORT_DEPTH = 32;

export type PathVerdict = { ok: true; path: string; segments: string[] } | { ok: false; reason: string };

const refuse = (reason: string): PathVerdict => ({ ok: false, reason });
// eslint-disable-next-line no-control-regex -- control characters are what we refuse
const CONTROL = /[\u0000-\u001f\u007f]/;
const DRIVE = /^[a-z]:/i;
/** Names Windows reserves in every folder; refused everywhere so a vault copies to any OS. */
export const RESERVED_NAME = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Checks a relative path as a renderer sends it (`vault/Notes/A.md`). */
export function checkRelativePath(raw: unknown): PathVerdict {
  if (typeof raw !== 'string' || raw === '') return refuse('a path must be a non-empty string');
  if (raw.length > MAX_IMPORT_PATH_LENGTH) return refuse(`a path is over ${MAX_IMPORT_PATH_LENGTH} characters`);
  if (CONTROL.test(raw)) return refuse('a path holds a control character');
  if (raw.includes('\\')) return refuse('a path holds a backslash');
  if (raw.startsWith('/')) return refuse('a path must be relative');
  if (DRIVE.test(raw)) return refuse('a path must not name a drive');
  const segments = raw.split('/');
  if (segments.length > MAX_IMPORT_DEPTH) return refuse(`a path is more than ${MAX_IMPORT_DEPTH} folders deep`);
  for (const segment of segments) {
    if (segment === '') return refuse('a path holds an empty segment');
    if (segment === '.' || segment === '..') return refuse('a path holds a . or .. segment');
    if (segment.length > MAX_IMPORT_SEGMENT_LENGTH) return refuse(`a file name is over ${MAX_IMPORT_SEGMENT_LENGTH} characters`);
    if (RESERVED_NAME.test(segment)) return refuse(`${segment} is a reserved file name`);
  }
  return { ok: true, path: raw, segments };
}

export type ImportFileKind = 'note' | 'image' | 'other';

/** What an importer does with a file: notes and images are read, everything else is skipped. */
export function importFileKind(path: string): ImportFileKind {
  if (/\.md$/i.test(path)) return 'note';
  return isImagePath(path) ? 'image' : 'other';
}

/** A dot-folder or dot-file (`.obsidian/`, `.trash/`, `.DS_Store`): never imported. */
export const isHiddenPath = (path: string): boolean => path.split('/').some((segment) => segment.startsWith('.'));
