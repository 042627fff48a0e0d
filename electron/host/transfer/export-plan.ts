/**
 * Where each page goes in an exported vault. Pure (tree in, paths out), so the convention is
 * tested without a disk. The convention is the one vault-plan.ts reads back to the same tree:
 * - a page without children is `<dir>/<Name>.md`;
 * - a page with children is a folder `<dir>/<Name>/` holding its own note `<Name>/<Name>.md`
 *   (an "inside" folder note) and its children;
 * - `<Name>` is the title made a valid file name and link target (fileStemFor); names are unique
 *   per folder, case-insensitively, counting files and folders together (a file `X.md` beside a
 *   folder `X/` would read back as a folder note), and a child never takes its folder's own name;
 *   a clash gets " 2", " 3", … and the page's real title goes in its frontmatter (`title:`);
 * - `attachments/` at the top is reserved for images;
 * - a link names a page by its file name when that name is unique in the vault (Obsidian resolves
 *   it from anywhere), else by its path without `.md`.
 * Trashed pages are not exported.
 */
import type { PageId } from '../../../shared/ids';
import type { PageTree, TreeNode } from '../../../shared/model';
import { fileStemFor } from '../../../shared/transfer/file-names';

export const ATTACHMENTS_DIR = 'attachments';

export interface ExportEntry {
  readonly pageId: PageId;
  readonly title: string;
  /** Relative path of the page's note, `/`-separated, ending in `.md`. */
  readonly path: string;
  /** What wiki links to this page write (without `[[ ]]`). */
  readonly linkName: string;
  /** True when the file name does not say the title exactly: the title goes in the frontmatter. */
  readonly titleInFrontmatter: boolean;
  /** The page has children: it is written as a folder with an inside folder note. */
  readonly isFolder: boolean;
}

export interface ExportPlan {
  /** Depth first: parents before children, siblings in display order. */
  readonly entries: readonly ExportEntry[];
  readonly byId: ReadonlyMap<PageId, ExportEntry>;
}

function uniqueStem(stem: string, taken: Set<string>): string {
  let candidate = stem;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} ${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

export function planExport(tree: PageTree): ExportPlan {
  const drafts: { node: TreeNode; path: string; stem: string; isFolder: boolean }[] = [];
  // Depth first, siblings in order: each folder's names are given in display order.
  type Item = { node: TreeNode; dir: string; taken: Set<string> };
  const rootTaken = new Set([ATTACHMENTS_DIR]);
  const stack: Item[] = [...tree.roots].reverse().map((node) => ({ node, dir: '', taken: rootTaken }));
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, dir, taken } = item;
    const stem = uniqueStem(fileStemFor(node.page.title), taken);
    const isFolder = node.children.length > 0;
    const folder = dir === '' ? stem : `${dir}/${stem}`;
    drafts.push({ node, stem, isFolder, path: isFolder ? `${folder}/${stem}.md` : `${folder}.md` });
    if (!isFolder) continue;
    const inside = new Set([stem.toLowerCase()]);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as TreeNode, dir: folder, taken: inside });
  }

  const stemCount = new Map<string, number>();
  for (const { stem } of drafts) stemCount.set(stem.toLowerCase(), (stemCount.get(stem.toLowerCase()) ?? 0) + 1);
  const entries = drafts.map(({ node, path, stem, isFolder }): ExportEntry => ({
    pageId: node.page.id,
    title: node.page.title,
    path,
    linkName: stemCount.get(stem.toLowerCase()) === 1 ? stem : path.replace(/\.md$/, ''),
    titleInFrontmatter: stem !== node.page.title,
    isFolder,
  }));
  return { entries, byId: new Map(entries.map((entry) => [entry.pageId, entry])) };
}

/** `../` times the note's folder depth: how a note reaches the top of the vault. */
export const upToRoot = (notePath: string): string => '../'.repeat(notePath.split('/').length - 1);
