/**
 * ImportService: a folder of Markdown notes (an Obsidian vault) into a workspace.
 *
 *   read    every note, parsed once without resolvers: frontmatter (title, aliases, tags, kind)
 *           and the images it references
 *   plan    the page tree (vault-plan.ts) and each page's id: the page an earlier import of the
 *           same folder made (import-records.ts), or a new one; new entries are created in one
 *           transaction, parents first, so every link target has an id before any note converts
 *   attach  every referenced image found in the folder, once, into the attachment store
 *   write   each note converted again with real resolvers (link-index.ts) and written into its
 *           page doc's fragment with origin `import`, by this host only (never seeded per client)
 *   record  titles, kinds, tags and `importedFrom` in one last transaction
 *
 * Re-import updates in place; see import-records.ts for what is replaced and what is kept.
 */
import type * as Y from 'yjs';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { emptyDoc, fragmentToDoc, markdownToDoc, docToFragment, type Frontmatter, type PMJson, type PMNode } from '../../../shared/markdown';
import { PAGE_CONTENT } from '../../../shared/model';
import type { ImportReport, TransferPhase } from '../../../shared/transfer/report';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { DocEntry, DocRegistry } from '../docs/doc-entry';
import { IMPORT } from '../origins';
import { hashDoc, importedPages, readImportedFrom } from './import-records';
import { applyPageMeta, createEntries, pageMetaOf, type PageMeta } from './import-entries';
import { ImageIndex, LinkIndex } from './link-index';
import { imageMimeOf } from './mime';
import { ReportBuilder } from './report-builder';
import { planVault, type PlanNode } from './vault-plan';
import { listVault, MAX_NOTE_BYTES, readBytes, readNote, sourceNameOf } from './vault-reader';

const log = createLogger('import');
/** Page docs written at once: enough to overlap the store's fsyncs, few enough to bound memory. */
const WRITE_CONCURRENCY = 8;

/** What an import needs of an open workspace (OpenWorkspace has it all). */
export interface ImportTarget {
  readonly id: WorkspaceId;
  readonly root: DocEntry;
  readonly docs: Pick<DocRegistry, 'with'>;
  readonly attachments: Pick<AttachmentStore, 'put'>;
}

export interface ImportOptions {
  /** Reported as the import goes; `total` is per phase. */
  readonly onProgress?: (phase: TransferPhase, done: number, total: number) => void;
  /** What re-imports are matched by; the folder's name by default. */
  readonly source?: string;
}

interface Note {
  readonly text: string;
  readonly frontmatter: Frontmatter;
  readonly images: readonly string[];
}

export class ImportService {
  constructor(private readonly options: { readonly by: MemberId; readonly now?: () => number }) {}

  async importFolder(workspace: ImportTarget, folder: string, options: ImportOptions = {}): Promise<ImportReport> {
    const progress = options.onProgress ?? (() => undefined);
    const now = (this.options.now ?? Date.now)();
    const stamp = { by: this.options.by, now };
    const source = options.source ?? sourceNameOf(folder);
    const files = await listVault(folder);
    const report = new ReportBuilder(workspace.id, source);
    report.skippedFiles = files.skipped;

    const notes = await this.readNotes(folder, files.notes, report, progress);
    const plan = planVault([...notes.keys()], (path) => titleOf(notes.get(path)));
    const metas = new Map<string, PageMeta>(plan.ordered.map((node) => [node.key, pageMetaOf(node, notes.get(node.notePath ?? '')?.frontmatter, report)]));

    const root = workspace.root.doc;
    const ids = this.assignIds(root, plan.ordered, source);
    const created = createEntries(root, plan.ordered, ids, metas, stamp, report);
    const links = new LinkIndex(
      plan.ordered.map((node) => ({
        pageId: ids.get(node.key) as PageId,
        notePath: node.notePath?.replace(/\.md$/i, '') ?? null,
        title: node.title,
        aliases: node.notePath === null ? [] : (notes.get(node.notePath)?.frontmatter.aliases ?? []),
      })),
    );
    const srcOf = await this.attachImages(folder, files.images, notes, workspace, report, progress);
    const images = new ImageIndex(files.images);

    const nameOfSrc = new Map([...srcOf].map(([file, src]) => [src, file.slice(file.lastIndexOf('/') + 1)]));
    const written = new Map<string, { docHash: string; images: Record<string, string> }>();
    let writtenCount = 0;
    const writeOne = async (node: PlanNode) => {
      const pageId = ids.get(node.key) as PageId;
      const note = node.notePath === null ? undefined : notes.get(node.notePath);
      let doc: PMJson = emptyDoc();
      if (note !== undefined && node.notePath !== null) {
        const from = node.notePath;
        const converted = markdownToDoc(note.text, {
          resolveLink: (target) => links.resolve(target, from),
          resolveImage: (path) => {
            const file = images.resolve(path, from);
            return file === null ? null : (srcOf.get(file) ?? null);
          },
          selfPageId: pageId,
        });
        report.addNote(from, converted.report);
        doc = converted.doc;
      }
      const hash = hashDoc(doc);
      written.set(node.key, { docHash: hash, images: imageNames(doc, nameOfSrc) });
      await this.writeContent(workspace, node, pageId, doc, hash, created.has(node.key), report);
      progress('writing', ++writtenCount, plan.ordered.length);
    };
    progress('writing', 0, plan.ordered.length);
    await inPool(plan.ordered, WRITE_CONCURRENCY, writeOne);

    applyPageMeta(root, plan.ordered, ids, metas, written, { source, created, stamp });
    await workspace.root.persisted.whenSaved();
    report.notes = notes.size;
    report.folders = plan.ordered.filter((node) => node.folderPath !== null).length;
    report.created = created.size;
    progress('done', plan.ordered.length, plan.ordered.length);
    log.debug(`imported ${notes.size} notes from ${source} into ${workspace.id}`);
    return report.build();
  }

