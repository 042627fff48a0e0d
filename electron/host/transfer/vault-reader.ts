/**
 * A folder of notes on disk, as the importer sees it: which files are notes, which are images,
 * how many were skipped. Hidden entries (`.obsidian/`, `.trash/`) and symbolic links are never
 * followed: a link could point anywhere on the machine.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { CommonplaceError } from '../../../shared/errors';
import { importFileKind } from '../../../shared/transfer/paths';

/** A note larger than this is not a note (a log dump, a base64 blob): skipped with a warning. */
export const MAX_NOTE_BYTES = 8 * 1024 * 1024;
/** Deeper folders are not walked: a safeguard against pathological trees. */
const MAX_WALK_DEPTH = 64;

export interface VaultFiles {
  /** Relative `/` paths. */
  readonly notes: readonly string[];
  readonly images: readonly string[];
  readonly skipped: number;
}

export async function listVault(root: string): Promise<VaultFiles> {
  const info = await stat(root).catch(() => null);
  if (info === null || !info.isDirectory()) throw new CommonplaceError('not-found', `${root} is not a folder`);
  const notes: string[] = [];
  const images: string[] = [];
  let skipped = 0;
  const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.name.startsWith('.') || entry.isSymbolicLink()) {
        skipped += 1;
      } else if (entry.isDirectory()) {
        if (depth < MAX_WALK_DEPTH) await walk(join(dir, entry.name), rel, depth + 1);
        else skipped += 1;
      } else if (entry.isFile()) {
        const kind = importFileKind(rel);
        if (kind === 'note') notes.push(rel);
        else if (kind === 'image') images.push(rel);
        else skipped += 1;
      }
    }
  };
  await walk(root, '', 0);
  return { notes, images, skipped };
}

/** The absolute path of a vault-relative path (only ever one listVault returned). */
export const vaultPath = (root: string, rel: string): string => join(root, ...rel.split('/'));

/** Reads a note as UTF-8 (a BOM is dropped); null when it is over MAX_NOTE_BYTES. */
export async function readNote(root: string, rel: string): Promise<string | null> {
  const path = vaultPath(root, rel);
  if ((await stat(path)).size > MAX_NOTE_BYTES) return null;
  return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
}

export async function readBytes(root: string, rel: string): Promise<Uint8Array> {
  const buffer = await readFile(vaultPath(root, rel));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The folder's own name: what re-imports of "the same folder" are matched by. */
export function sourceNameOf(root: string): string {
  const parts = root.split(sep).filter((part) => part !== '');
  return parts[parts.length - 1] ?? 'import';
}
