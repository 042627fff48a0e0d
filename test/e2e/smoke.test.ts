/**
 * Browser mode, end to end: `serve` on a temp data dir, the built renderer in Chromium. The app
 * loads, shows the first-start workspace's welcome guide in the editor, saves an edit to the
 * host's disk (it survives a restart of serve, read by a fresh browser profile with no cache), and
 * an open tab reconnects on its own when serve restarts on the same port.
 *
 * Relies on: [data-testid=page-tree], [data-testid=page-row], [data-testid=page-view],
 * [data-testid=editor] (with TipTap's contenteditable inside), [data-testid=save-status] (text
 * "Saved", data-state saved|saving|offline).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WELCOME_BLOCKS, WELCOME_TITLE } from '../../shared/model/welcome';
import {
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

const UI_TIMEOUT_MS = 20_000;
/** A heading of the welcome guide's content (not its title): seen only once the page doc synced. */
const WELCOME_SECTION =
  WELCOME_BLOCKS.flatMap((b) => (b.type === 'heading' && typeof b.text === 'string' && b.text !== WELCOME_TITLE ? [b.text] : []))[0] ?? '';

let dataDir: string;
let serve: ServeProcess | undefined;
let browser: Browser | undefined;
const apps: AppPage[] = [];

beforeAll(async () => {
  assertBuilt();
  dataDir = await makeTempDir();
  browser = await launchChromium();
  serve = await startServe({ dataDir });
});

afterEach(async (context) => {
  // Every page opened by a test: a screenshot when it failed, and no uncaught page errors ever.
  const failed = context.task.result?.state === 'fail';
  for (const [i, app] of apps.entries()) {
    if (failed) await screenshot(app.page, `failed-${context.task.name}-${i}`).catch(() => undefined);
    if (app.consoleErrors.length > 0) console.log(`console errors (${context.task.name}):\n  ${app.consoleErrors.join('\n  ')}`);
  }
  const opened = apps.splice(0);
  try {
    for (const app of opened) app.assertNoPageErrors();
  } finally {
    for (const app of opened) await app.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await removeDir(dataDir);
});

async function open(): Promise<AppPage> {
  if (!browser || !serve) throw new Error('setup failed');
  const app = await openApp(browser, serve);
  apps.push(app);
  return app;
}

const editor = (page: Page) => page.locator('[data-testid=editor]');
const editable = (page: Page) => page.locator('[data-testid=editor] [contenteditable=true]');
const saveStatus = (page: Page) => page.locator('[data-testid=save-status]');

/** Opens the welcome page from the tree (harmless if the app already shows it) and waits for its content. */
async function openWelcome(page: Page): Promise<void> {
  const row = page.locator('[data-testid=page-tree] [data-testid=page-row]', { hasText: WELCOME_TITLE });
  await row.first().click({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId('page-view').getByText(WELCOME_TITLE).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await editor(page).filter({ hasText: WELCOME_SECTION }).waitFor({ timeout: UI_TIMEOUT_MS });
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-status][data-state=saved]', { hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

describe('browser mode', () => {
  it('loads with the session token, then drops it from the address bar', async () => {
    const { page } = await open();
    await page.locator('[data-testid=page-tree]').waitFor({ timeout: UI_TIMEOUT_MS });
    const url = new URL(page.url());
    expect(url.origin).toBe(serve?.origin);
    expect(url.search).toBe('');
    expect(page.url()).not.toContain(serve?.token);
  });

  it('shows the first-start workspace’s welcome guide in the editor, saved', async () => {
    const { page } = await open();
    await openWelcome(page);
    await waitSaved(page);
    expect(WELCOME_SECTION).not.toBe('');
    await screenshot(page, 'welcome');
  });

  it('keeps an edit on the host’s disk across a restart of serve', async () => {
    const marker = `Written in Chromium ${Date.now()}`;
    const first = await open();
    await openWelcome(first.page);
    await editable(first.page).click();
    await first.page.keyboard.press('Control+End');
    await first.page.keyboard.press('Enter');
    await first.page.keyboard.type(marker);
    await editor(first.page).filter({ hasText: marker }).waitFor();
    await waitSaved(first.page);
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    await serve?.stop();
    serve = await startServe({ dataDir });
    const second = await open(); // a fresh context: no IndexedDB cache, so this comes from the host
    await openWelcome(second.page);
    await editor(second.page).filter({ hasText: marker }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(second.page, 'after-restart');
  });

  it('reconnects an open tab when serve restarts on the same port', async () => {
    const { page } = await open();
    await openWelcome(page);
    await waitSaved(page);

    const port = serve?.port;
    await serve?.stop();
    await page.locator('[data-testid=save-status][data-state=offline]').waitFor({ timeout: UI_TIMEOUT_MS });
    serve = await startServe({ dataDir, port });
    await waitSaved(page);

    // An edit made after the restart reaches the new host: another profile sees it.
    const marker = `After reconnecting ${Date.now()}`;
    await editable(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(marker);
    await waitSaved(page);
    const other = await open();
    await openWelcome(other.page);
    await editor(other.page).filter({ hasText: marker }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await saveStatus(page).textContent()).toBe('Saved');
  });
});