  private async readNotes(
    folder: string,
    paths: readonly string[],
    report: ReportBuilder,
    progress: NonNullable<ImportOptions['onProgress']>,
  ): Promise<Map<string, Note>> {
    const notes = new Map<string, Note>();
    let done = 0;
    progress('reading', 0, paths.length);
    for (const path of paths) {
      const text = await readNote(folder, path);
      progress('reading', ++done, paths.length);
      if (text === null) {
        report.warn(`${path}: over ${MAX_NOTE_BYTES} bytes, not imported`);
        report.skippedFiles += 1;
        continue;
      }
      const images: string[] = [];
      const dry = markdownToDoc(text, { resolveLink: () => null, resolveImage: (image) => (images.push(image), null) });
      notes.set(path, { text, frontmatter: dry.frontmatter, images });
    }
    return notes;
  }

  /** Each plan node's page: the one an earlier import of `source` recorded, if it still exists. */
  private assignIds(root: Y.Doc, nodes: readonly PlanNode[], source: string): Map<string, PageId | null> {
    const earlier = importedPages(root, source);
    const ids = new Map<string, PageId | null>();
    const taken = new Set<PageId>();
    for (const node of nodes) {
      const found = [node.key, ...node.altKeys].map((key) => earlier.get(key)).find((id) => id !== undefined && !taken.has(id));
      if (found !== undefined) taken.add(found);
      ids.set(node.key, found ?? null);
    }
    return ids;
  }

  /** Stores every image a note references and the folder holds; vault path → `attachment:` src. */
  private async attachImages(
    folder: string,
    imagePaths: readonly string[],
    notes: ReadonlyMap<string, Note>,
    workspace: ImportTarget,
    report: ReportBuilder,
    progress: NonNullable<ImportOptions['onProgress']>,
  ): Promise<Map<string, string>> {
    const index = new ImageIndex(imagePaths);
    const wanted = new Set<string>();
    for (const [path, note] of notes) {
      for (const image of note.images) {
        const file = index.resolve(image, path);
        if (file !== null) wanted.add(file);
      }
    }
    const srcOf = new Map<string, string>();
    let done = 0;
    progress('attaching', 0, wanted.size);
    for (const file of wanted) {
      const mime = imageMimeOf(file);
      try {
        const bytes = mime === null ? null : await readBytes(folder, file);
        if (mime === null) report.warn(`${file}: unsupported image type, not attached`);
        else if (bytes !== null && bytes.byteLength > MAX_ATTACHMENT_BYTES) report.warn(`${file}: over ${MAX_ATTACHMENT_BYTES} bytes, not attached`);
        else if (bytes !== null) srcOf.set(file, `attachment:${(await workspace.attachments.put(bytes, mime as string)).id}`);
      } catch (error) {
        report.warn(`${file}: could not be read (${CommonplaceError.from(error).message})`);
      }
      progress('attaching', ++done, wanted.size);
    }
    return srcOf;
  }

  /** Writes a page's content unless its source is unchanged since the last import. */
  private async writeContent(
    workspace: ImportTarget,
    node: PlanNode,
    pageId: PageId,
    doc: PMJson,
    hash: string,
    isNew: boolean,
    report: ReportBuilder,
  ): Promise<void> {
    const previous = isNew ? null : readImportedFrom(workspace.root.doc, pageId);
    if (previous !== null && previous.docHash === hash) {
      report.unchanged += 1;
      return;
    }
    await workspace.docs.with(pageId, async (entry) => {
      const fragment = entry.doc.getXmlFragment(PAGE_CONTENT);
      if (!isNew) {
        const current = hashDoc(fragmentToDoc(fragment));
        const edited = previous !== null && current !== previous.docHash && current !== hash;
        if (edited) report.addOverwritten({ note: node.notePath ?? node.key, pageId, title: node.title });
        report.updated += 1;
      }
      docToFragment(doc, fragment, IMPORT);
      await entry.persisted.whenSaved();
    });
  }
}

/** `attachment:` src → original file name, for the images in `doc`. */
function imageNames(doc: PMNode, nameOfSrc: ReadonlyMap<string, string>, into: Record<string, string> = {}): Record<string, string> {
  const src = doc.type === 'image' ? doc.attrs?.src : undefined;
  const name = typeof src === 'string' ? nameOfSrc.get(src) : undefined;
  if (typeof src === 'string' && name !== undefined) into[src] = name;
  for (const child of doc.content ?? []) imageNames(child, nameOfSrc, into);
  return into;
}

function titleOf(note: Note | undefined): string | null {
  const title = note?.frontmatter.other.title;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : null;
}

/** Runs `fn` over `items` with at most `limit` running at once; rejects on the first failure. */
async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
