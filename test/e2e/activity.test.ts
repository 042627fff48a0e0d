/**
 * Activity, profiles and Start here, end to end: two members on two hosts (two `serve`
 * processes with their own data directories, syncing over WebRTC on loopback, discovery off; a
 * browser context on each: two-host-fixture.ts), as in two-hosts.test.ts.
 *
 * 1. Ana (the workspace's creator, a steward) writes three pages, pins one as Start here from the
 *    page menu and marks another as a good first contribution. She is no newcomer: no Start here
 *    section for her.
 * 2. Ben joins by invite code. As a newcomer he lands on the pinned page, once (going home again
 *    stays home), and sees Start here in the sidebar; as a contributor his page menu offers no pin (disabled, saying why).
 * 3. Ben comments on the pinned page, edits another, asks a question; Ana answers; Ben accepts.
 * 4. Ana's sidebar counts what Ben did; her Activity view shows it all, Ben's items marked new;
 *    after viewing, the markers and the count are gone. Ben's profile shows his counts.
 * Screenshots (light and dark) under test-results/e2e/: activity-*, profile-*, start-here-*.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectBridge } from '../../electron/host/serve/bridge-call';
import { screenshot, type AppPage } from './harness';
import { joinByCode, useTwoHosts } from './two-host-fixture';

const UI_TIMEOUT_MS = 30_000;
/** Edit records are written within 15 s of the edit (host/activity/edit-recorder.ts), then synced. */
const ACTIVITY_TIMEOUT_MS = 45_000;
const WORKSPACE = 'Field station';
const QUESTION = 'Which corer do we use?';

const hosts = useTwoHosts('activity', { viewport: { width: 1280, height: 860 } });
let ana: AppPage;
let ben: AppPage;
let workspaceId = '';

const editor = (page: Page) => page.locator('[data-testid=editor] [contenteditable=true]').first();
const row = (page: Page, title: string) => page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: title });
const items = (page: Page) => page.locator('[data-testid=activity-view] [data-testid=activity-item]');
const itemTexts = async (page: Page) => (await items(page).locator('.activity-text').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-status][data-state=saved]', { hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Creates a page (from the sidebar, or the button given), titles it and types a paragraph. */
async function writePage(page: Page, title: string, text: string, button = '[data-testid=new-page]'): Promise<void> {
  await page.click(button);
  await page.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(title);
  await editor(page).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
  await waitSaved(page);
}

/** Opens a tree row's menu and picks an entry. */
async function menu(page: Page, title: string, entry: string): Promise<void> {
  await row(page, title).click({ button: 'right' });
  await page.getByRole('menuitem', { name: entry }).click();
}

async function menuChecked(page: Page, title: string, entry: string): Promise<boolean> {
  await row(page, title).click({ button: 'right' });
  const checked = (await page.getByRole('menuitem', { name: entry }).locator('.menu-check svg').count()) === 1;
  await page.keyboard.press('Escape');
  return checked;
}

/** Selects the first occurrence of `words` in the editor, through its test hook. */
async function selectWords(page: Page, words: string): Promise<void> {
  await page.evaluate((words) => {
    type Ed = {
      state: { doc: { descendants(fn: (node: { isText: boolean; text?: string }, pos: number) => boolean): void } };
      chain(): { focus(): { setTextSelection(at: { from: number; to: number }): { run(): boolean } } };
    };
    const ed = (window as unknown as { __commonplaceTest: { editor: Ed } }).__commonplaceTest.editor;
    let from = -1;
    ed.state.doc.descendants((node, pos) => {
      const at = from < 0 && node.isText ? (node.text ?? '').indexOf(words) : -1;
      if (at >= 0) from = pos + at;
      return from < 0;
    });
    if (from < 0) throw new Error(`no "${words}" in the editor`);
    ed.chain().focus().setTextSelection({ from, to: from + words.length }).run();
  }, words);
}

async function bothThemes(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  const bridge = await connectBridge(hosts.a.port, hosts.a.token);
  await bridge.call('app', 'setProfile', { name: 'Ana', color: '#6e56cf' });
  const [workspace] = await bridge.call<Array<{ id: string }>>('workspaces', 'list');
  workspaceId = workspace?.id ?? '';
  await bridge.call('workspaces', 'rename', { workspaceId, name: WORKSPACE });
  bridge.close();
});

