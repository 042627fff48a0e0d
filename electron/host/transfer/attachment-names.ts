/**
 * File names for exported attachments: the name the image had in the folder it was imported
 * from (recorded in `importedFrom.images`), else `image-<hash prefix>.<ext>`; unique
 * case-insensitively, so the same attachment is written once and two different images never
 * share a file.
 */
import type * as Y from 'yjs';
import type { PageId } from '../../../shared/ids';
import { getPagesMap } from '../../../shared/model';
import { fileStemFor } from '../../../shared/transfer/file-names';
import { readImportedFrom } from './import-records';
import { extensionOfMime } from './mime';

const HASH_PREFIX = 8;

export class AttachmentNames {
  private readonly original = new Map<string, string>();
  private readonly assigned = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(root: Y.Doc) {
    getPagesMap(root).forEach((_entry, key) => {
      const images = readImportedFrom(root, key as PageId)?.images ?? {};
      for (const [src, name] of Object.entries(images)) if (!this.original.has(src)) this.original.set(src, name);
    });
  }

  get size(): number {
    return this.assigned.size;
  }

  has(src: string): boolean {
    return this.assigned.has(src);
  }

  get(src: string): string | undefined {
    return this.assigned.get(src);
  }

  /** Names `src` (an `attachment:sha256-…` src) once; later calls return the same name. */
  assign(src: string, mime: string): string {
    const known = this.assigned.get(src);
    if (known !== undefined) return known;
    const hash = src.slice(src.lastIndexOf('-') + 1, src.lastIndexOf('-') + 1 + HASH_PREFIX);
    const original = this.original.get(src);
    const dot = original?.lastIndexOf('.') ?? -1;
    const extension = original !== undefined && dot > 0 ? original.slice(dot + 1).toLowerCase() : extensionOfMime(mime);
    const stem = original !== undefined && dot > 0 ? fileStemFor(original.slice(0, dot)) : `image-${hash}`;
    let name = `${stem}.${extension}`;
    if (this.taken.has(name.toLowerCase())) name = `${stem}-${hash}.${extension}`;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${stem}-${hash}-${n}.${extension}`;
    this.taken.add(name.toLowerCase());
    this.assigned.set(src, name);
    return name;
  }
}
