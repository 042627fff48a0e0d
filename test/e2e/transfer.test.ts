/**
 * Markdown import and export from the UI, in browser mode (`serve` + Debian's Chromium):
 *
 * 1. Workspace menu → "Import Markdown folder…": the folder picker (an <input webkitdirectory>)
 *    gets a vault of hostile notes; the files upload, a progress dialog shows, then the report
 *    dialog lists the unresolved link and the missing image (screenshot).
 * 2. Opening the hostile page runs no script: a flag every payload would set stays unset, no
 *    dialog opens, the editor holds no <script>, <iframe> or on… attribute; the hostile SVG,
 *    opened directly, is served sandboxed and runs nothing either.
 * 3. Page menu → "Export as HTML": the downloaded file has no script, and opened in Chromium it
 *    runs none. Page menu → "Export as Markdown" downloads a .md.
 * 4. Importing the folder again after its note changed updates the page in place (the open editor
 *    shows the new text) and reports no "edited here" conflict for a page nobody edited.
 * 5. Workspace menu → "Export as Markdown vault…": the report names a folder under
 *    `<data>/exports/` that holds the notes (screenshot).
 * 6. Print: with print media, only the page shows (the sidebar and header are hidden).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVault } from '../../electron/host/transfer/test-support';
import { HOSTILE_VAULT, PWNED } from '../integration/fixtures/hostile-vault';
import {
  RESULTS_DIR,
  ROOT,
  assertBuilt,
  launchChromium,
  makeTempDir,
  openApp,
  removeDir,
  screenshot,
  startServe,
  type AppPage,
  type ServeProcess,
} from './harness';

const UI_TIMEOUT_MS = 30_000;
let dataDir: string;
let serve: ServeProcess | undefined;
let browser: Browser | undefined;
let app: AppPage;
const dialogs: string[] = [];

const pwned = (page: Page) => page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag] ?? null, PWNED);
const row = (page: Page, title: string) => page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: new RegExp(`^${title}$`) });
const recordDialogs = (page: Page) =>
  page.on('dialog', (dialog: Dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });

/** The window as the member sees it (not the full page: a modal's backdrop covers the viewport), once the dialog has settled. */
async function dialogShot(page: Page, name: string): Promise<string> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

beforeAll(async () => {
  assertBuilt();
  dataDir = await makeTempDir('commonplace-transfer-e2e-');
  browser = await launchChromium();
  serve = await startServe({ dataDir });
  app = await openApp(browser, serve);
  recordDialogs(app.page);
  await app.page.locator('[data-testid=page-tree]').waitFor({ timeout: UI_TIMEOUT_MS });
});

afterAll(async () => {
  await browser?.close();
  if (serve) expect(await serve.stop()).toBe(0);
  await removeDir(dataDir);
});

