import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageId } from '../../../shared/ids';
import { docToFragment, markdownToDoc } from '../../../shared/markdown';
import { deletePageForever, listPages, PAGE_CONTENT, renamePage, trashPage } from '../../../shared/model';
import { LOCAL } from '../origins';
import { ImportService } from './import-service';
import { readImportedFrom } from './import-records';
import { nodesOf, pagesByPath, png, readDoc, testData, writeVault, type TestData } from './test-support';

const VAULT = {
  'Home.md': '---\ntags: [start, "#hub"]\naliases: [Start page]\nkind: guide\npublish: true\n---\n# Home\n\nSee [[Guide]], [[Step one|the first step]], [[Nowhere]] and [[Start page]].\n\n![[pic.png]]\n\n![gone](images/missing.png)\n',
  'Guide/Guide.md': 'The guide. Back to [[Home#Top]].\n',
  'Guide/Step one.md': 'Do [this](../Home.md).\n',
  'Topics.md': 'Beside folder note.\n',
  'Topics/One.md': '![[Topics]]\n',
  'images/pic.png': png(1),
  'notes.txt': 'not a note',
  '.obsidian/app.json': '{}',
};

let data: TestData | undefined;
afterEach(async () => {
  await data?.cleanup();
  data = undefined;
});

async function setup(files: Record<string, string | Uint8Array> = VAULT) {
  data = await testData();
  const workspace = await data.workspace('Imported');
  const folder = await writeVault(files);
  const importer = new ImportService({ by: data.identity.id, now: () => 1_000 });
  return { workspace, folder, importer };
}

