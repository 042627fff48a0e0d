/**
 * The page tree a folder of notes becomes. Pure (paths in, plan out), so the rules are tested
 * without a disk:
 * - every folder that holds a note (at any depth) is a page; folders with only images are not;
 * - a folder's page takes its content and title from its FOLDER NOTE when there is one:
 *   `F/F.md` (inside, the convention our export writes) or else `F.md` beside the folder
 *   (Obsidian's folder-notes plugins use both); otherwise it is an empty page named after the
 *   folder;
 * - every other note is a page under its folder's page;
 * - siblings are ordered as Obsidian's file explorer shows them: folders first, then notes,
 *   each by name (case-insensitive).
 *
 * Keys identify a page across imports of the same folder: a note's path (`A/B.md`), a folder's
 * path with a slash (`A/`). A folder page also answers to its folder note's path, so a note
 * that later gains a folder (or loses it) keeps its page.
 */
export interface PlanNode {
  /** The key this import records for the page. */
  readonly key: string;
  /** Keys an earlier import may have recorded for the same page. */
  readonly altKeys: readonly string[];
  readonly title: string;
  /** The note that gives the page its content (a folder note, or the note itself); null: empty folder page. */
  readonly notePath: string | null;
  /** The folder this page stands for (no trailing slash), or null for a note. */
  readonly folderPath: string | null;
  readonly parentKey: string | null;
  readonly children: PlanNode[];
}

export interface VaultPlan {
  readonly roots: readonly PlanNode[];
  /** Parents before children, siblings in order. */
  readonly ordered: readonly PlanNode[];
  readonly byKey: ReadonlyMap<string, PlanNode>;
  /** The page of each note path (folder notes included). */
  readonly byNote: ReadonlyMap<string, PlanNode>;
}

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const stripMd = (name: string): string => name.replace(/\.md$/i, '');
const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

const byName = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * Plans the tree for `notePaths` (relative, `/`-separated, each ending in `.md`). `titleOf` gives
 * a note's title when its frontmatter names one (our export writes `title:` when a page's title
 * is not a valid file name), else null: the file name is the title.
 */
export function planVault(notePaths: readonly string[], titleOf: (notePath: string) => string | null = () => null): VaultPlan {
  const notes = new Set(notePaths);
  const folders = new Set<string>();
  for (const note of notes) {
    for (let dir = dirOf(note); dir !== ''; dir = dirOf(dir)) folders.add(dir);
  }

  const folderNoteOf = new Map<string, string>();
  const consumed = new Set<string>();
  // Inside notes first, so that a beside note claimed by nobody stays a plain note.
  for (const folder of folders) {
    const inside = join(folder, `${nameOf(folder)}.md`);
    if (notes.has(inside)) {
      folderNoteOf.set(folder, inside);
      consumed.add(inside);
    }
  }
  for (const folder of folders) {
    if (folderNoteOf.has(folder)) continue;
    const beside = join(dirOf(folder), `${nameOf(folder)}.md`);
    if (notes.has(beside) && !consumed.has(beside)) {
      folderNoteOf.set(folder, beside);
      consumed.add(beside);
    }
  }

  type Draft = { node: PlanNode; sortName: string; isFolder: boolean };
  const drafts: Draft[] = [];
  for (const folder of folders) {
    const note = folderNoteOf.get(folder) ?? null;
    const parent = dirOf(folder);
    drafts.push({
      isFolder: true,
      sortName: nameOf(folder),
      node: {
        key: `${folder}/`,
        altKeys: note === null ? [] : [note],
        title: (note !== null ? titleOf(note) : null) ?? nameOf(folder),
        notePath: note,
        folderPath: folder,
        parentKey: parent === '' ? null : `${parent}/`,
        children: [],
      },
    });
  }
  for (const note of notes) {
    if (consumed.has(note)) continue;
    const parent = dirOf(note);
    drafts.push({
      isFolder: false,
      sortName: stripMd(nameOf(note)),
      node: {
        key: note,
        altKeys: [],
        title: titleOf(note) ?? stripMd(nameOf(note)),
        notePath: note,
        folderPath: null,
        parentKey: parent === '' ? null : `${parent}/`,
        children: [],
      },
    });
  }

  drafts.sort((a, b) => (a.isFolder !== b.isFolder ? (a.isFolder ? -1 : 1) : byName(a.sortName, b.sortName)));
  const byKey = new Map<string, PlanNode>();
  for (const { node } of drafts) byKey.set(node.key, node);
  const roots: PlanNode[] = [];
  for (const { node } of drafts) {
    const parent = node.parentKey === null ? undefined : byKey.get(node.parentKey);
    (parent ? parent.children : roots).push(node);
  }

  const ordered: PlanNode[] = [];
  const stack = [...roots].reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    ordered.push(next);
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i] as PlanNode);
  }
  const byNote = new Map<string, PlanNode>();
  for (const node of ordered) if (node.notePath !== null) byNote.set(node.notePath, node);
  return { roots, ordered, byKey, byNote };
}
