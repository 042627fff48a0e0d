/**
 * TEST SUPPORT ONLY (imported by *.test.ts and test/integration, never by product code): a data
 * directory with a WorkspaceService on it, and small vaults written to disk.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PageId } from '../../../shared/ids';
import { fragmentToDoc, normalizeDoc, type PMJson, type PMNode } from '../../../shared/markdown';
import { buildTree, PAGE_CONTENT, type TreeNode } from '../../../shared/model';
import { loadOrCreateIdentity, type Identity } from '../workspace/identity';
import { WorkspaceService, type OpenWorkspace } from '../workspace/workspace-service';

export interface TestData {
  readonly dir: string;
  readonly identity: Identity;
  readonly workspaces: WorkspaceService;
  /** A new workspace, open. */
  workspace(name: string): Promise<OpenWorkspace>;
  cleanup(): Promise<void>;
}

export async function testData(prefix = 'commonplace-transfer-'): Promise<TestData> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const { identity } = await loadOrCreateIdentity(dir);
  const workspaces = new WorkspaceService(dir, identity);
  return {
    dir,
    identity,
    workspaces,
    workspace: async (name) => workspaces.get((await workspaces.create(name)).id),
    cleanup: async () => {
      await workspaces.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `files` (relative path → text or bytes) under a new temp folder named `name`. */
export async function writeVault(files: Record<string, string | Uint8Array>, name = 'vault'): Promise<string> {
  const root = join(await mkdtemp(join(tmpdir(), 'commonplace-vault-')), name);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, ...path.split('/'));
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return root;
}

/** A 1×1 PNG, varied by `seed` so different images hash differently. */
export function png(seed = 0): Uint8Array {
  const base = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  return new Uint8Array([...base, seed & 0xff, 0, 0, 0, 0]);
}

/** title path ("A/B") → node, for the visible tree. */
export function pagesByPath(workspace: OpenWorkspace): Map<string, TreeNode> {
  const out = new Map<string, TreeNode>();
  const walk = (node: TreeNode, prefix: string) => {
    const path = prefix === '' ? node.page.title : `${prefix}/${node.page.title}`;
    out.set(path, node);
    for (const child of node.children) walk(child, path);
  };
  for (const root of buildTree(workspace.root.doc).roots) walk(root, '');
  return out;
}

export function readDoc(workspace: OpenWorkspace, pageId: PageId): Promise<PMJson> {
  return workspace.docs.with(pageId, (entry) => fragmentToDoc(entry.doc.getXmlFragment(PAGE_CONTENT)));
}

export async function readNormalized(workspace: OpenWorkspace, pageId: PageId): Promise<PMJson> {
  return normalizeDoc(await readDoc(workspace, pageId));
}

/** Every node of a document, depth first. */
export function* nodesOf(node: PMNode): Generator<PMNode> {
  yield node;
  for (const child of node.content ?? []) yield* nodesOf(child);
}
