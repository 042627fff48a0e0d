import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docStoreContract } from './doc-store.contract';
import { LevelDocStore } from './level-doc-store';
import { MemoryDocStore, MemoryKv } from './memory-doc-store';

docStoreContract('MemoryDocStore', async () => {
  const memory = new MemoryKv(); // survives close, like a disk
  return { open: async () => new MemoryDocStore(memory), cleanup: async () => {} };
});

docStoreContract('LevelDocStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'commonplace-store-'));
  return {
    open: () => LevelDocStore.open(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
