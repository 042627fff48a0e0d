/**
 * Wiki links and backlinks, end to end in browser mode (`serve` + Debian's Chromium), the
 * links part of issue 4's first acceptance item:
 *
 * 1. Create three pages from the UI and link them by typing `[[` and choosing from the menu
 *    (Enter, and a click), plus one link that creates its page from the menu.
 * 2. Follow a link by clicking it; rename the target: the link keeps its page id and shows the
 *    new title, and the backlinks panel of the target lists the source with the paragraph
 *    around the link, the new title highlighted.
 * 3. Unlinked mentions: a plain-text mention of the title is listed and one click links it.
 * 4. The backlinks survive a host restart (the index is rebuilt from disk).
 * 5. A link to a trashed page looks different and says "In trash"; to a page deleted forever,
 *    "Page not found"; an unresolved one shows its raw target. Enter on a selected link and a
 *    click on a trashed one open the page; `[[Title]]` typed in full becomes a link. Screenshots of the page with
 *    these links (and a callout and a page embed) and of the backlinks panel, light and dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useAppSuite } from './harness';

const UI_TIMEOUT_MS = 20_000;
const SOIL = 'Soil sampling';
const SOIL_RENAMED = 'Soil sampling protocol';
const GUIDE = 'Field guide';
const SAFETY = 'Lab safety';
const WEATHER = 'Weather log';

const suite = useAppSuite('links', { viewport: { width: 1280, height: 900 } });
const open = () => suite.open();

const content = (page: Page) => page.locator('[data-testid=editor] [contenteditable]').first();
const row = (page: Page, title: string) =>
  page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: new RegExp(`^${title}$`) });
const titleField = (page: Page) => page.locator('[data-testid=page-title]');
const wikiLinks = (page: Page) => page.locator('[data-testid=editor] [data-testid=wiki-link]');
const backlinks = (page: Page) => page.locator('[data-testid=backlinks] [data-testid=backlink]');

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-status][data-state=saved]', { hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

async function newPage(page: Page, title: string): Promise<void> {
  await page.click('[data-testid=new-page]');
  await page.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(title);
  await row(page, title).waitFor({ timeout: UI_TIMEOUT_MS });
  await content(page).waitFor({ timeout: UI_TIMEOUT_MS });
}

async function openPage(page: Page, title: string): Promise<void> {
  await row(page, title).first().click({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(title);
  await content(page).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Puts the caret at the end of the page's text. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await content(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

interface LinkJson {
  type: string;
  attrs?: { pageId: string | null; target: string; label: string | null; heading: string | null };
  content?: LinkJson[];
}

/** The wiki links of the open page's document, through the editor's test hook. */
async function linksInDoc(page: Page): Promise<NonNullable<LinkJson['attrs']>[]> {
  const json = (await page.evaluate(() => {
    const hook = (window as unknown as { __commonplaceTest?: { editor?: { getJSON(): unknown } | null } }).__commonplaceTest;
    if (!hook?.editor) throw new Error('no active editor');
    return hook.editor.getJSON();
  })) as LinkJson;
  const found: NonNullable<LinkJson['attrs']>[] = [];
  const walk = (node: LinkJson) => {
    if (node.type === 'wikiLink' && node.attrs) found.push(node.attrs);
    node.content?.forEach(walk);
  };
  walk(json);
  return found;
}

const pageIdOf = async (page: Page) => (await page.locator('[data-testid=page-view]').getAttribute('data-page-id')) ?? '';

