/**
 * ExportService: a workspace to a folder of Markdown notes that Obsidian opens as a vault, and
 * one page to a Markdown or a standalone HTML file. Reads through an ExportSource, so it works
 * on an open workspace and on a snapshot alike; it never writes to the workspace.
 *
 * The vault's layout is export-plan.ts's; each note carries frontmatter (title when the file name
 * cannot say it, aliases, tags, kind, authors, created, updated, and the frontmatter an import
 * kept), wiki links by the linked page's current file name, and images as relative links into
 * `attachments/`, named as the imported file was when known.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CommonplaceError } from '../../../shared/errors';
import type { AttachmentId, PageId } from '../../../shared/ids';
import { docToMarkdown, linkableTitle, type PMNode } from '../../../shared/markdown';
import { isAttachmentSrc } from '../../../shared/markdown/urls';
import { buildTree, readPage, type PageRecord } from '../../../shared/model';
import { pageToHtml } from '../../../shared/transfer/page-html';
import { fileStemFor } from '../../../shared/transfer/file-names';
import type { ExportReport, PageFile, TransferPhase } from '../../../shared/transfer/report';
import type { ExportSource } from './export-source';
import { ATTACHMENTS_DIR, planExport, upToRoot } from './export-plan';
import { readImportedFrom } from './import-records';
import { AttachmentNames } from './attachment-names';

/** Images inlined into one HTML page stop here; the rest show as "[image]". */
export const MAX_INLINE_IMAGE_BYTES = 32 * 1024 * 1024;

export interface ExportOptions {
  readonly onProgress?: (phase: TransferPhase, done: number, total: number) => void;
}

const iso = (ms: number): string | undefined => (ms > 0 ? new Date(ms).toISOString() : undefined);

/** Every `attachment:` src in a document. */
export function attachmentSrcs(node: PMNode, into = new Set<string>()): Set<string> {
  const src = node.type === 'image' ? node.attrs?.src : undefined;
  if (typeof src === 'string' && isAttachmentSrc(src)) into.add(src);
  for (const child of node.content ?? []) attachmentSrcs(child, into);
  return into;
}

const idOfSrc = (src: string): AttachmentId => src.slice('attachment:'.length) as AttachmentId;

export class ExportService {
  /** The frontmatter written for a page. */
  frontmatterOf(source: ExportSource, page: PageRecord, withTitle: boolean): Record<string, unknown> {
    const imported = readImportedFrom(source.root, page.id);
    const authors = [...new Set([page.createdBy, page.updatedBy])]
      .map((id) => source.memberName(id) ?? (id ? `member ${id.slice(0, 8)}` : null))
      .filter((name): name is string => name !== null);
    return {
      ...(withTitle ? { title: page.title } : {}),
      ...(imported !== null && imported.aliases.length > 0 ? { aliases: [...imported.aliases] } : {}),
      ...(page.tags.length > 0 ? { tags: [...page.tags] } : {}),
      kind: page.kind,
      ...(authors.length > 0 ? { authors } : {}),
      created: iso(page.createdAt),
      updated: iso(page.updatedAt),
      ...(imported?.extra ?? {}),
    };
  }

  async exportWorkspace(source: ExportSource, outDir: string, options: ExportOptions = {}): Promise<ExportReport> {
    const progress = options.onProgress ?? (() => undefined);
    const existing = await readdir(outDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    if (existing.length > 0) throw new CommonplaceError('conflict', `${outDir} is not empty; export into a new or empty folder`);
    await mkdir(outDir, { recursive: true });

    const plan = planExport(buildTree(source.root));
    const names = new AttachmentNames(source.root);
    const warnings: string[] = [];
    const missing = new Set<string>();
    let done = 0;
    progress('exporting', 0, plan.entries.length);
    for (const entry of plan.entries) {
      const page = readPage(source.root, entry.pageId);
      if (page === null) continue;
      const doc = await source.readPage(entry.pageId);
      for (const src of attachmentSrcs(doc)) {
        if (names.has(src) || missing.has(src)) continue;
        const stored = await source.readAttachment(idOfSrc(src));
        if (stored === null) {
          missing.add(src);
          warnings.push(`${entry.path}: an image is not stored on this machine; its attachment: reference is kept`);
          continue;
        }
        const name = names.assign(src, stored.mime);
        await writeFile(join(outDir, ATTACHMENTS_DIR, name), stored.bytes).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
          await mkdir(join(outDir, ATTACHMENTS_DIR), { recursive: true });
          await writeFile(join(outDir, ATTACHMENTS_DIR, name), stored.bytes);
        });
      }
      const markdown = docToMarkdown(doc, {
        titleOf: (id) => plan.byId.get(id)?.linkName ?? null,
        pathOfAttachment: (src) => {
          const name = names.get(src);
          return name === undefined ? null : `${upToRoot(entry.path)}${ATTACHMENTS_DIR}/${name}`;
        },
        frontmatter: this.frontmatterOf(source, page, entry.titleInFrontmatter),
      });
      const path = join(outDir, ...entry.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
      progress('exporting', ++done, plan.entries.length);
    }
    progress('done', plan.entries.length, plan.entries.length);
    return {
      dir: outDir,
      notes: plan.entries.length,
      folders: plan.entries.filter((entry) => entry.isFolder).length,
      attachments: names.size,
      attachmentsMissing: missing.size,
      warnings,
    };
  }

  /** One page as `.md` (images keep their `attachment:` references) or standalone `.html`. */
  async exportPage(source: ExportSource, pageId: PageId, format: 'md' | 'html'): Promise<PageFile> {
    const page = readPage(source.root, pageId);
    if (page === null) throw new CommonplaceError('not-found', `no page ${pageId}`);
    const doc = await source.readPage(pageId);
    const stem = fileStemFor(page.title);
    if (format === 'md') {
      const text = docToMarkdown(doc, {
        titleOf: (id) => {
          const title = readPage(source.root, id)?.title;
          return title === undefined ? null : linkableTitle(title);
        },
        pathOfAttachment: () => null,
        frontmatter: this.frontmatterOf(source, page, stem !== page.title),
      });
      return { fileName: `${stem}.md`, mime: 'text/markdown', text };
    }
    const dataUrls = new Map<string, string>();
    let budget = MAX_INLINE_IMAGE_BYTES;
    for (const src of attachmentSrcs(doc)) {
      const stored = await source.readAttachment(idOfSrc(src));
      if (stored === null || stored.bytes.byteLength > budget) continue;
      budget -= stored.bytes.byteLength;
      dataUrls.set(src, `data:${stored.mime};base64,${Buffer.from(stored.bytes).toString('base64')}`);
    }
    const text = pageToHtml(page.title, doc, {
      titleOf: (id) => readPage(source.root, id)?.title ?? null,
      imageSrc: (src) => dataUrls.get(src) ?? null,
    });
    return { fileName: `${stem}.html`, mime: 'text/html', text };
  }
}
