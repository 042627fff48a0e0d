/**
 * How an import resolves what notes point at, the way Obsidian does. Pure (paths in, answers
 * out), tested without a disk.
 *
 * A note link target (`Page`, `folder/Page`, `../Other` from a Markdown link) resolves, first hit
 * wins, case-insensitively:
 *   1. as a vault path (`folder/Page` → `folder/Page.md`), then relative to the linking note;
 *   2. as the end of a path (`Statuses/Core Statuses` → `Getting Started/Statuses/Core Statuses.md`);
 *   3. a bare name, by file name anywhere: the linking note's own folder first, then the shortest path;
 *   4. by an alias from a note's frontmatter;
 *   5. by a page title that is not its file name (frontmatter `title:`, a folder page's name).
 * An image path resolves relative to the note, then from the vault root, then (Obsidian's
 * `![[x.png]]`, and any path that names nothing) by file name anywhere; never outside the vault.
 */
import type { PageId } from '../../../shared/ids';

export interface LinkablePage {
  readonly pageId: PageId;
  /** The note's path without `.md`, or null for a folder page without a note. */
  readonly notePath: string | null;
  readonly title: string;
  readonly aliases: readonly string[];
}

const lower = (value: string): string => value.toLowerCase();
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** Joins and normalises `/` paths; null when `..` climbs out of the root. */
export function joinInside(dir: string, relative: string): string | null {
  const out: string[] = [];
  for (const segment of [...dir.split('/'), ...relative.split('/')]) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else {
      out.push(segment);
    }
  }
  return out.join('/');
}

/** Shortest path first, then code-unit order: a deterministic pick among namesakes. */
const shortestFirst = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function addTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class LinkIndex {
  private readonly byPath = new Map<string, PageId>();
  private readonly byName = new Map<string, { path: string; pageId: PageId }[]>();
  private readonly byAlias = new Map<string, PageId>();
  private readonly byTitle = new Map<string, PageId>();
  private readonly paths: { path: string; pageId: PageId }[] = [];

  constructor(pages: readonly LinkablePage[]) {
    for (const page of pages) {
      if (page.notePath !== null) {
        const path = lower(page.notePath);
        if (!this.byPath.has(path)) this.byPath.set(path, page.pageId);
        addTo(this.byName, baseName(path), { path, pageId: page.pageId });
        this.paths.push({ path, pageId: page.pageId });
      }
      for (const alias of page.aliases) if (!this.byAlias.has(lower(alias))) this.byAlias.set(lower(alias), page.pageId);
      if (!this.byTitle.has(lower(page.title))) this.byTitle.set(lower(page.title), page.pageId);
    }
    for (const list of this.byName.values()) list.sort((a, b) => shortestFirst(a.path, b.path));
    this.paths.sort((a, b) => shortestFirst(a.path, b.path));
  }

  /** The page a link from the note at `fromNote` (a path, with or without `.md`) points at. */
  resolve(rawTarget: string, fromNote: string): PageId | null {
    const target = lower(rawTarget.trim().replace(/\.md$/i, '').replace(/^\/+/, ''));
    if (target === '') return null;
    const fromDir = lower(dirOf(fromNote));
    const exact = this.byPath.get(target);
    if (exact) return exact;
    const relative = joinInside(fromDir, target);
    if (relative !== null && this.byPath.has(relative)) return this.byPath.get(relative) ?? null;
    if (target.includes('/')) {
      const suffix = `/${target}`;
      const hit = this.paths.find((entry) => entry.path.endsWith(suffix));
      if (hit) return hit.pageId;
    } else {
      const namesakes = this.byName.get(target);
      if (namesakes && namesakes.length > 0) {
        const here = namesakes.find((entry) => dirOf(entry.path) === fromDir);
        return (here ?? namesakes[0])?.pageId ?? null;
      }
    }
    return this.byAlias.get(target) ?? this.byTitle.get(target) ?? null;
  }
}

/** Image files of a vault, found the way Obsidian finds them. */
export class ImageIndex {
  private readonly byPath = new Map<string, string>();
  private readonly byName = new Map<string, string[]>();

  constructor(imagePaths: readonly string[]) {
    for (const path of imagePaths) {
      this.byPath.set(lower(path), path);
      addTo(this.byName, lower(baseName(path)), path);
    }
    for (const list of this.byName.values()) list.sort(shortestFirst);
  }

  /** The vault path of the image `written` (percent-decoded) in the note at `fromNote`, or null. */
  resolve(written: string, fromNote: string): string | null {
    const path = written.trim().replace(/^<|>$/g, '');
    if (path === '') return null;
    const candidates = [joinInside(dirOf(fromNote), path), joinInside('', path)];
    for (const candidate of candidates) {
      const hit = candidate === null ? undefined : this.byPath.get(lower(candidate));
      if (hit !== undefined) return hit;
    }
    return this.byName.get(lower(baseName(path)))?.[0] ?? null;
  }
}
