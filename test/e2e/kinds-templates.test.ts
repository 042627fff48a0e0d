/**
 * Page kinds, tags and templates, end to end in browser mode (`serve` + Debian's Chromium):
 *
 * 1. "New page from template…" (sidebar button; also in the command palette) → Practice guide: the page opens with the guide's sections, kind
 *    Guide; after a reload (and in a second profile with no cache) the sections are there once.
 * 2. Kind and tags from the properties row: a built-in kind, then "Add a kind…" (a duplicate name
 *    is refused in the form), and two tags typed with comma and Enter; the tree row shows the
 *    kind's icon.
 * 3. The sidebar filter: by a tag only the matching page is listed; adding a kind that no page
 *    has shows the empty state; a click on a tag chip lists its pages.
 * 4. "Use as template" on that page, then a new page from it: same sections, kind and tags.
 * 5. The slash menu inserts a template's sections into an existing page.
 * 6. Screenshots of the template picker, the kind menu, the properties row and the filter, light
 *    and dark.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  launchChromium,
  makeTempDir,
  openApp,
  removeDir,
  RESULTS_DIR,
  screenshot,
  startServe,
  type AppPage,
  type ServeProcess,
} from './harness';

const UI_TIMEOUT_MS = 20_000;
const GUIDE_SECTIONS = ['Purpose', 'When to use', 'Steps', 'Pitfalls', 'References'];
const MEETING_SECTIONS = ['Agenda', 'Notes', 'Decisions', 'Action items'];
const GUIDE_TITLE = 'Taking soil cores';
const OTHER_TITLE = 'Water quality log';
const COPY_TITLE = 'Taking peat cores';

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
  const failed = context.task.result?.state === 'fail';
  for (const [i, app] of apps.entries()) {
    if (failed) await screenshot(app.page, `kinds-templates-failed-${i}`).catch(() => undefined);
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

async function newContext(): Promise<BrowserContext> {
  if (!browser) throw new Error('setup failed');
  // Reduced motion: popovers and dialogs appear without their animation, so screenshots are crisp.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' });
  await context.addInitScript(() => localStorage.setItem('COMMONPLACE_TEST', '1'));
  return context;
}

async function open(): Promise<AppPage> {
  if (!browser || !serve) throw new Error('setup failed');
  const app = await openApp(browser, serve, await newContext());
  apps.push(app);
  return app;
}

const treeRow = (page: Page, title: string) =>
  page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: new RegExp(`^${title}$`) });
const titleField = (page: Page) => page.locator('[data-testid=page-title]');

/** The h2 headings of the open page, as the editor renders them. */
const sections = (page: Page) => page.locator('[data-testid=editor] [contenteditable=true] h2').allTextContents();

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-status][data-state=saved]', { hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