describe('Markdown import and export in the UI', () => {
  it('imports a folder through the picker and shows the report', async () => {
    const { page } = app;
    const vault = await writeVault(HOSTILE_VAULT, 'Hostile vault');
    await page.click('[data-testid=workspace-switcher]');
    const chooser = page.waitForEvent('filechooser', { timeout: UI_TIMEOUT_MS });
    await page.getByRole('menuitem', { name: 'Import Markdown folder…' }).click();
    await (await chooser).setFiles(vault);
    const report = page.locator('[data-testid=import-report]');
    await report.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await report.locator('[data-testid=report-links]').textContent()).toMatch(/^\d+ of \d+ resolved$/);
    await report.locator('[data-testid=report-unresolved] summary').click();
    await report.locator('[data-testid=report-missing-images] summary').click();
    expect(await report.locator('[data-testid=report-unresolved]').textContent()).toContain('Hostile.md → [[Nowhere at all]]');
    expect(await report.locator('[data-testid=report-missing-images]').textContent()).toContain('images/not-there.png');
    console.log('screenshot', await dialogShot(page, 'transfer-import-report'));
    await page.getByRole('button', { name: 'Close' }).click();
    await row(page, 'Hostile').waitFor({ timeout: UI_TIMEOUT_MS });
    await row(page, 'Friendly note').waitFor({ timeout: UI_TIMEOUT_MS });
    app.assertNoPageErrors();
  });

  it('opens the hostile page without running any of its script', async () => {
    const { page } = app;
    await row(page, 'Hostile').click();
    const editor = page.locator('[data-testid=editor] [contenteditable=true]');
    await editor.getByText('hover me').waitFor({ timeout: UI_TIMEOUT_MS });
    await editor.getByText('hover me').hover();
    await editor.getByText('click me').click();
    await page.waitForTimeout(500);
    expect(await pwned(page)).toBeNull();
    expect(dialogs).toEqual([]);
    const found = await page.evaluate(() => {
      const root = document.querySelector('[data-testid=editor]');
      const all = [...(root?.querySelectorAll('*') ?? [])];
      return {
        scripts: root?.querySelectorAll('script, iframe, object, embed').length ?? -1,
        handlers: all.filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length,
        jsLinks: all.filter((el) => /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? '')).length,
        literal: root?.textContent?.includes('<script>') ?? false,
      };
    });
    expect(found).toEqual({ scripts: 0, handlers: 0, jsLinks: 0, literal: true });
    console.log('screenshot', await screenshot(page, 'transfer-hostile-page'));

    // The hostile SVG, opened on its own, is served sandboxed: its script does not run.
    const src = await page.locator('[data-testid=editor] img').first().getAttribute('src');
    expect(src).toBeTruthy();
    const tab = await app.context.newPage();
    recordDialogs(tab);
    const response = await tab.goto(new URL(src as string, serve?.origin).href);
    expect(response?.headers()['content-security-policy']).toMatch(/^sandbox;/);
    await tab.waitForTimeout(500);
    await tab.close();
    expect(dialogs).toEqual([]);
    app.assertNoPageErrors();
  });

  it('exports the page as HTML that runs no script, and as Markdown', async () => {
    const { page } = app;
    const exportAs = async (label: string) => {
      await row(page, 'Hostile').hover();
      await row(page, 'Hostile').locator('[data-testid=page-row-menu]').click();
      const download = page.waitForEvent('download', { timeout: UI_TIMEOUT_MS });
      await page.getByRole('menuitem', { name: label }).click();
      const file = await download;
      const path = join(dataDir, file.suggestedFilename());
      await file.saveAs(path);
      return { name: file.suggestedFilename(), path, text: await readFile(path, 'utf8') };
    };
    const html = await exportAs('Export as HTML');
    expect(html.name).toBe('Hostile.html');
    expect(html.text).not.toMatch(/<script/i);
    const viewer = await app.context.newPage();
    recordDialogs(viewer);
    await viewer.goto(`file://${html.path}`);
    await viewer.getByText('hover me').hover();
    await viewer.waitForTimeout(300);
    expect(await pwned(viewer)).toBeNull();
    await viewer.close();
    expect(dialogs).toEqual([]);

    const md = await exportAs('Export as Markdown');
    expect(md.name).toBe('Hostile.md');
    expect(md.text).toContain('# Hostile note');
    expect(md.text).toContain('tags:');
  });

  it('re-imports a changed folder in place, and does not mistake the editor’s own writes for edits', async () => {
    const { page } = app;
    // The hostile page has been open in the editor (which may normalise its fragment): its note changes upstream.
    const changed = { ...HOSTILE_VAULT, 'Hostile.md': `${HOSTILE_VAULT['Hostile.md']}\nOne more line from upstream.\n` };
    await page.click('[data-testid=workspace-switcher]');
    const chooser = page.waitForEvent('filechooser', { timeout: UI_TIMEOUT_MS });
    await page.getByRole('menuitem', { name: 'Import Markdown folder…' }).click();
    await (await chooser).setFiles(await writeVault(changed, 'Hostile vault'));
    const report = page.locator('[data-testid=import-report]');
    await report.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await report.locator('.dialog-message').first().textContent()).toContain('1 updated, 1 unchanged');
    expect(await report.locator('[data-testid=report-overwritten]').count()).toBe(0);
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await row(page, 'Hostile').count()).toBe(1);
    await page.locator('[data-testid=editor]').getByText('One more line from upstream.').waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('exports the workspace as a vault under the data directory and says where', async () => {
    const { page } = app;
    await page.click('[data-testid=workspace-switcher]');
    await page.getByRole('menuitem', { name: 'Export as Markdown vault…' }).click();
    const report = page.locator('[data-testid=export-report]');
    await report.waitFor({ timeout: UI_TIMEOUT_MS });
    const dir = (await report.locator('[data-testid=export-dir]').textContent()) ?? '';
    expect(dir.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(existsSync(join(dir, 'Hostile.md'))).toBe(true);
    expect(await readdir(join(dir, 'attachments'))).toEqual(['evil.svg']);
    console.log('screenshot', await dialogShot(page, 'transfer-export-report'));
    await page.getByRole('button', { name: 'Close' }).click();
    app.assertNoPageErrors();
  });

  it('prints only the page', async () => {
    const { page } = app;
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('[data-testid=sidebar]').isVisible()).toBe(false);
      expect(await page.locator('[data-testid=page-view]').isVisible()).toBe(true);
      console.log('screenshot', await screenshot(page, 'transfer-print'));
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(dialogs).toEqual([]);
    expect(await pwned(page)).toBeNull();
  });
});

const VAULT = join(ROOT, '..', 'shared', 'data', 'vaults', 'obsidian-tasks-docs', 'vault');

describe.skipIf(!existsSync(VAULT))('the real vault through the browser', () => {
  it('uploads 200+ files in batches, reports, and shows imported images', { timeout: 180_000 }, async () => {
    const { page } = app;
    await page.click('[data-testid=workspace-switcher]');
    const chooser = page.waitForEvent('filechooser', { timeout: UI_TIMEOUT_MS });
    await page.getByRole('menuitem', { name: 'Import Markdown folder…' }).click();
    await (await chooser).setFiles(VAULT);
    const report = page.locator('[data-testid=import-report]');
    await report.waitFor({ timeout: 150_000 });
    expect(await report.locator('[data-testid=report-links]').textContent()).toBe('1134 of 1134 resolved');
    expect(await report.locator('[data-testid=report-images]').textContent()).toBe('112 attached, 17 missing');
    await report.locator('[data-testid=report-missing-images] summary').click();
    console.log('screenshot', await dialogShot(page, 'transfer-vault-report'));
    await page.getByRole('button', { name: 'Close' }).click();

    await row(page, 'Getting Started').locator('[aria-label=Expand]').click();
    await row(page, 'Statuses').click();
    const image = page.locator('[data-testid=editor] img[alt="Selection of checkboxes from Minimal theme"]');
    await image.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: UI_TIMEOUT_MS }).toBe(true);
    console.log('screenshot', await screenshot(page, 'transfer-vault-page'));
    app.assertNoPageErrors();
  });
});
