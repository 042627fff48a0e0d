/**
 * Attachments (pasted or dropped images) are stored by the host, content-addressed: the file is
 * named by the SHA-256 of its bytes, so the same image is kept once and a doc only holds the id,
 * never base64. Writes go to a temp file and are renamed into place.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommonplaceError } from '../../../shared/errors';
import type { AttachmentId } from '../../../shared/ids';
import type { AttachmentInfo } from '../../../shared/bridge/contract';

interface Meta {
  readonly mime: string;
}

export class AttachmentStore {
  constructor(private readonly dir: string) {}

  static idOf(bytes: Uint8Array): AttachmentId {
    return `sha256-${createHash('sha256').update(bytes).digest('hex')}` as AttachmentId;
  }

  async put(bytes: Uint8Array, mime: string): Promise<AttachmentInfo> {
    const id = AttachmentStore.idOf(bytes);
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, id);
    const exists = await stat(path).then(() => true, () => false);
    if (!exists) {
      const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
      await writeFile(tmp, bytes);
      await writeFile(`${path}.json`, JSON.stringify({ mime } satisfies Meta));
      await rename(tmp, path);
    }
    return { id, mime, size: bytes.byteLength };
  }

  async get(id: AttachmentId): Promise<AttachmentInfo & { bytes: Uint8Array }> {
    const path = join(this.dir, id);
    try {
      const [bytes, meta] = await Promise.all([readFile(path), readFile(`${path}.json`, 'utf8')]);
      const { mime } = JSON.parse(meta) as Meta;
      return { id, mime, size: bytes.byteLength, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new CommonplaceError('not-found', `attachment ${id} is not stored here`);
      }
      throw error;
    }
  }
}