async function openPage(page: Page, title: string): Promise<void> {
  await treeRow(page, title).first().click({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(title);
  await page.locator('[data-testid=editor] [contenteditable=true]').waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Picks a template in the picker and names the page it makes. */
async function newFromTemplate(page: Page, option: string, title: string): Promise<void> {
  await page.click('[data-testid=new-from-template]');
  await page.locator('[data-testid=template-picker]').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator(`[data-testid=template-option]${option}`).click();
  await page.locator('[data-testid=template-picker]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  await page.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(title);
  await treeRow(page, title).waitFor({ timeout: UI_TIMEOUT_MS });
}

const chips = (page: Page) => page.locator('[data-testid=page-properties] [data-testid=tag-chip]').evaluateAll((els) => els.map((el) => el.getAttribute('data-tag')));
const filteredTitles = (page: Page) => page.locator('[data-testid=filtered-row] .filtered-title').allTextContents();

/**
 * Screenshots in light and dark. `viewportOnly` for an open popover: a full-page capture resizes
 * the window, and popovers close on resize.
 */
async function bothThemes(page: Page, name: string, viewportOnly = false): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator(`html[data-theme=${scheme}]`).waitFor({ timeout: UI_TIMEOUT_MS });
    if (viewportOnly) {
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, `${name}-${scheme}.png`) });
    } else {
      await screenshot(page, `${name}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('page kinds, tags and templates', () => {
  it('makes pages from templates, sets kinds and tags, and filters the tree by them', async () => {
    const { page } = await open();
    await page.locator('[data-testid=page-tree]').waitFor({ timeout: UI_TIMEOUT_MS });

    // 1. A page from the Practice guide template.
    await page.click('[data-testid=new-from-template]');
    await page.locator('[data-testid=template-picker] [data-template=practice-guide]').waitFor({ timeout: UI_TIMEOUT_MS });
    await bothThemes(page, 'kinds-templates-picker');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=template-picker]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    // The command palette opens the same picker.
    await page.keyboard.press('Control+p');
    await page.locator('[data-testid=command-palette-input]').fill('from template');
    await page.locator('[data-testid=command-palette-item]', { hasText: 'New page from template…' }).first().click();
    await page.locator('[data-testid=template-picker]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Escape');
    await newFromTemplate(page, '[data-template=practice-guide]', GUIDE_TITLE);
    await expect.poll(() => sections(page), { timeout: UI_TIMEOUT_MS }).toEqual(GUIDE_SECTIONS);
    expect(await page.locator('[data-testid=kind-picker]').getAttribute('data-kind')).toBe('guide');
    await waitSaved(page);

    // 2. Kind: a built-in one, then one the community adds.
    await page.click('[data-testid=kind-picker]');
    await page.locator('[data-testid=kind-menu]').waitFor({ timeout: UI_TIMEOUT_MS });
    await bothThemes(page, 'kinds-templates-kind-menu', true);
    await page.locator('[data-testid=kind-option][data-kind=learning-object]').click();
    await expect.poll(() => page.locator('[data-testid=kind-picker]').getAttribute('data-kind')).toBe('learning-object');
    await page.click('[data-testid=kind-picker]');
    await page.click('[data-testid=add-kind]');
    await page.locator('[data-testid=add-kind-name]').fill('guide');
    await expect.poll(() => page.locator('[data-testid=add-kind-dialog] .field-problem').textContent()).toContain('already a kind called “Guide”');
    await page.locator('[data-testid=add-kind-name]').fill('Protocol');
    await page.locator('[data-testid=add-kind-dialog] [data-kind-color=green]').click();
    await page.click('[data-testid=add-kind-submit]');
    await expect.poll(() => page.locator('[data-testid=kind-picker]').getAttribute('data-kind')).toBe('protocol');
    expect(await page.locator('[data-testid=kind-picker]').textContent()).toContain('Protocol');
    await treeRow(page, GUIDE_TITLE).locator('.kind-icon[data-kind=protocol][data-kind-color=green]').waitFor({ timeout: UI_TIMEOUT_MS });

    // Two tags: a comma ends the first, Enter the second; Backspace in the empty field removes the last.
    await page.click('[data-testid=tag-input]');
    await page.keyboard.type('soil, Field work');
    await page.keyboard.press('Enter');
    await expect.poll(() => chips(page)).toEqual(['soil', 'Field-work']);
    await page.keyboard.type('oops');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Backspace');
    await expect.poll(() => chips(page)).toEqual(['soil', 'Field-work']);
    await page.keyboard.press('Escape');
    await bothThemes(page, 'kinds-templates-properties');

    // Another page, with another tag (completion offers the workspace's tags).
    await page.click('[data-testid=new-page]');
    await page.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.type(OTHER_TITLE);
    await page.click('[data-testid=tag-input]');
    await page.locator('[data-testid=tag-suggestions]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.type('water');
    await page.keyboard.press('Enter');
    await expect.poll(() => chips(page)).toEqual(['water']);
    await page.keyboard.press('Escape');

    // 3. Filter the tree by a tag: only the matching page.
    await page.click('[data-testid=filter-toggle]');
    await page.click('[data-testid=filter-tag]');
    await page.locator('[data-testid=filter-option][data-value=soil]').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => filteredTitles(page), { timeout: UI_TIMEOUT_MS }).toEqual([GUIDE_TITLE]);
    await expect.poll(() => page.locator('[data-testid=page-tree]').count()).toBe(0);
    await bothThemes(page, 'kinds-templates-filter');

    // A kind no matching page has: the empty state; Clear brings the tree back.
    await page.click('[data-testid=filter-kind]');
    await page.locator('[data-testid=filter-option][data-value=question]').click();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=filter-empty]', { hasText: 'No pages match these filters' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.click('[data-testid=filter-clear]');
    await treeRow(page, OTHER_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });

    // A click on a tag chip lists the pages with that tag.
    await page.locator('[data-testid=tag-chip][data-tag=water] .tag-chip-label').click();
    await expect.poll(() => filteredTitles(page), { timeout: UI_TIMEOUT_MS }).toEqual([OTHER_TITLE]);
    await page.click('[data-testid=filter-toggle]'); // hides the controls and clears
    await treeRow(page, GUIDE_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });

    // 4. Use the guide as a template, and make a page from it.
    await treeRow(page, GUIDE_TITLE).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Use as template' }).click();
    await openPage(page, GUIDE_TITLE);
    await page.locator('[data-testid=template-badge]').waitFor({ timeout: UI_TIMEOUT_MS });
    await newFromTemplate(page, `[data-template-page]`, COPY_TITLE);
    await expect.poll(() => sections(page), { timeout: UI_TIMEOUT_MS }).toEqual(GUIDE_SECTIONS);
    expect(await page.locator('[data-testid=kind-picker]').getAttribute('data-kind')).toBe('protocol');
    expect(await chips(page)).toEqual(['soil', 'Field-work']);
    expect(await page.locator('[data-testid=template-badge]').count()).toBe(0);
    await waitSaved(page);

    // 5. The slash menu puts a template's sections into a page that exists.
    await openPage(page, OTHER_TITLE);
    await titleField(page).press('Enter');
    await page.keyboard.type('/meeting');
    await page.locator('[data-testid=slash-item]').filter({ hasText: 'Meeting notes template' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Enter');
    await expect.poll(() => sections(page), { timeout: UI_TIMEOUT_MS }).toEqual(MEETING_SECTIONS);
    await waitSaved(page);

    // Reloaded, and in a profile with no cache: each template's content is there once.
    await page.reload();
    await openPage(page, GUIDE_TITLE);
    await expect.poll(() => sections(page), { timeout: UI_TIMEOUT_MS }).toEqual(GUIDE_SECTIONS);
    const second = await open();
    await second.page.locator('[data-testid=page-tree]').waitFor({ timeout: UI_TIMEOUT_MS });
    for (const title of [GUIDE_TITLE, COPY_TITLE]) {
      await openPage(second.page, title);
      await expect.poll(() => sections(second.page), { timeout: UI_TIMEOUT_MS }).toEqual(GUIDE_SECTIONS);
    }
    await openPage(second.page, OTHER_TITLE);
    await expect.poll(() => sections(second.page), { timeout: UI_TIMEOUT_MS }).toEqual(MEETING_SECTIONS);
    expect(await second.page.locator('[data-testid=kind-picker]').getAttribute('data-kind')).toBe('note');
  });
});
