/**
 * Search in the browser, against `serve`: a page found by a word from its body with Ctrl+K and
 * opened with Enter; the search view with highlighted snippets, filter chips, a count and its
 * empty state; the command palette (Ctrl+P) running a command; recent pages first in an empty
 * switcher. Screenshots under test-results/e2e/search-*.png.
 *
 * Relies on: [data-testid=new-page], [data-testid=page-title], [data-testid=editor],
 * [data-testid=save-status], and this feature's quick-switcher / command-palette / search-* ids.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useAppSuite } from './harness';

const UI_TIMEOUT_MS = 20_000;
const TITLE = 'Seed bank';
const BODY_WORD = 'amaranth';
const OTHER_TITLE = 'Greenhouse rota';

const suite = useAppSuite('search', { viewport: { width: 1280, height: 860 } });
const open = () => suite.open();

const switcher = (page: Page) => page.getByTestId('quick-switcher');
const switcherItems = (page: Page) => page.getByTestId('quick-switcher-item');
const titleValue = (page: Page) => page.getByTestId('page-title').inputValue();

async function newPage(page: Page, title: string, body: string): Promise<void> {
  await page.getByTestId('new-page').click();
  await page.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(title);
  await page.locator('[data-testid=editor] [contenteditable=true]').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter'); // from the title into the editor
  await page.keyboard.type(body);
  await page.locator('[data-testid=save-status][data-state=saved]').waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Ctrl+K, then the text; resolves once the switcher lists a page with `title`. */
async function findWithSwitcher(page: Page, text: string, title: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await switcher(page).waitFor({ timeout: UI_TIMEOUT_MS });
  const input = page.getByTestId('quick-switcher-input');
  await input.fill(text);
  // The host indexes an edit a moment after it is saved: until then, ask again (a changed text).
  await expect
    .poll(
      async () => {
        // Search hits, not the recent pages still listed until the host's answer arrives.
        const hits = switcherItems(page).filter({ hasNot: page.locator('.picker-item-note', { hasText: 'Recent' }) });
        const titles = await hits.locator('.picker-item-title').allTextContents();
        if (!titles.includes(title)) {
          await input.fill(`${text} `);
          await input.fill(text);
        }
        return titles;
      },
      { timeout: UI_TIMEOUT_MS, interval: 250 },
    )
    .toContain(title);
}

describe('search', () => {
  it('finds a page by a word from its body with Ctrl+K, opens it, and shows highlighted results', async () => {
    const { page } = await open();
    await page.getByTestId('new-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await newPage(page, TITLE, `We keep the quinoa and ${BODY_WORD} seeds in glass jars, labelled by harvest.`);
    await newPage(page, OTHER_TITLE, 'Watering the tomatoes every morning before nine.');

    // Ctrl+K with nothing typed: recent pages first, the one open now at the top.
    await page.keyboard.press('Control+k');
    await switcher(page).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => switcherItems(page).first().locator('.picker-item-title').textContent()).toBe(OTHER_TITLE);
    expect(await switcherItems(page).nth(1).textContent()).toContain(TITLE);
    await page.keyboard.press('Escape');
    await switcher(page).waitFor({ state: 'detached' });

    // A word from the body finds the page; Enter opens it.
    await findWithSwitcher(page, BODY_WORD, TITLE);
    const item = switcherItems(page).filter({ hasText: TITLE });
    expect(await item.textContent()).toContain('In text');
    await screenshot(page, 'search-quick-switcher');
    await page.keyboard.press('Enter');
    await switcher(page).waitFor({ state: 'detached' });
    await expect.poll(() => titleValue(page), { timeout: UI_TIMEOUT_MS }).toBe(TITLE);

    // Fuzzy title match: letters in order.
    await findWithSwitcher(page, 'grnhs', OTHER_TITLE);
    await page.keyboard.press('Escape');

    // Ctrl+Enter: the search view, with the match highlighted in a snippet.
    await findWithSwitcher(page, BODY_WORD, TITLE);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('search-view').waitFor({ timeout: UI_TIMEOUT_MS });
    const result = page.getByTestId('search-result').filter({ hasText: TITLE });
    await result.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await result.getByTestId('search-snippet').locator('mark').allTextContents()).toEqual([BODY_WORD]);
    expect(await page.getByTestId('search-count').textContent()).toBe(`1 page matches “${BODY_WORD}”`);
    expect(page.url()).toContain(`/search?q=${BODY_WORD}`);
    await screenshot(page, 'search-view');

    // Filters: a kind chip narrows (and widens back); another kind has nothing.
    await page.getByTestId('search-input').fill('seeds');
    await expect.poll(() => page.getByTestId('search-result').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThanOrEqual(1);
    const noteChip = page.getByTestId('search-chip-kinds').filter({ hasText: 'Note' });
    await noteChip.click();
    await expect.poll(() => noteChip.getAttribute('aria-pressed')).toBe('true');
    expect(page.url()).toContain('kind=note');
    await expect.poll(() => page.getByTestId('search-result').filter({ hasText: TITLE }).count()).toBe(1);
    await noteChip.click();
    const guideChip = page.getByTestId('search-chip-kinds').filter({ hasText: 'Guide' });
    await guideChip.click();
    await expect.poll(() => page.getByTestId('search-result').filter({ hasText: TITLE }).count()).toBe(0);
    await guideChip.click();

    // The empty state.
    await page.getByTestId('search-input').fill('xylophonequartz');
    await page.getByTestId('search-empty').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('search-empty').textContent()).toContain('No pages match');

    // Clicking a result opens the page.
    await page.getByTestId('search-input').fill(BODY_WORD);
    await result.click();
    await expect.poll(() => titleValue(page), { timeout: UI_TIMEOUT_MS }).toBe(TITLE);
  });

  it('runs commands from the palette (Ctrl+P), each listed with its shortcut', async () => {
    const { page } = await open();
    await page.getByTestId('new-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Control+p');
    const palette = page.getByTestId('command-palette');
    await palette.waitFor({ timeout: UI_TIMEOUT_MS });
    const items = page.getByTestId('command-palette-item');
    expect(await items.count()).toBeGreaterThanOrEqual(6);
    expect(await items.filter({ hasText: 'New page' }).locator('kbd').allTextContents()).toEqual(['Ctrl', 'N']);
    await page.getByTestId('command-palette-input').fill('trsh');
    await expect.poll(() => items.first().textContent()).toContain('Open trash');
    await screenshot(page, 'search-command-palette');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await page.getByTestId('trash-view').waitFor({ timeout: UI_TIMEOUT_MS });

    await page.keyboard.press('Control+p');
    await page.getByTestId('command-palette-input').fill('zzzz');
    await page.getByTestId('command-palette-empty').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('command-palette-empty').textContent()).toBe('No commands match');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
  });
});