describe('wiki links and backlinks', () => {
  it('links pages with [[, survives a rename, lists backlinks with context, links a mention', async () => {
    const { page } = await open();
    await page.locator('[data-testid=page-tree]').waitFor({ timeout: UI_TIMEOUT_MS });

    // 1. Three pages, linked with [[.
    await newPage(page, SOIL);
    const soilId = await pageIdOf(page);
    await newPage(page, SAFETY);
    const safetyId = await pageIdOf(page);
    await newPage(page, GUIDE);
    const guideId = await pageIdOf(page);
    await page.keyboard.press('Enter'); // from the title into the editor
    await page.keyboard.type('Before going out, read [[soil');
    const menu = page.locator('[data-testid=wiki-link-menu]');
    await menu.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => menu.locator('[data-testid=wiki-link-item]').first().textContent()).toContain(SOIL);
    await page.keyboard.press('Enter');
    await expect.poll(() => menu.count()).toBe(0);
    await page.keyboard.type('and [[');
    await expect.poll(() => menu.locator('[data-testid=wiki-link-item]').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(1);
    await screenshot(page, 'links-menu-light');
    await page.keyboard.type('lab s');
    await menu.locator('[data-testid=wiki-link-item]', { hasText: SAFETY }).click();
    await page.keyboard.type('first. Log it in [[Weather log');
    const create = menu.locator('[data-testid=wiki-link-item][data-kind=create]');
    await expect.poll(() => create.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(`Create page “${WEATHER}”`);
    await page.keyboard.press('ArrowUp'); // the create item is the last one: wrap to it from the first
    await page.keyboard.press('Enter');
    await row(page, WEATHER).waitFor({ timeout: UI_TIMEOUT_MS });
    await waitSaved(page);
    const weatherId = (await linksInDoc(page))[2]?.pageId;
    expect(await linksInDoc(page)).toEqual([
      { pageId: soilId, target: SOIL, label: null, heading: null },
      { pageId: safetyId, target: SAFETY, label: null, heading: null },
      { pageId: expect.stringMatching(/^[0-9a-f]{32}$/), target: WEATHER, label: null, heading: null },
    ]);
    expect(await wikiLinks(page).allTextContents()).toEqual([SOIL, SAFETY, WEATHER]);
    expect(await content(page).textContent()).toContain('Before going out, read Soil sampling and Lab safety first.');

    // 2. Follow the link; rename the target; the link still resolves and shows the new title.
    await wikiLinks(page).first().click();
    await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(SOIL);
    await titleField(page).click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type(SOIL_RENAMED);
    await row(page, SOIL_RENAMED).waitFor({ timeout: UI_TIMEOUT_MS });

    // ... and its backlinks panel lists the source with the paragraph around the link.
    await expect.poll(() => backlinks(page).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await page.locator('[data-testid=backlinks-heading]').textContent()).toBe('Linked from 1 page');
    expect(await backlinks(page).locator('[data-testid=backlink-source]').textContent()).toBe(GUIDE);
    const context = backlinks(page).locator('[data-testid=backlink-context]');
    await expect.poll(() => context.locator('mark').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(SOIL_RENAMED);
    expect(await context.textContent()).toBe(`Before going out, read ${SOIL_RENAMED} and ${SAFETY} first. Log it in ${WEATHER}`);

    await backlinks(page).locator('[data-testid=backlink-source]').click();
    await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(GUIDE);
    await expect.poll(() => wikiLinks(page).first().textContent(), { timeout: UI_TIMEOUT_MS }).toBe(SOIL_RENAMED);
    expect((await linksInDoc(page))[0]).toEqual({ pageId: soilId, target: SOIL, label: null, heading: null });
    expect(await wikiLinks(page).first().getAttribute('data-state')).toBe('live');

    // Enter on a selected link opens it too.
    await page.evaluate(() => {
      type Ed = { state: { doc: { descendants(f: (n: { type: { name: string } }, pos: number) => boolean | void): void } }; commands: { setNodeSelection(pos: number): boolean; focus(): boolean } };
      const editor = (window as unknown as { __commonplaceTest: { editor: Ed } }).__commonplaceTest.editor;
      let at = -1;
      editor.state.doc.descendants((node, pos) => {
        if (at < 0 && node.type.name === 'wikiLink') at = pos;
        return at < 0;
      });
      editor.commands.focus();
      editor.commands.setNodeSelection(at);
    });
    // TipTap focuses the view on the next frame: press Enter only once the editor has the focus.
    await expect.poll(() => content(page).evaluate((el) => el === document.activeElement || el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(SOIL_RENAMED);
    await page.goBack();
    await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(GUIDE);
    await content(page).waitFor({ timeout: UI_TIMEOUT_MS });

    // 3. An unlinked mention, linked with one click.
    await openPage(page, SAFETY);
    await typeAtEnd(page, `Always label vials as the ${SOIL_RENAMED.toLowerCase()} says.`);
    await waitSaved(page);
    await openPage(page, SOIL_RENAMED);
    await page.click('[data-testid=mentions-toggle]');
    const mention = page.locator('[data-testid=mention]');
    await expect.poll(() => mention.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await mention.locator('[data-testid=backlink-source]').textContent()).toBe(SAFETY);
    expect(await mention.locator('mark').textContent()).toBe(SOIL_RENAMED.toLowerCase());
    await mention.locator('[data-testid=mention-link]').click();
    await expect.poll(() => mention.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    await expect.poll(() => backlinks(page).count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    expect(await backlinks(page).locator('[data-testid=backlink-source]').allTextContents()).toEqual([GUIDE, SAFETY]);
    await openPage(page, SAFETY);
    await expect.poll(() => linksInDoc(page), { timeout: UI_TIMEOUT_MS }).toEqual([
      { pageId: soilId, target: SOIL_RENAMED, label: SOIL_RENAMED.toLowerCase(), heading: null },
    ]);

    // 4. A host restart: the index is rebuilt from disk.
    await suite.restart();
    await page.reload();
    await openPage(page, SOIL_RENAMED);
    await expect.poll(() => backlinks(page).count(), { timeout: UI_TIMEOUT_MS }).toBe(2);

    // 5. Links to a trashed page, a page deleted forever, an unresolved target.
    await row(page, SAFETY).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Move to trash' }).click();
    await row(page, WEATHER).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Move to trash' }).click();
    await page.click('[data-testid=open-trash]');
    await page.locator('[data-testid=trash-row]', { hasText: WEATHER }).locator('[data-testid=trash-delete]').click();
    await page.locator('dialog').getByRole('button', { name: 'Delete forever' }).click();
    await expect.poll(() => page.locator('[data-testid=trash-row]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await openPage(page, GUIDE);
    await page.evaluate((soilId) => {
      const hook = (window as unknown as { __commonplaceTest: { editor: { commands: { insertContentAt(pos: number, content: unknown): boolean }; state: { doc: { content: { size: number } } } } } })
        .__commonplaceTest;
      const end = hook.editor.state.doc.content.size;
      hook.editor.commands.insertContentAt(end, [
        { type: 'paragraph', content: [{ type: 'text', text: 'An imported link that never resolved: ' }, { type: 'wikiLink', attrs: { pageId: null, target: 'Equipment list' } }] },
        {
          type: 'callout',
          attrs: { kind: 'warning', title: 'Check the <b>weather</b> first', folded: false },
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Storms make samples useless.' }] }],
        },
        { type: 'embed', attrs: { pageId: soilId, target: 'Soil sampling#Depth' } },
        { type: 'paragraph', content: [{ type: 'text', text: 'Ask before changing the soil sampling protocol.' }] },
      ]);
    }, soilId);
    await waitSaved(page);
    const states = async () =>
      wikiLinks(page).evaluateAll((links) => links.map((l) => [l.textContent, l.getAttribute('data-state'), l.getAttribute('title')]));
    await expect.poll(states, { timeout: UI_TIMEOUT_MS }).toEqual([
      [SOIL_RENAMED, 'live', `Open “${SOIL_RENAMED}”`],
      [SAFETY, 'trashed', `In trash: “${SAFETY}”`],
      [WEATHER, 'missing', 'Page not found'],
      ['Equipment list', 'unresolved', 'No page “Equipment list” (the link did not resolve)'],
    ]);
    expect(weatherId).toMatch(/^[0-9a-f]{32}$/);
    // The callout's title is text, not markup.
    expect(await page.locator('[data-testid=callout] .cp-callout__title').textContent()).toBe('Check the <b>weather</b> first');
    expect(await page.locator('[data-testid=callout] b').count()).toBe(0);
    await page.locator('[data-testid=callout-toggle]').click();
    expect(await page.locator('[data-testid=callout] .cp-callout__body').isHidden()).toBe(true);
    await page.locator('[data-testid=callout-toggle]').click();

    // The trashed link still opens its page (read-only, with the trash banner).
    await wikiLinks(page).nth(1).click();
    await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(SAFETY);
    await page.goBack();
    await expect.poll(() => titleField(page).inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(GUIDE);

    // Screenshots: the page with its links, and the backlinks panel; light and dark.
    await page.mouse.move(1200, 880);
    await screenshot(page, 'links-page-light');
    await openPage(page, SOIL_RENAMED);
    // A link typed out in full, `[[Title]]`, becomes a link too.
    await typeAtEnd(page, `Read the [[${GUIDE}]]`);
    await expect.poll(() => wikiLinks(page).allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual([GUIDE]);
    expect((await linksInDoc(page))[0]).toMatchObject({ pageId: guideId, target: GUIDE });
    await page.keyboard.type(' first.');
    await waitSaved(page);
    await page.click('[data-testid=mentions-toggle]');
    await expect.poll(() => page.locator('[data-testid=mention]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await backlinks(page).locator('[data-testid=backlink-source]').allTextContents()).toEqual([GUIDE]); // not the trashed page
    await page.mouse.move(1200, 880);
    await screenshot(page, 'links-backlinks-light');
    await page.keyboard.press('Control+Shift+L');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'links-backlinks-dark');
    await openPage(page, GUIDE);
    await page.mouse.move(1200, 880);
    await screenshot(page, 'links-page-dark');
  });
});