describe('ImportService', () => {
  it('turns folders into the page tree, keeps frontmatter, resolves links and attaches images', async () => {
    const { workspace, folder, importer } = await setup();
    const phases: string[] = [];
    const report = await importer.importFolder(workspace, folder, { onProgress: (phase) => phases.at(-1) !== phase && phases.push(phase) });

    expect(report).toMatchObject({ source: 'vault', notes: 5, folders: 2, created: 5, updated: 0, unchanged: 0, skippedFiles: 2 });
    expect(report).toMatchObject({ linksFound: 7, linksResolved: 6, imagesAttached: 1, imagesMissing: 1 });
    expect(report.unresolvedLinks).toEqual([{ note: 'Home.md', target: 'Nowhere' }]);
    expect(report.missingImages).toEqual([{ note: 'Home.md', path: 'images/missing.png' }]);
    expect(phases).toEqual(['reading', 'attaching', 'writing', 'done']);

    const pages = pagesByPath(workspace);
    expect([...pages.keys()].filter((p) => !p.startsWith('Welcome'))).toEqual(['Guide', 'Guide/Step one', 'Topics', 'Topics/One', 'Home']);
    const home = pages.get('Home')?.page;
    expect(home).toMatchObject({ kind: 'guide', tags: ['start', 'hub'] });
    expect(readImportedFrom(workspace.root.doc, home?.id as PageId)).toMatchObject({ source: 'vault', path: 'Home.md', aliases: ['Start page'], extra: { publish: true } });
    expect(pages.get('Guide')?.page.kind).toBe('note');

    const doc = await readDoc(workspace, home?.id as PageId);
    const links = [...nodesOf(doc)].filter((n) => n.type === 'wikiLink').map((n) => [n.attrs?.target, n.attrs?.pageId ?? null]);
    expect(links).toEqual([
      ['Guide', pages.get('Guide')?.page.id],
      ['Step one', pages.get('Guide/Step one')?.page.id],
      ['Nowhere', null],
      ['Start page', home?.id],
    ]);
    const image = [...nodesOf(doc)].find((n) => n.type === 'image');
    expect(String(image?.attrs?.src)).toMatch(/^attachment:sha256-[0-9a-f]{64}$/);
    const stored = await workspace.attachments.get(String(image?.attrs?.src).slice('attachment:'.length) as never);
    expect(stored.mime).toBe('image/png');
    const one = await readDoc(workspace, pages.get('Topics/One')?.page.id as PageId);
    expect([...nodesOf(one)].find((n) => n.type === 'embed')?.attrs?.pageId).toBe(pages.get('Topics')?.page.id);
    const step = await readDoc(workspace, pages.get('Guide/Step one')?.page.id as PageId);
    expect(JSON.stringify(step)).not.toContain('"link"'); // [this](../Home.md) became a wiki link
    expect([...nodesOf(step)].find((n) => n.type === 'wikiLink')?.attrs?.pageId).toBe(home?.id);
  });

  it('updates its own pages on re-import instead of duplicating them', async () => {
    const { workspace, folder, importer } = await setup();
    await importer.importFolder(workspace, folder);
    const before = listPages(workspace.root.doc).map((p) => p.id).sort();

    const again = await importer.importFolder(workspace, folder);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(listPages(workspace.root.doc).map((p) => p.id).sort()).toEqual(before);

    await writeFile(join(folder, 'Guide', 'Step one.md'), 'Changed, and now see [[Later]].\n');
    await writeFile(join(folder, 'Later.md'), 'A new note.\n');
    const third = await importer.importFolder(workspace, folder);
    expect(third).toMatchObject({ created: 1, updated: 1, unchanged: 4, overwritten: [] });
    const pages = pagesByPath(workspace);
    const step = await readDoc(workspace, pages.get('Guide/Step one')?.page.id as PageId);
    expect([...nodesOf(step)].find((n) => n.type === 'wikiLink')?.attrs?.pageId).toBe(pages.get('Later')?.page.id);
    expect(listPages(workspace.root.doc)).toHaveLength(before.length + 1);
  });

  it('keeps a member’s edits while the source is unchanged, and reports them when the source wins', async () => {
    const { workspace, folder, importer } = await setup();
    await importer.importFolder(workspace, folder);
    const guide = pagesByPath(workspace).get('Guide')?.page.id as PageId;
    const edit = markdownToDoc('Edited by a member.', { resolveLink: () => null, resolveImage: () => null }).doc;
    await workspace.docs.with(guide, (entry) => docToFragment(edit, entry.doc.getXmlFragment(PAGE_CONTENT), LOCAL));
    renamePage(workspace.root.doc, { pageId: guide, title: 'Our guide', by: data?.identity.id as never, now: 2 }, LOCAL);

    const unchangedSource = await importer.importFolder(workspace, folder);
    expect(unchangedSource.overwritten).toEqual([]);
    expect(JSON.stringify(await readDoc(workspace, guide))).toContain('Edited by a member.');
    expect(pagesByPath(workspace).has('Our guide')).toBe(true); // the rename stays too

    await writeFile(join(folder, 'Guide', 'Guide.md'), 'The guide, revised upstream.\n');
    const changedSource = await importer.importFolder(workspace, folder);
    expect(changedSource.overwritten).toEqual([{ note: 'Guide/Guide.md', pageId: guide, title: 'Guide' }]);
    expect(JSON.stringify(await readDoc(workspace, guide))).toContain('revised upstream');
  });

  it('creates a page again when the member deleted it forever', async () => {
    const { workspace, folder, importer } = await setup();
    await importer.importFolder(workspace, folder);
    const topics = pagesByPath(workspace).get('Topics')?.page.id as PageId;
    trashPage(workspace.root.doc, { pageId: topics, by: data?.identity.id as never, now: 2 }, LOCAL);
    deletePageForever(workspace.root.doc, { pageId: topics }, LOCAL);
    const report = await importer.importFolder(workspace, folder);
    expect(report.created).toBe(2); // Topics and its child
    expect(pagesByPath(workspace).has('Topics/One')).toBe(true);
  });

  it('puts a new note under its folder’s page from an earlier import, or at the top level when that page is in the trash', async () => {
    const { workspace, folder, importer } = await setup();
    await importer.importFolder(workspace, folder);
    const by = data?.identity.id as never;
    const guide = pagesByPath(workspace).get('Guide')?.page.id as PageId;
    await writeFile(join(folder, 'Guide', 'Step two.md'), 'Then this.\n');
    const live = await importer.importFolder(workspace, folder);
    expect(live.created).toBe(1);
    expect(live.warnings.filter((w) => w.includes('trash'))).toEqual([]);
    expect(pagesByPath(workspace).get('Guide/Step two')?.page.parentId).toBe(guide);

    trashPage(workspace.root.doc, { pageId: guide, by, now: 2 }, LOCAL);
    await writeFile(join(folder, 'Guide', 'Step three.md'), 'And this.\n');
    const trashed = await importer.importFolder(workspace, folder);
    expect(trashed.created).toBe(1);
    expect(trashed.warnings).toContain('Guide/Step three.md: its parent page is in the trash; placed at the top level');
    expect(pagesByPath(workspace).get('Step three')?.page.parentId).toBeNull();
  });

  it('reports an unreadable image and a note too large, and goes on', async () => {
    const { workspace, folder, importer } = await setup({ 'a.md': '![x](b.bmp)\n', 'b.bmp': new Uint8Array([1, 2, 3]) });
    const report = await importer.importFolder(workspace, folder);
    expect(report.imagesMissing).toBe(1);
    expect(report.warnings.some((w) => w.includes('b.bmp: unsupported image type'))).toBe(true);
  });

  it('never reads outside the folder', async () => {
    const outside = await writeVault({ 'secret.png': png(9) }, 'outside');
    const { workspace, folder, importer } = await setup({ 'a.md': `![x](../../${outside.split('/').slice(-2).join('/')}/secret.png)\n` });
    const report = await importer.importFolder(workspace, folder);
    expect(report.imagesAttached).toBe(0);
    await rm(outside, { recursive: true, force: true });
    expect(await readFile(join(folder, 'a.md'), 'utf8')).toContain('secret.png');
  });
});
