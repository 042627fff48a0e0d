/**
 * Comments and questions, end to end: two members (Ada and Bao) in two browser contexts on the
 * same `serve`. Both contexts are one installation, so each acts as its own member through the
 * test identity (renderer/src/session/test-identity.ts), set before the app loads.
 *
 * 1. Ada selects words of a paragraph and comments; Bao sees the highlight and the thread, and
 *    replies; Bao types above the anchor and right before its first word — the highlight still
 *    covers exactly the same words, for both; Ada resolves; both see it resolved. The comments
 *    panel is saved in light and dark.
 * 2. Ada asks a question; Bao answers and Ada answers; votes; Ada (the asker) accepts Bao's —
 *    which Bao may not do; it moves to the top with a check; the question leaves the open list;
 *    Ada turns it into a guide: the accepted answer first, a wiki link back, banners both ways.
 *    Screenshot: test-results/e2e/question-to-guide.png.
 * The same between two hosts, with edits made while they were apart: comments-two-hosts.test.ts.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, launchChromium, makeTempDir, openApp, removeDir, screenshot, startServe, type AppPage, type ServeProcess } from './harness';

const UI_TIMEOUT_MS = 20_000;
const ADA = { id: 'ad'.repeat(32), name: 'Ada', color: '#e5484d' };
const BAO = { id: 'ba'.repeat(32), name: 'Bao', color: '#0090ff' };
const WORDS = 'before the frost';

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
    if (failed) await screenshot(app.page, `comments-failed-${i}`).catch(() => undefined);
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

/** The app in a fresh context, acting as `member`. */
async function openAs(member: typeof ADA, hash = ''): Promise<Page> {
  if (!browser || !serve) throw new Error('setup failed');
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  await context.addInitScript((json) => {
    localStorage.setItem('COMMONPLACE_TEST', '1');
    localStorage.setItem('COMMONPLACE_TEST_MEMBER', json);
  }, JSON.stringify(member));
  const app = await openApp(browser, serve, context);
  apps.push(app);
  await app.page.locator('[data-testid=sidebar]').waitFor({ timeout: UI_TIMEOUT_MS });
  if (hash !== '') await app.page.evaluate((h) => (location.hash = h), hash);
  return app.page;
}

const editor = (page: Page) => page.locator('[data-testid=editor] [contenteditable]').first();
const highlights = (page: Page) => page.locator('[data-testid=editor] .cp-comment');
const threads = (page: Page) => page.locator('[data-testid=comments-panel] [data-testid=thread]');
const answers = (page: Page) => page.locator('[data-testid=answers] [data-testid=answer]');

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-status][data-state=saved]', { hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Creates a page from the sidebar, titles it, and types its paragraphs. */
async function writePage(page: Page, title: string, paragraphs: string[], newPage = '[data-testid=new-page]'): Promise<void> {
  await page.click(newPage);
  await page.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(title);
  await editor(page).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  for (const [i, text] of paragraphs.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(text);
  }
  await waitSaved(page);
}

/** What these tests use of the editor behind `window.__commonplaceTest.editor`. */
interface TestEditor {
  readonly state: { readonly doc: { descendants(fn: (node: { isText: boolean; text?: string }, pos: number) => boolean): void } };
  chain(): { focus(): { setTextSelection(at: number | { from: number; to: number }): { run(): boolean } } };
  getJSON(): unknown;
}
type TestWindow = Window & { __commonplaceTest: { editor: TestEditor } };

/** Selects the first occurrence of `words` in the editor, through its test hook. */
async function selectWords(page: Page, words: string, collapseAtStart = false): Promise<void> {
  await page.evaluate(
    ({ words, collapseAtStart }) => {
      const ed = (window as unknown as TestWindow).__commonplaceTest.editor;
      let from = -1;
      ed.state.doc.descendants((node, pos) => {
        if (from >= 0) return false;
        const at = node.isText ? (node.text ?? '').indexOf(words) : -1;
        if (at >= 0) from = pos + at;
        return true;
      });
      if (from < 0) throw new Error(`no "${words}" in the editor`);
      ed.chain().focus().setTextSelection(collapseAtStart ? from : { from, to: from + words.length }).run();
    },
    { words, collapseAtStart },
  );
  await editorFocused(page);
}

/** TipTap focuses on the next frame: keys typed before that would go elsewhere. */
async function editorFocused(page: Page): Promise<void> {
  await expect.poll(() => editor(page).evaluate((el) => el.contains(document.activeElement)), { timeout: UI_TIMEOUT_MS }).toBe(true);
}

/** Text of the editor's matching elements, without other members' carets (DOM inside paragraphs). */
const textOf = (page: Page, selector: string) =>
  editor(page).evaluate((root, selector) => {
    return Array.from(root.querySelectorAll(selector), (element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    });
  }, selector);
