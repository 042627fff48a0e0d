import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BATCH_BYTES, MAX_IMPORT_BATCH_FILES, MAX_IMPORT_FILE_BYTES } from '../../../shared/bridge/transfer';
import { batchesOf, selectUploads, type PickedFile } from './transfer-session';

const picked = (path: string, size = 10): PickedFile => ({ path, size, bytes: async () => new Uint8Array(size) });

describe('selectUploads', () => {
  it('keeps notes and images, skips the rest quietly, and names what it refuses', () => {
    const { uploads, skipped } = selectUploads([
      picked('vault/a.md'),
      picked('vault/img/b.png'),
      picked('vault/.obsidian/app.json'),
      picked('vault/docs.base'),
      picked('vault/huge.png', MAX_IMPORT_FILE_BYTES + 1),
      picked('vault/CON.md'),
      picked('vault\\x.md'),
    ]);
    expect(uploads.map((f) => f.path)).toEqual(['vault/a.md', 'vault/img/b.png']);
    expect(skipped).toEqual([
      `vault/huge.png: over ${MAX_IMPORT_FILE_BYTES} bytes`,
      'vault/CON.md: CON.md is a reserved file name',
      'vault\\x.md: a path holds a backslash',
    ]);
  });
});

describe('batchesOf', () => {
  it('cuts batches by count and by bytes, and never leaves a file out', () => {
    const many = Array.from({ length: MAX_IMPORT_BATCH_FILES * 2 + 1 }, (_, i) => picked(`v/${i}.md`, 1));
    expect(batchesOf(many).map((b) => b.length)).toEqual([MAX_IMPORT_BATCH_FILES, MAX_IMPORT_BATCH_FILES, 1]);
    const big = [picked('v/a.png', MAX_IMPORT_BATCH_BYTES - 5), picked('v/b.png', 10), picked('v/c.png', MAX_IMPORT_BATCH_BYTES)];
    expect(batchesOf(big).map((b) => b.map((f) => f.path))).toEqual([['v/a.png'], ['v/b.png'], ['v/c.png']]);
    expect(batchesOf([])).toEqual([]);
  });
});
