/**
 * Catch-up progress on screen (issue 3, point 8): a host that joins pulls every page, and its
 * header badge says so — "Syncing 640 / 3,031 pages" — until it reads "Synced with 1 peer";
 * afterwards every page reads with the other host gone.
 *
 * 1. A's data directory gets a vault of 3,000 one-line notes in 30 folders, imported with the CLI
 *    (`npm run cli -- import`) before A's `serve` starts. With 2,000 the count showed for only
 *    0.5–1.5 s on an idle machine (the host tells renderers at most every 250 ms): 3,000 leaves
 *    the watcher a margin.
 * 2. B (`serve --peer-address <A's signaling>`, discovery off, loopback) joins by the short code
 *    Ana makes in A's share dialog. A requestAnimationFrame watcher in Ben's page records every
 *    text the badge shows; the test waits (rAF polling) for "Syncing n / total pages" with
 *    0 < n < total and saves a screenshot while it shows (best effort: the text seen is logged).
 * 3. B's search finds every note's text; the badge ends at "Synced with 1 peer"; B's sidebar
 *    holds the folders and their notes.
 * 4. A stops; Ben opens a note he never opened and reads its text from B's own replica.
 *
 * Screenshots: test-results/e2e/catch-up-progress-b.png (and -b-dark.png, the same moment in the
 * dark theme), catch-up-done-b.png, catch-up-offline-b.png.
 * Own hooks (not useTwoHosts): A's data must be imported before A's serve starts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectBridge } from '../../electron/host/serve/bridge-call';
import { DEFAULT_WORKSPACE_NAME } from '../../electron/host/host';
import { runCli } from '../integration/fixtures/cli';
import { assertBuilt, launchChromium, makeTempDir, openApp, removeDir, screenshot, startServe, type AppPage, type ServeProcess } from './harness';
import { goToWorkspace, signalingAddress } from './two-host-fixture';

const FOLDERS = 30;
const NOTES_PER_FOLDER = 100;
const NOTES = FOLDERS * NOTES_PER_FOLDER;
const WORKSPACE = 'Field station';
const ANA = 'Ana';
const BEN = 'Ben';
const VIEWPORT = { width: 1280, height: 800 };
const UI_TIMEOUT_MS = 30_000;
/** The import takes a few seconds; catch-up, a few more on a busy machine. */
const IMPORT_TIMEOUT_MS = 90_000;
const CATCH_UP_TIMEOUT_MS = 90_000;
/** describePageSync's words while catching up (renderer/src/session/sync-view.ts). */
const SYNCING = /^Syncing ([\d,.\s]+) \/ ([\d,.\s]+) pages$/;
/** A word in every note's text, and in nothing else. */
const SEARCH_WORD = 'kettle';

const folderName = (f: number) => `Site ${String(f).padStart(2, '0')}`;
const noteNumber = (f: number, n: number) => String((f - 1) * NOTES_PER_FOLDER + n).padStart(4, '0');
const noteTitle = (number: string) => `Field note ${number}`;
const noteText = (number: string) => `Observation ${number}: the kettle boiled at 92 degrees on the ridge.`;

let dirs: string[] = [];
let hostA: ServeProcess | undefined;
let hostB: ServeProcess | undefined;
let aStopped = false;
let browser: Browser | undefined;
let workspaceId = '';
const apps: AppPage[] = [];

/** Writes the vault: FOLDERS folders of NOTES_PER_FOLDER one-line notes (a folder at a time: no EMFILE). */
async function writeNotes(root: string): Promise<void> {
  for (let f = 1; f <= FOLDERS; f++) {
    const folder = join(root, folderName(f));
    await mkdir(folder, { recursive: true });
    await Promise.all(
      Array.from({ length: NOTES_PER_FOLDER }, (_, i) => {
        const number = noteNumber(f, i + 1);
        return writeFile(join(folder, `${noteTitle(number)}.md`), `${noteText(number)}\n`);
      }),
    );
  }
}

