import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageId } from '../../../shared/ids';
import { parseFrontmatter } from '../../../shared/markdown';
import { ExportService } from './export-service';
import { workspaceSource } from './export-source';
import { ImportService } from './import-service';
import { pagesByPath, png, readNormalized, testData, writeVault, type TestData } from './test-support';

const VAULT = {
  'Home.md': '---\ntags: [start]\naliases: [Start page]\nkind: guide\npublish: true\n---\n# Home\n\nSee [[Guide]] and [[Step one|the first step]].\n\n![[pic.png]]\n',
  'Guide/Guide.md': 'The guide.\n',
  'Guide/Step one.md': 'Back [[Home]]. ![shot](../images/pic.png)\n',
  'images/pic.png': png(1),
};

let data: TestData | undefined;
afterEach(async () => {
  await data?.cleanup();
  data = undefined;
});

async function imported() {
  data = await testData();
  const workspace = await data.workspace('Exported');
  const folder = await writeVault(VAULT);
  await new ImportService({ by: data.identity.id }).importFolder(workspace, folder);
  const source = workspaceSource(workspace, { id: data.identity.id, name: 'Ada' });
  return { workspace, source, out: join(data.dir, 'out') };
}

const frontmatterOf = (text: string) => parseFrontmatter(/^---\n([\s\S]*?)---\n/.exec(text)?.[1] ?? '', () => undefined);

describe('ExportService', () => {
  it('writes a vault: folders, frontmatter, wiki links and attachments with their names', async () => {
    const { source, out } = await imported();
    const report = await new ExportService().exportWorkspace(source, out);
    expect(report).toMatchObject({ dir: out, notes: 4, folders: 1, attachments: 1, attachmentsMissing: 0, warnings: [] });
    expect((await readdir(out)).sort()).toEqual(['Guide', 'Home.md', 'Welcome to Commonplace.md', 'attachments']);
    expect(await readdir(join(out, 'attachments'))).toEqual(['pic.png']);
    expect(new Uint8Array(await readFile(join(out, 'attachments', 'pic.png')))).toEqual(png(1));

    const home = await readFile(join(out, 'Home.md'), 'utf8');
    const front = frontmatterOf(home);
    expect(front.tags).toEqual(['start']);
    expect(front.aliases).toEqual(['Start page']);
    expect(front.other).toMatchObject({ kind: 'guide', authors: ['Ada'], publish: true });
    expect(front.other.created).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(home).toContain('See [[Guide]] and [[Step one|the first step]].');
    expect(home).toContain('![](attachments/pic.png)');
    const step = await readFile(join(out, 'Guide', 'Step one.md'), 'utf8');
    expect(step).toContain('[[Home]]');
    expect(step).toContain('![shot](../attachments/pic.png)');
    expect(await readFile(join(out, 'Guide', 'Guide.md'), 'utf8')).toContain('The guide.');
  });

  it('reads back into a fresh workspace as the same pages and documents', async () => {
    const { workspace, source, out } = await imported();
    await new ExportService().exportWorkspace(source, out);
    const copy = await (data as TestData).workspace('Copy');
    await new ImportService({ by: (data as TestData).identity.id }).importFolder(copy, out);
    const a = pagesByPath(workspace);
    const b = pagesByPath(copy);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const idMap = new Map([...a].map(([path, node]) => [node.page.id, b.get(path)?.page.id]));
    for (const [path, node] of a) {
      const other = b.get(path);
      expect(other?.page.kind, path).toBe(node.page.kind);
      expect(other?.page.tags, path).toEqual(node.page.tags);
      const mine = JSON.stringify(await readNormalized(workspace, node.page.id)).replace(/[0-9a-f]{32}/g, (id) => idMap.get(id as PageId) ?? id);
      expect(JSON.parse(mine), path).toEqual(await readNormalized(copy, other?.page.id as PageId));
    }
  });

  it('refuses a folder that is not empty', async () => {
    const { source, out } = await imported();
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'keep.txt'), 'mine');
    await expect(new ExportService().exportWorkspace(source, out)).rejects.toMatchObject({ code: 'conflict' });
    expect(await readdir(out)).toEqual(['keep.txt']);
  });

  it('exports one page as Markdown (attachment references) or standalone HTML (images inlined)', async () => {
    const { workspace, source } = await imported();
    const home = pagesByPath(workspace).get('Home')?.page.id as PageId;
    const exporter = new ExportService();
    const md = await exporter.exportPage(source, home, 'md');
    expect(md).toMatchObject({ fileName: 'Home.md', mime: 'text/markdown' });
    expect(md.text).toMatch(/!\[\]\(attachment:sha256-[0-9a-f]{64}\)/);
    expect(md.text).toContain('kind: guide');
    const html = await exporter.exportPage(source, home, 'html');
    expect(html).toMatchObject({ fileName: 'Home.html', mime: 'text/html' });
    expect(html.text).toContain('<img src="data:image/png;base64,');
    expect(html.text).toContain('<span class="wiki-link">Guide</span>');
    await expect(exporter.exportPage(source, 'f'.repeat(32) as PageId, 'md')).rejects.toMatchObject({ code: 'not-found' });
  });
});
