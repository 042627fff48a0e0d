/**
 * Import work grows with the number of notes, not with its square: the page tree is built a
 * fixed number of times per import (it was built once per created page), and the workspace
 * doc changes in a fixed number of transactions. Counted, not timed; the times are in
 * test/bench/import.bench.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tree from '../../../shared/model/tree';
import { ImportService } from './import-service';
import { testData, writeVault, type TestData } from './test-support';

vi.mock('../../../shared/model/tree', async (importOriginal) => {
  const actual = await importOriginal<typeof tree>();
  return { ...actual, buildTree: vi.fn(actual.buildTree) };
});

let data: TestData | undefined;
afterEach(async () => {
  await data?.cleanup();
  data = undefined;
});

/** `count` notes in folders of ten, each linking to the next. */
function vault(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`Folder ${Math.floor(i / 10)}/Note ${i}.md`] = `# Note ${i}\n\nSee [[Note ${(i + 1) % count}]].\n`;
  return files;
}

async function importCounting(count: number): Promise<{ trees: number; transactions: number; pages: number }> {
  data ??= await testData();
  const workspace = await data.workspace(`Notes ${count}`);
  const folder = await writeVault(vault(count), `vault-${count}`);
  const importer = new ImportService({ by: data.identity.id, now: () => 1_000 });
  let transactions = 0;
  const count1 = () => transactions++;
  workspace.root.doc.on('afterTransaction', count1);
  const buildTree = vi.mocked(tree.buildTree);
  buildTree.mockClear();
  const report = await importer.importFolder(workspace, folder);
  const trees = buildTree.mock.calls.length;
  workspace.root.doc.off('afterTransaction', count1);
  expect(report.created).toBe(count + Math.ceil(count / 10));
  return { trees, transactions, pages: tree.buildTree(workspace.root.doc).byId.size };
}

describe('import scaling', () => {
  it('builds the page tree and writes the workspace doc a fixed number of times, whatever the number of notes', async () => {
    const small = await importCounting(20);
    const large = await importCounting(200);
    expect(large.pages).toBeGreaterThan(small.pages * 9);
    expect(large.trees).toBe(small.trees);
    expect(large.transactions).toBe(small.transactions);
    expect(small.trees).toBeLessThanOrEqual(2);
    expect(small.transactions).toBeLessThanOrEqual(2);
  });
});