async function openOn(serve: ServeProcess): Promise<AppPage> {
  if (!browser) throw new Error('setup failed: no browser');
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(() => localStorage.setItem('COMMONPLACE_TEST', '1'));
  const app = await openApp(browser, serve, context);
  apps.push(app);
  return app;
}

const started = (serve: ServeProcess | undefined) => {
  if (!serve) throw new Error('setup failed: the hosts did not start');
  return serve;
};

beforeAll(async () => {
  assertBuilt();
  dirs = [await makeTempDir('cp-e2e-catch-up-a-'), await makeTempDir('cp-e2e-catch-up-b-'), await makeTempDir('cp-e2e-catch-up-vault-')];
  const [dataA, dataB, vaultDir] = dirs as [string, string, string];
  const vault = join(vaultDir, 'Field notes');

  // The import (a few seconds) runs while Chromium starts. Into the workspace A's first start
  // creates, so A has one workspace: its welcome page plus the folders and notes.
  const importing = (async () => {
    let t = Date.now();
    await writeNotes(vault);
    const written = Date.now() - t;
    t = Date.now();
    const run = await runCli(['import', vault, '--data', dataA, '--workspace', DEFAULT_WORKSPACE_NAME, '--json']);
    if (run.code !== 0) throw new Error(`cli import failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
    const report = run.json<{ notes: number; created: number }>();
    console.log(`wrote ${NOTES} notes in ${written} ms; cli import: ${report.notes} notes, ${report.created} new pages in ${Date.now() - t} ms`);
    expect(report.notes).toBe(NOTES);
  })();
  const [launched] = await Promise.all([launchChromium(), importing]);
  browser = launched;

  hostA = await startServe({ dataDir: dataA });
  hostB = await startServe({ dataDir: dataB, args: ['--peer-address', signalingAddress(hostA)] });

  const bridge = await connectBridge(hostA.port, hostA.token);
  try {
    await bridge.call('app', 'setProfile', { name: ANA });
    const list = await bridge.call<Array<{ id: string }>>('workspaces', 'list');
    expect(list).toHaveLength(1);
    workspaceId = list[0]?.id ?? '';
    await bridge.call('workspaces', 'rename', { workspaceId, name: WORKSPACE });
  } finally {
    bridge.close();
  }
}, IMPORT_TIMEOUT_MS + 30_000);

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  for (const [i, app] of apps.entries()) await screenshot(app.page, `catch-up-progress-failed-${i}`).catch(() => undefined);
});

afterAll(async () => {
  try {
    for (const app of apps) app.assertNoPageErrors();
  } finally {
    await browser?.close();
    await Promise.all([aStopped ? null : hostA?.stop(), hostB?.stop()]);
    await Promise.all(dirs.map((dir) => removeDir(dir)));
  }
});

const badge = (page: Page) => page.locator('[data-testid=sync-badge]');
const row = (page: Page, title: string) => page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: title });
/** The editor's text without remote caret labels (they are DOM inside the paragraph). */
const editorText = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-testid=editor] [contenteditable]');
    if (!root) return '';
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((el) => el.remove());
    return copy.textContent ?? '';
  });

/**
 * Records, every animation frame, each new text of the sync badge and how many rows the sidebar
 * shows (with ms since the start), in `window.__badgeSeen`: what a member could have seen,
 * however briefly it showed.
 */
async function watchBadge(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Array<{ text: string; rows: number; at: number }> = [];
    (window as unknown as { __badgeSeen: typeof seen }).__badgeSeen = seen;
    const start = performance.now();
    const look = () => {
      const text = document.querySelector('[data-testid=sync-badge]')?.textContent?.trim() ?? '(no badge)';
      const rows = document.querySelectorAll('[data-testid=page-tree] [data-testid=page-row]').length;
      const last = seen.at(-1);
      if (last?.text !== text || last.rows !== rows) seen.push({ text, rows, at: Math.round(performance.now() - start) });
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}

const badgeSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { __badgeSeen: Array<{ text: string; rows: number; at: number }> }).__badgeSeen);

/**
 * Searches B's workspace for `word` from the search view (asked afresh each call) and returns how
 * many pages its count line says match.
 */
async function searchCount(page: Page, word: string): Promise<number> {
  const input = page.getByTestId('search-input');
  await input.fill('');
  await input.fill(word);
  const line = await page.getByTestId('search-count').filter({ hasText: `“${word}”` }).textContent({ timeout: UI_TIMEOUT_MS });
  return Number((line ?? '').split(' ')[0]?.replace(/\D/g, ''));
}

/** Parses "Syncing 1,234 / 3,031 pages" (any grouping separator) into numbers, or null. */
function parseSyncing(text: string): { done: number; total: number } | null {
  const match = SYNCING.exec(text);
  if (!match) return null;
  const number = (s: string | undefined) => Number((s ?? '').replace(/\D/g, ''));
  return { done: number(match[1]), total: number(match[2]) };
}

describe(`a host joining a ${NOTES.toLocaleString('en')}-page workspace`, () => {
  let ana: AppPage;
  let ben: AppPage;

  it('shows "Syncing n / total pages" while it catches up, then "Synced with 1 peer"', async () => {
    ana = await openOn(started(hostA));
    ben = await openOn(started(hostB));

    // Ana makes an invite code in the share dialog.
    await row(ana.page, folderName(1)).waitFor({ timeout: UI_TIMEOUT_MS });
    await ana.page.locator('[data-testid=open-share]').click();
    await ana.page.locator('[data-testid=create-invite]').click();
    const code = (await ana.page.locator('[data-testid=invite-code]').textContent({ timeout: UI_TIMEOUT_MS }))?.trim() ?? '';
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await ana.page.locator('[data-testid=share-dialog] button[type=submit]').click();

    // Ben types it in "Join a workspace"; the badge is watched from before he submits.
    await ben.page.locator('[data-testid=workspace-switcher]').click();
    await ben.page.getByRole('menuitem', { name: 'Join a workspace…' }).click();
    await ben.page.locator('[data-testid=join-invite]').fill(code);
    await ben.page.locator('[data-testid=join-name]').fill(BEN);
    await watchBadge(ben.page);
    const midway = ben.page.waitForFunction(
      (pattern) => {
        const text = document.querySelector('[data-testid=sync-badge]')?.textContent?.trim() ?? '';
        const match = new RegExp(pattern).exec(text);
        if (!match) return null;
        const done = Number((match[1] ?? '').replace(/\D/g, ''));
        const total = Number((match[2] ?? '').replace(/\D/g, ''));
        return done > 0 && done < total ? text : null;
      },
      SYNCING.source,
      { polling: 'raf', timeout: CATCH_UP_TIMEOUT_MS },
    );
    const joinedAt = Date.now();
    await ben.page.locator('[data-testid=join-submit]').click();

    // Midway: "Syncing n / total pages", 0 < n < total, on screen.
    const caught = String(await (await midway).jsonValue());
    const badgeText = async () => (await badge(ben.page).textContent())?.trim() ?? '';
    await screenshot(ben.page, 'catch-up-progress-b');
    const afterLight = await badgeText();
    // The same moment in the dark theme (the app follows the system's when left on "system").
    await ben.page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => ben.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(ben.page, 'catch-up-progress-b-dark');
    const afterDark = await badgeText();
    await ben.page.emulateMedia({ colorScheme: 'light' });
    console.log(
      `midway badge: "${caught}" (${Date.now() - joinedAt} ms after join); after the light screenshot: "${afterLight}"; after the dark one: "${afterDark}"`,
    );
    const progress = parseSyncing(caught);
    expect(progress).not.toBeNull();
    expect(progress?.done).toBeGreaterThan(0);
    expect(progress?.done).toBeLessThan(progress?.total ?? 0);
    expect(await badge(ben.page).getAttribute('data-state').catch(() => null)).not.toBe('stalled');

    // The end: every note's text is on B (its search finds them all) and the badge says
    // "Synced with 1 peer".
    await goToWorkspace(ben.page, workspaceId);
    await expect.poll(() => ben.page.locator('[data-testid=workspace-switcher]').textContent(), { timeout: UI_TIMEOUT_MS }).toContain(WORKSPACE);
    await ben.page.evaluate((hash) => (location.hash = hash), `#/${workspaceId}/search?q=${SEARCH_WORD}`);
    await ben.page.getByTestId('search-view').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => searchCount(ben.page, SEARCH_WORD), { timeout: CATCH_UP_TIMEOUT_MS, interval: 250 }).toBe(NOTES);
    await expect.poll(async () => (await badge(ben.page).textContent())?.trim(), { timeout: CATCH_UP_TIMEOUT_MS }).toBe('Synced with 1 peer');
    console.log(`every note on B and "Synced with 1 peer" ${Date.now() - joinedAt} ms after join`);

    // Everything the badge said, in order. It never said "Synced" before the end: not while the
    // workspace doc and digests were on their way ("Syncing…"), nor midway. Its count knew the
    // total from the start (pages not compared yet included) and only went up.
    const seen = await badgeSeen(ben.page);
    console.log(`badge on B (ms since the watcher started):\n  ${seen.map((s) => `${s.at} ms: ${s.text} (${s.rows} sidebar rows)`).join('\n  ')}`);
    const counts = seen.map((s) => parseSyncing(s.text)).filter((p) => p !== null);
    expect(counts.length).toBeGreaterThan(0);
    const lastCount = seen.findLastIndex((s) => parseSyncing(s.text) !== null);
    expect(seen.slice(0, lastCount).filter((s) => s.text.startsWith('Synced'))).toEqual([]);
    for (const p of counts) expect(p.total).toBe(counts[0]?.total);
    expect(counts[0]?.total).toBeGreaterThanOrEqual(NOTES);
    for (const [i, p] of counts.entries()) expect(p.done).toBeGreaterThanOrEqual(counts[i - 1]?.done ?? 0);
    expect(seen.at(-1)?.text).toBe('Synced with 1 peer');
  });

  it("B's sidebar holds the folders and their notes", async () => {
    // Every folder, beside A's welcome page.
    for (let f = 1; f <= FOLDERS; f++) await row(ben.page, folderName(f)).waitFor({ timeout: UI_TIMEOUT_MS });
    // Two folders opened: all their notes are there, first and last spot-checked by title.
    for (const f of [7, FOLDERS]) {
      await row(ben.page, folderName(f)).getByRole('button', { name: 'Expand' }).click();
      await row(ben.page, noteTitle(noteNumber(f, NOTES_PER_FOLDER))).waitFor({ timeout: UI_TIMEOUT_MS });
      await row(ben.page, noteTitle(noteNumber(f, 1))).waitFor({ timeout: UI_TIMEOUT_MS });
    }
    const rows = ben.page.locator('[data-testid=page-tree] [data-testid=page-row][aria-level="2"]');
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT_MS }).toBe(2 * NOTES_PER_FOLDER);
    await expect.poll(async () => (await badge(ben.page).textContent())?.trim(), { timeout: UI_TIMEOUT_MS }).toBe('Synced with 1 peer');
    await ben.page.locator('[data-testid=page-tree]').evaluate((tree) => tree.closest('.sidebar-scroll')?.scrollTo(0, 0)); // Site 07 opened, from the top
    await ben.page.mouse.move(760, 790); // no hover left on a row
    await screenshot(ben.page, 'catch-up-done-b');
  });

  it('with A gone, B opens a note it never opened and reads its text', async () => {
    await started(hostA).stop();
    aStopped = true;
    await expect.poll(async () => (await badge(ben.page).textContent())?.trim(), { timeout: UI_TIMEOUT_MS }).toBe('No peers connected');

    const number = noteNumber(7, 42);
    await row(ben.page, noteTitle(number)).click();
    await expect.poll(() => editorText(ben.page), { timeout: UI_TIMEOUT_MS }).toContain(noteText(number));
    expect(await ben.page.locator('[data-testid=page-title]').inputValue()).toBe(noteTitle(number));
    await screenshot(ben.page, 'catch-up-offline-b');
  });
});