const highlighted = async (page: Page) => (await textOf(page, '.cp-comment')).join('');

describe('comments', () => {
  it('two members comment, reply and resolve; the highlight stays on the same words', async () => {
    const ada = await openAs(ADA);
    await writePage(ada, 'Sampling notes', ['Collect the cores at dawn before the frost melts.', 'Label every vial twice.']);
    const hash = await ada.evaluate(() => location.hash);

    // Ada comments on words of the first paragraph, from the bubble menu.
    await selectWords(ada, WORDS);
    await ada.locator('[data-testid=bubble-menu] button[aria-label=Comment]').click({ timeout: UI_TIMEOUT_MS });
    await ada.locator('[data-testid=comment-composer] textarea:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await ada.keyboard.type('Is dawn early enough in May?');
    await ada.keyboard.press('Control+Enter');
    await expect.poll(() => threads(ada).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await expect.poll(() => highlighted(ada), { timeout: UI_TIMEOUT_MS }).toBe(WORDS);
    await expect.poll(() => threads(ada).first().locator('.thread-quote').textContent()).toBe(WORDS);

    // Bao opens the page: the highlight and the thread are there, by Ada.
    const bao = await openAs(BAO, hash);
    await expect.poll(() => threads(bao).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await expect.poll(() => highlighted(bao), { timeout: UI_TIMEOUT_MS }).toBe(WORDS);
    await expect.poll(() => threads(bao).first().locator('.author-name').first().textContent()).toBe('Ada');
    // Someone else's comment offers no Edit or Delete.
    expect(await threads(bao).first().locator('[data-testid=comment-edit]').count()).toBe(0);

    // Bao replies; Ada sees it.
    await threads(bao).first().locator('[data-testid=thread-reply]').click();
    await bao.locator('[data-testid=reply-composer] textarea:focus').waitFor();
    await bao.keyboard.type('Yes, the frost lifts around seven.');
    await bao.locator('[data-testid=reply-composer-submit]').click();
    await expect
      .poll(() => threads(ada).first().locator('[data-testid=comment-body]').allTextContents(), { timeout: UI_TIMEOUT_MS })
      .toEqual(['Is dawn early enough in May?', 'Yes, the frost lifts around seven.']);
    await expect.poll(() => threads(ada).first().locator('.author-name').allTextContents()).toEqual(['Ada', 'Bao']);

    // Bao types above the anchor (a new first paragraph) and right before its first word.
    await bao.evaluate(() => {
      (window as unknown as TestWindow).__commonplaceTest.editor.chain().focus().setTextSelection(1).run();
    });
    await editorFocused(bao);
    await bao.keyboard.type('Check the forecast first.');
    await bao.keyboard.press('Enter');
    await selectWords(bao, WORDS, true);
    await bao.keyboard.type('just ');
    await waitSaved(bao);
    for (const page of [ada, bao]) {
      await expect.poll(async () => (await textOf(page, 'p'))[0], { timeout: UI_TIMEOUT_MS }).toBe('Check the forecast first.');
      await expect.poll(async () => (await textOf(page, 'p'))[1], { timeout: UI_TIMEOUT_MS }).toContain(`just ${WORDS} melts`);
      await expect.poll(() => highlighted(page), { timeout: UI_TIMEOUT_MS }).toBe(WORDS);
    }

    // The panel, in light and dark.
    await threads(ada).first().click();
    await expect.poll(() => ada.locator('[data-testid=editor] .cp-comment--active').count()).toBe(1);
    await screenshot(ada, 'comments-panel-light');
    await ada.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => ada.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(ada, 'comments-panel-dark');
    await ada.emulateMedia({ colorScheme: 'light' });

    // Ada resolves: gone from the text and the open list, for both; listed as resolved.
    await threads(ada).first().locator('[data-testid=thread-resolve]').click();
    for (const page of [ada, bao]) {
      await expect.poll(() => highlights(page).count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
      await expect.poll(() => threads(page).count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
      await page.click('[data-testid=comments-filter-resolved]');
      await expect.poll(() => threads(page).first().getAttribute('data-resolved'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    }
    await expect.poll(() => bao.locator('[data-testid=thread-resolved-note]').textContent()).toContain('Resolved by Ada');

    // Reopened by Bao, it is back in the text for Ada.
    await threads(bao).first().locator('[data-testid=thread-reopen]').click();
    await expect.poll(() => highlighted(ada), { timeout: UI_TIMEOUT_MS }).toBe(WORDS);

    // Ctrl+Alt+M opens the composer on the selection; Escape drops the draft, posting nothing.
    await selectWords(bao, 'Label every vial');
    await bao.keyboard.press('Control+Alt+m');
    await bao.locator('[data-testid=comment-composer] textarea:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await bao.locator('[data-testid=editor] .cp-comment--draft').textContent()).toBe('Label every vial');
    await bao.keyboard.press('Escape');
    await expect.poll(() => bao.locator('[data-testid=comment-draft]').count()).toBe(0);
    expect(await threads(bao).count()).toBe(1);
  });

  it('a question with two answers, one accepted, turned into a guide', async () => {
    const ada = await openAs(ADA);
    await ada.click('[data-testid=open-questions]');
    await ada.locator('[data-testid=questions-empty]').waitFor({ timeout: UI_TIMEOUT_MS });
    const question = 'How do we keep soil cores cold in the field?';
    await writePage(ada, question, ['Our cooler boxes warm up by noon, and the cores dry out.'], '[data-testid=ask-question]');
    await ada.locator('[data-testid=answers]').waitFor({ timeout: UI_TIMEOUT_MS });
    const hash = await ada.evaluate(() => location.hash);

    // Bao finds it among the open questions and answers.
    const bao = await openAs(BAO);
    await bao.click('[data-testid=open-questions]');
    await bao.locator('[data-testid=question-row]', { hasText: question }).click({ timeout: UI_TIMEOUT_MS });
    await bao.locator('[data-testid=answer-composer] textarea').fill('Pack them in wet sand and keep the box in the shade.');
    await bao.click('[data-testid=answer-composer-submit]');
    await expect.poll(() => answers(ada).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);

    // Ada answers too; each finds the other's answer helpful (not their own).
    await ada.locator('[data-testid=answer-composer] textarea').fill('Freeze a few water bottles the night before.');
    await ada.click('[data-testid=answer-composer-submit]');
    await expect.poll(() => answers(bao).count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    const byAuthor = (page: Page, name: string) => answers(page).filter({ has: page.locator('.author-name', { hasText: name }) });
    expect(await byAuthor(bao, 'Bao').locator('[data-testid=answer-vote]').isDisabled()).toBe(true);
    await byAuthor(bao, 'Ada').locator('[data-testid=answer-vote]').click();
    await byAuthor(ada, 'Bao').locator('[data-testid=answer-vote]').click();
    await expect.poll(() => byAuthor(bao, 'Bao').locator('.answer-vote-count').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('1');

    // Only the asker may accept: Bao is offered no Accept; Ada accepts Bao's answer.
    expect(await bao.locator('[data-testid=answer-accept]').count()).toBe(0);
    await byAuthor(ada, 'Bao').locator('[data-testid=answer-accept]').click();
    for (const page of [ada, bao]) {
      await expect.poll(() => answers(page).first().getAttribute('data-accepted'), { timeout: UI_TIMEOUT_MS }).toBe('true');
      await expect.poll(() => answers(page).first().locator('[data-testid=comment-body]').first().textContent()).toContain('wet sand');
    }
    // A reply under the accepted answer.
    await answers(bao).first().locator('[data-testid=answer-reply]').click();
    await bao.keyboard.type('Damp, not soaked.');
    await bao.click('[data-testid=answer-reply-composer-submit]');
    await expect.poll(() => answers(ada).first().locator('[data-testid=comment-body]').count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
    await screenshot(ada, 'question-answers');

    // No longer waiting for an answer.
    await bao.click('[data-testid=open-questions]');
    await bao.locator('[data-testid=questions-empty]').waitFor({ timeout: UI_TIMEOUT_MS });
    await bao.click('[data-testid=questions-tab-answered]');
    await expect.poll(() => bao.locator('[data-testid=question-row]').textContent(), { timeout: UI_TIMEOUT_MS }).toContain(question);

    // Ada turns it into a guide: the accepted answer first, a link back, banners both ways.
    await ada.click('[data-testid=question-to-guide]');
    await expect.poll(() => ada.locator('[data-testid=page-title]').inputValue(), { timeout: UI_TIMEOUT_MS }).toBe(`Guide: ${question}`);
    await ada.locator('[data-testid=guide-question-banner]').waitFor({ timeout: UI_TIMEOUT_MS });
    const guide = await ada.evaluate(() => JSON.stringify((window as unknown as TestWindow).__commonplaceTest.editor.getJSON()));
    const questionId = hash.split('/').pop() ?? '';
    expect(guide).toContain(`"pageId":"${questionId}"`);
    expect(guide.indexOf('Accepted answer — Bao')).toBeGreaterThan(0);
    expect(guide.indexOf('Accepted answer — Bao')).toBeLessThan(guide.indexOf('Answer — Ada'));
    expect(guide).toContain('Damp, not soaked.');
    await ada.locator('[data-testid=editor] [data-testid=wiki-link]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(ada, 'question-to-guide');

    await ada.locator('[data-testid=guide-question-banner] button').click();
    await ada.locator('[data-testid=question-guide-banner]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await ada.locator('[data-testid=question-to-guide]').count()).toBe(0);
  });
});
