/**
 * A vault of hostile notes (fixtures/hostile-vault.ts) imports as inert text and markup: only the
 * node and mark types of the editor's schema, no link with a scheme other than http(s)/mailto or
 * none, no image source but an attachment or http(s), the script text kept visible as text; its
 * single-page HTML export carries no script either. (The e2e test test/e2e/transfer.test.ts opens
 * the same pages in Chromium and checks that no script runs.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageId } from '../../shared/ids';
import { MARK_TYPES, NODE_TYPES } from '../../shared/markdown';
import { schemeOf } from '../../shared/markdown/urls';
import { ExportService } from '../../electron/host/transfer/export-service';
import { workspaceSource } from '../../electron/host/transfer/export-source';
import { ImportService } from '../../electron/host/transfer/import-service';
import { nodesOf, pagesByPath, readDoc, testData, writeVault, type TestData } from '../../electron/host/transfer/test-support';
import type { OpenWorkspace } from '../../electron/host/workspace/workspace-service';
import type { ImportReport } from '../../shared/transfer/report';
import { HOSTILE_VAULT, PWNED } from './fixtures/hostile-vault';

let data: TestData;
let workspace: OpenWorkspace;
let report: ImportReport;

beforeAll(async () => {
  data = await testData('commonplace-hostile-');
  workspace = await data.workspace('Hostile');
  report = await new ImportService({ by: data.identity.id }).importFolder(workspace, await writeVault(HOSTILE_VAULT, 'hostile'));
});
afterAll(async () => {
  await data.cleanup();
});

const hostileId = () => pagesByPath(workspace).get('Hostile')?.page.id as PageId;

describe('a hostile note', () => {
  it('imports as inert text and markup', async () => {
    expect(report.notes).toBe(2);
    const doc = await readDoc(workspace, hostileId());
    const types = new Set<string>();
    for (const node of nodesOf(doc)) {
      types.add(node.type);
      expect(NODE_TYPES as readonly string[]).toContain(node.type);
      for (const mark of node.marks ?? []) {
        expect(MARK_TYPES as readonly string[]).toContain(mark.type);
        if (mark.type === 'link') expect([null, 'http', 'https', 'mailto']).toContain(schemeOf(String(mark.attrs?.href)));
      }
      if (node.type === 'image') expect(String(node.attrs?.src)).toMatch(/^(attachment:sha256-[0-9a-f]{64}|https?:\/\/)/);
      for (const value of Object.values(node.attrs ?? {})) {
        // No attribute value a renderer could turn into script.
        if (typeof value === 'string') expect(value.toLowerCase()).not.toMatch(/^\s*(javascript|data|vbscript):/);
      }
    }
    expect(types.has('html')).toBe(false);
    const json = JSON.stringify(doc);
    expect(json).toContain('<script>'); // kept as visible text, not markup
    expect(json).not.toContain('"type":"link","attrs":{"href":"javascript');
    expect(report.warnings.some((w) => w.includes('javascript'))).toBe(true);
  });

  it('reports what it refused or could not find', () => {
    expect(report.unresolvedLinks.map((l) => l.target)).toEqual(expect.arrayContaining(['Nowhere at all']));
    expect(report.missingImages.map((m) => m.path)).toEqual(expect.arrayContaining(['images/not-there.png']));
    expect(report.imagesAttached).toBe(1); // evil.svg: stored, and only ever shown through <img>
  });

  it('exports to HTML with no script and no event handler', async () => {
    const file = await new ExportService().exportPage(workspaceSource(workspace, null), hostileId(), 'html');
    expect(file.text).not.toMatch(/<script/i);
    expect(file.text.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]+\son\w+\s*=/i);
    expect(file.text).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
    expect(file.text).toContain("default-src 'none'");
    expect(file.text).toContain(PWNED); // as escaped text
  });
});