describe('activity, profiles and Start here', () => {
  it('a steward pins Start here and marks a good first contribution', async () => {
    ana = await hosts.open('a');
    await ana.page.locator('[data-testid=sidebar]').waitFor({ timeout: UI_TIMEOUT_MS });
    await writePage(ana.page, 'Soil samples', 'Label every vial twice.');
    await writePage(ana.page, 'Glossary', 'Terms we use in the field.');
    await writePage(ana.page, 'Field protocol', 'Collect the cores at dawn before the frost melts.');

    await menu(ana.page, 'Field protocol', 'Pin as Start here');
    await menu(ana.page, 'Glossary', 'Good first contribution');
    expect(await menuChecked(ana.page, 'Field protocol', 'Pin as Start here')).toBe(true);
    expect(await menuChecked(ana.page, 'Glossary', 'Good first contribution')).toBe(true);
    expect(await menuChecked(ana.page, 'Soil samples', 'Pin as Start here')).toBe(false);
    // Ana founded the workspace: she is no newcomer, so no Start here section for her.
    expect(await ana.page.locator('[data-testid=start-here]').count()).toBe(0);
  });

  it('a newcomer joins, lands on the pinned page once, and sees Start here', async () => {
    ben = await hosts.open('b');
    await joinByCode(ana.page, ben.page, { role: 'contributor', name: 'Ben' });

    // The pinned page opens by itself, with a word of welcome.
    await expect.poll(() => ben.page.locator('[data-testid=page-title]').inputValue().catch(() => ''), { timeout: UI_TIMEOUT_MS }).toBe('Field protocol');
    await ben.page.locator('[data-testid=toast]', { hasText: 'where the community suggests you start' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const section = ben.page.locator('[data-testid=start-here]');
    await expect.poll(() => section.locator('[data-testid=start-here-pinned]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Field protocol');
    expect(await section.locator('[data-testid=start-here-good-first]').allTextContents()).toEqual(['Glossary']);
    await editor(ben.page).locator('p', { hasText: 'frost' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await bothThemes(ben.page, 'start-here-newcomer');

    // Once per installation: back home, Ben stays home.
    await ben.page.evaluate((ws) => (location.hash = `#/${ws}`), workspaceId);
    await ben.page.locator('[data-testid=no-page]').waitFor({ timeout: UI_TIMEOUT_MS });
    await ben.page.waitForTimeout(1500);
    expect(await ben.page.evaluate(() => location.hash)).toBe(`#/${workspaceId}`);
    // A contributor is offered no pin: the entry is disabled, and its tooltip says why.
    await row(ben.page, 'Glossary').click({ button: 'right' });
    const pin = ben.page.getByRole('menuitem', { name: 'Pin as Start here' });
    expect(await pin.isEnabled()).toBe(false);
    expect(await pin.getAttribute('title')).toBe('Only stewards can choose where newcomers start; you are a contributor.');
    await ben.page.keyboard.press('Escape');
  });

  it('shows what the newcomer did in the activity, marked new until seen', async () => {
    // Ana keeps the pinned page open while Ben comments on it (its comments doc syncs live).
    await row(ana.page, 'Field protocol').click();
    await editor(ana.page).waitFor({ timeout: UI_TIMEOUT_MS });

    // Ben comments on the pinned page, edits another page, asks a question.
    await section(ben.page, 'Field protocol');
    await editor(ben.page).waitFor({ timeout: UI_TIMEOUT_MS });
    await selectWords(ben.page, 'before the frost');
    await ben.page.locator('[data-testid=bubble-menu] button[aria-label=Comment]').click({ timeout: UI_TIMEOUT_MS });
    await ben.page.locator('[data-testid=comment-composer] textarea:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await ben.page.keyboard.type('Is dawn early enough in May?');
    await ben.page.keyboard.press('Control+Enter');
    // Ben stays on the page until his comment has reached Ana live (leaving closes his page's
    // rooms, and it would then come only by catch-up). Her header counts it whether or not her
    // panel is open: the panel is a view preference, not what this waits for.
    await expect.poll(() => ana.page.locator('[data-testid=comments-toggle]').getAttribute('aria-label'), { timeout: UI_TIMEOUT_MS }).toBe('Comments (1 open)');

    await row(ben.page, 'Soil samples').click();
    await editor(ben.page).locator('p', { hasText: 'vial' }).click();
    await ben.page.keyboard.press('End');
    await ben.page.keyboard.type(' And date them.');
    await waitSaved(ben.page);
    await ben.page.click('[data-testid=open-questions]');
    await writePage(ben.page, QUESTION, 'The gouge or the split corer?', '[data-testid=ask-question]');

    // Ana answers; Ben, the asker, accepts her answer.
    await ana.page.click('[data-testid=open-questions]');
    await ana.page.locator('[data-testid=question-row]', { hasText: QUESTION }).click({ timeout: UI_TIMEOUT_MS });
    await ana.page.locator('[data-testid=answer-composer] textarea').fill('The split corer: the cores come out whole.');
    await ana.page.click('[data-testid=answer-composer-submit]');
    await ben.page.locator('[data-testid=answer-accept]').click({ timeout: UI_TIMEOUT_MS });
    await ana.page.locator('[data-testid=answers] [data-testid=answer][data-accepted=true]').waitFor({ timeout: UI_TIMEOUT_MS });

    // Ana's sidebar counts what Ben did; the view shows it all, Ben's items marked new.
    const expected = [
      'Ben joined the workspace',
      'Ben commented on Field protocol',
      'Ben edited Soil samples',
      `Ben asked ${QUESTION}`,
      `Ben accepted Ana’s answer to ${QUESTION}`,
      `Ana answered ${QUESTION}`,
      'Ana created Field protocol',
      'Ana created Glossary',
      'Ana created Soil samples',
    ];
    await ana.page.click('[data-testid=open-trash]'); // somewhere else, so the badge is not cleared by viewing
    await expect.poll(async () => Number((await ana.page.locator('[data-testid=activity-unread]').textContent()) ?? 0), { timeout: ACTIVITY_TIMEOUT_MS }).toBeGreaterThanOrEqual(5);
    await ana.page.click('[data-testid=open-activity]');
    await expect
      .poll(async () => {
        const texts = await itemTexts(ana.page);
        return expected.filter((line) => !texts.some((text) => text.startsWith(line)));
      }, { timeout: ACTIVITY_TIMEOUT_MS })
      .toEqual([]);
    const marked = await items(ana.page).evaluateAll((rows) => rows.map((r) => [r.querySelector('.activity-member')?.textContent, r.getAttribute('data-unread')]));
    expect(marked.filter(([who]) => who === 'Ben').every(([, unread]) => unread === 'true')).toBe(true);
    expect(marked.filter(([who]) => who === 'Ana').every(([, unread]) => unread === 'false')).toBe(true);
    expect(await ana.page.locator('[data-testid=activity-unread]').count()).toBe(0); // seen while viewing
    const edited = (await itemTexts(ana.page)).find((t) => t.startsWith('Ben edited Soil samples')) ?? '';
    expect(edited).toMatch(/· \d+ changes?$/);
    await bothThemes(ana.page, 'activity');

    // After viewing: back again, nothing is marked; "Mark all as read" has nothing to do.
    await ana.page.click('[data-testid=open-questions]');
    await ana.page.click('[data-testid=open-activity]');
    await items(ana.page).first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await ana.page.locator('[data-testid=activity-unread-marker]').count()).toBe(0);
    expect(await ana.page.locator('[data-testid=activity-mark-read]').isDisabled()).toBe(true);

    // Titles open pages.
    await items(ana.page).filter({ hasText: 'Ben edited Soil samples' }).locator('[data-testid=activity-page]').click();
    await expect.poll(() => ana.page.locator('[data-testid=page-title]').inputValue()).toBe('Soil samples');
  });

  it('a name opens the member’s profile, with their counts', async () => {
    await ana.page.click('[data-testid=open-activity]');
    await items(ana.page).filter({ hasText: 'Ben joined' }).locator('[data-testid=activity-member]').click();
    const profile = ana.page.locator('[data-testid=profile-view]');
    await profile.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await profile.locator('[data-testid=profile-name]').textContent()).toBe('Ben');
    expect(await profile.locator('[data-testid=profile-role]').textContent()).toBe('Contributor');
    expect(await profile.locator('[data-testid=profile-invited-by]').textContent()).toContain('Ana');
    const count = async (key: string) => Number(await profile.locator(`[data-testid=profile-count-${key}] .profile-stat-value`).textContent());
    expect(await count('pagesCreated')).toBe(0);
    // Soil samples, and his question's text (his host writes edit records within 15 s, then they sync).
    await expect.poll(() => count('pagesEdited'), { timeout: ACTIVITY_TIMEOUT_MS }).toBe(2);
    expect(await count('comments')).toBe(1);
    expect(await count('questionsAsked')).toBe(1);
    expect(await count('answersGiven')).toBe(0);
    expect(await profile.locator('[data-testid=profile-chart] rect').count()).toBe(12);
    await bothThemes(ana.page, 'profile');

    // Ana's own, from her invite link in Ben's profile: her answer was accepted.
    await profile.locator('[data-testid=profile-invited-by] button').click();
    await expect.poll(() => ana.page.locator('[data-testid=profile-name]').textContent()).toContain('Ana');
    expect(Number(await ana.page.locator('[data-testid=profile-count-answersAccepted] .profile-stat-value').textContent())).toBe(1);
    expect(Number(await ana.page.locator('[data-testid=profile-count-pagesCreated] .profile-stat-value').textContent())).toBe(4); // with the welcome guide
  });
});

/** Opens a page from the newcomer's Start here section. */
async function section(page: Page, title: string): Promise<void> {
  await page.locator('[data-testid=start-here] [data-testid=start-here-pinned]', { hasText: title }).click();
}
