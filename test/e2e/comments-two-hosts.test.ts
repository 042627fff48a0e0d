/**
 * Comments between two members on two hosts (issue 5's first acceptance item): Ana on host A,
 * Ben on host B, who joined by invite code as a contributor (two-host-fixture.ts). Everything Ben
 * sees of Ana's comments came to his host over WebRTC, and the other way round.
 *
 * 1. Ana writes a page and comments on words of its first paragraph (select → Comment).
 * 2. Ben opens the page: the thread is in his side panel, the highlight on the same words. He
 *    replies; Ana sees the reply.
 * 3. Ben types new paragraphs above the anchored one, and words right before it, while Ana types
 *    at the end of the page at the same time: both editors converge, and on both the highlight
 *    still covers exactly the same words.
 * 4. Concurrent for real: Ben's host stops; Ana comments on words of the last paragraph; Ben, who
 *    has not seen that comment, writes a paragraph above those words (typing at the start of
 *    their paragraph, then Enter: the editor moves the rest into a new paragraph); his host comes
 *    back. Both comments are on their words on both sides, none orphaned (text-moves.ts).
 * 5. Ana resolves the first: its highlight and open thread are gone on both sides; both list it as
 *    resolved, by Ana.
 * 6. Each member looks the same on both hosts — comment avatars, "Here now", one's own dot — and
 *    still does after Ana changes her colour and Ben his name and colour (each host publishes its
 *    member's profile in the workspace doc; a host used to keep showing the profile it first saw),
 *    at once in every open window, with no reload (a window used to show its own member's old
 *    profile, in its sidebar, its comments and to others, until reloaded).
 * Screenshots: test-results/e2e/comments-two-hosts-{a,b}-open.png (the thread, open),
 * comments-two-hosts-{a,b}.png (resolved) and comments-two-hosts-{a,b}-profiles.png (after the
 * profile changes).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type AppPage } from './harness';
import { joinByCode, setProfile, setProfileName, useTwoHosts } from './two-host-fixture';

const UI_TIMEOUT_MS = 30_000;
const TITLE = 'Sampling notes';
const FIRST = 'Collect the cores at dawn before the frost melts.';
const SECOND = 'Label every vial twice.';
const WORDS = 'before the frost';
const COMMENT = 'Is dawn early enough in May?';
const REPLY = 'Yes, the frost lifts around seven.';
/** What Ben types above the anchored paragraph: whole paragraphs, then words just before the anchor. */
const ABOVE = ['Check the forecast first.', 'Bring a spare corer.'];
const BEFORE_WORDS = 'just ';
/** What Ana types at the same time, after the anchor. */
const AFTER = ' And date them.';
/** While Ben's host is down: Ana's comment on words of the last paragraph, and Ben's paragraph above them. */
const APART_WORDS = 'every vial';
const APART_COMMENT = 'Even the spares?';
const APART_ABOVE = 'Rinse the corer.';

/** The new profiles of step 6: colours outside the palette identities start with, so surely changes. */
const ANA_COLOR = '#1b4f72';
const BEN_NAME = 'Benedict';
const BEN_COLOR = '#b03a2e';

const hosts = useTwoHosts('comments-two-hosts', { viewport: { width: 1360, height: 860 } });
let ana: Page;
let ben: Page;

beforeAll(async () => {
  await setProfileName(hosts.a, 'Ana');
});

const editor = (page: Page) => page.locator('[data-testid=editor] [contenteditable]').first();
const threads = (page: Page) => page.locator('[data-testid=comments-panel] [data-testid=thread]');
const row = (page: Page, title: string) => page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: title });

/** Text of the editor's matching elements, without the other member's caret (DOM inside paragraphs). */
const textOf = (page: Page, selector: string) =>
  editor(page).evaluate((root, selector) => {
    return Array.from(root.querySelectorAll(selector), (element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    });
  }, selector);
/** The highlighted words, one entry per highlight element. */
const highlighted = (page: Page) => textOf(page, '.cp-comment');
const paragraphs = (page: Page) => textOf(page, 'p');

/**
 * Every colour the page shows each member in, by the name shown beside it: comment avatars,
 * "Here now" dots, one's own dot, remote caret labels. Computed styles, as the eye sees them.
 */
const looks = (page: Page) =>
  page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    const add = (name: Element | null, swatch: Element | null) => {
      if (!name || !swatch) return;
      const key = (name.textContent ?? '').trim();
      const colour = getComputedStyle(swatch).backgroundColor;
      const list = (seen[key] ??= []);
      if (!list.includes(colour)) list.push(colour);
    };
    document.querySelectorAll('.author').forEach((el) => add(el.querySelector('.author-name'), el.querySelector('.author-avatar')));
    document.querySelectorAll('[data-testid=presence]').forEach((el) => add(el.querySelector('.presence-name'), el.querySelector('.presence-dot')));
    document.querySelectorAll('.me').forEach((el) => add(el.querySelector('.me-name'), el.querySelector('.me-dot')));
    document.querySelectorAll('.collaboration-carets__label').forEach((el) => add(el, el));
    return seen;
  });

/** `#rrggbb` as computed styles give it. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-status][data-state=saved]', { hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** What these tests use of the editor behind `window.__commonplaceTest.editor`. */
interface TestEditor {
  readonly state: { readonly doc: { readonly content: { readonly size: number }; descendants(fn: (node: { isText: boolean; text?: string }, pos: number) => boolean): void } };
  chain(): { focus(): { setTextSelection(at: number | { from: number; to: number }): { run(): boolean } } };
}
type TestWindow = Window & { __commonplaceTest: { editor: TestEditor } };

/**
 * Puts the selection on the first occurrence of `words` (or the caret just before it), or at the
 * very start or end of the document, through the editor's test hook; waits for the focus.
 */
async function place(page: Page, at: { words: string; collapse?: boolean } | 'start' | 'end'): Promise<void> {
  await page.evaluate((at) => {
    const ed = (window as unknown as TestWindow).__commonplaceTest.editor;
    if (at === 'start' || at === 'end') {
      // Inside the first paragraph / the last one: one past the start, one before the end.
      ed.chain().focus().setTextSelection(at === 'start' ? 1 : ed.state.doc.content.size - 1).run();
      return;
    }
    let from = -1;
    ed.state.doc.descendants((node, pos) => {
      const found = from < 0 && node.isText ? (node.text ?? '').indexOf(at.words) : -1;
      if (found >= 0) from = pos + found;
      return from < 0;
    });
    if (from < 0) throw new Error(`no "${at.words}" in the editor`);
    ed.chain().focus().setTextSelection(at.collapse ? from : { from, to: from + at.words.length }).run();
  }, at);
  // TipTap focuses on the next frame: keys typed before that would go elsewhere.
  await expect.poll(() => editor(page).evaluate((el) => el.contains(document.activeElement)), { timeout: UI_TIMEOUT_MS }).toBe(true);
}

async function typeParagraphsAbove(page: Page): Promise<void> {
  await place(page, 'start');
  for (const text of ABOVE) {
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }
  await place(page, { words: WORDS, collapse: true });
  await page.keyboard.type(BEFORE_WORDS);
}

async function typeAtTheEnd(page: Page): Promise<void> {
  await place(page, 'end');
  await page.keyboard.type(AFTER);
}

describe('comments between two hosts', () => {
  let anaApp: AppPage;
  let benApp: AppPage;

  it('Ben joins Ana’s workspace by invite, as a contributor', async () => {
    anaApp = await hosts.open('a');
    benApp = await hosts.open('b');
    ana = anaApp.page;
    ben = benApp.page;
    await ana.locator('[data-testid=sidebar]').waitFor({ timeout: UI_TIMEOUT_MS });
    await joinByCode(ana, ben, { role: 'contributor', name: 'Ben' });
    await expect.poll(() => ben.locator('[data-testid=sidebar-my-role]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Contributor');
  });

  it('Ana comments on words of a paragraph; Ben sees the thread and the highlight on them', async () => {
    await ana.click('[data-testid=new-page]');
    await ana.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await ana.keyboard.type(TITLE);
    await editor(ana).waitFor({ timeout: UI_TIMEOUT_MS });
    await ana.keyboard.press('Enter');
    await ana.keyboard.type(FIRST);
    await ana.keyboard.press('Enter');
    await ana.keyboard.type(SECOND);
    await waitSaved(ana);

    await place(ana, { words: WORDS });
    await ana.locator('[data-testid=bubble-menu] button[aria-label=Comment]').click({ timeout: UI_TIMEOUT_MS });
    await ana.locator('[data-testid=comment-composer] textarea:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await ana.keyboard.type(COMMENT);
    await ana.keyboard.press('Control+Enter');
    await expect.poll(() => threads(ana).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await expect.poll(() => highlighted(ana), { timeout: UI_TIMEOUT_MS }).toEqual([WORDS]);

    // The page and its comments arrive on Ben's host by sync.
    await row(ben, TITLE).click({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => paragraphs(ben), { timeout: UI_TIMEOUT_MS }).toEqual([FIRST, SECOND]);
    await expect.poll(() => threads(ben).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await expect.poll(() => highlighted(ben), { timeout: UI_TIMEOUT_MS }).toEqual([WORDS]);
    const thread = threads(ben).first();
    expect(await thread.locator('.thread-quote').textContent()).toBe(WORDS);
    expect(await thread.locator('[data-testid=comment-body]').allTextContents()).toEqual([COMMENT]);
    await expect.poll(() => thread.locator('.author-name').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual(['Ana']);
  });

  it('Ben replies, and Ana sees the reply', async () => {
    await threads(ben).first().locator('[data-testid=thread-reply]').click();
    await ben.locator('[data-testid=reply-composer] textarea:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await ben.keyboard.type(REPLY);
    await ben.locator('[data-testid=reply-composer-submit]').click();
    for (const page of [ben, ana]) {
      const thread = threads(page).first();
      await expect.poll(() => thread.locator('[data-testid=comment-body]').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual([COMMENT, REPLY]);
      await expect.poll(() => thread.locator('.author-name').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual(['Ana', 'Ben']);
    }
  });

  it('Ben types above the anchor while Ana types below it: the comment stays on the same words', async () => {
    await Promise.all([typeParagraphsAbove(ben), typeAtTheEnd(ana)]);
    const expected = [...ABOVE, FIRST.replace(WORDS, BEFORE_WORDS + WORDS), SECOND + AFTER];
    for (const page of [ana, ben]) {
      await expect.poll(() => paragraphs(page), { timeout: UI_TIMEOUT_MS }).toEqual(expected);
      await expect.poll(() => highlighted(page), { timeout: UI_TIMEOUT_MS }).toEqual([WORDS]);
      // The highlight is on those words in the paragraph they were in, not on an equal text elsewhere.
      expect(await textOf(page, 'p:has(.cp-comment)')).toEqual([expected[ABOVE.length]]);
      expect(await threads(page).first().locator('.thread-quote').textContent()).toBe(WORDS);
    }
    await Promise.all([waitSaved(ana), waitSaved(ben)]);

    // Both sides with the thread open and active.
    for (const [page, side] of [[ana, 'a'], [ben, 'b']] as const) {
      await threads(page).first().click();
      await expect.poll(() => page.locator('[data-testid=editor] .cp-comment--active').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
      await page.mouse.move(0, 0);
      await screenshot(page, `comments-two-hosts-${side}-open`);
    }
  });

  it('edits made while the hosts were apart keep a comment made meanwhile on its words', async () => {
    // Ben's host stops: his tab keeps his edits, offline. Meanwhile Ana comments on other words.
    await hosts.stop('b');
    await ben.locator('[data-testid=save-status][data-state=offline]').waitFor({ timeout: UI_TIMEOUT_MS });
    await place(ana, { words: APART_WORDS });
    await ana.locator('[data-testid=bubble-menu] button[aria-label=Comment]').click({ timeout: UI_TIMEOUT_MS });
    await ana.locator('[data-testid=comment-composer] textarea:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await ana.keyboard.type(APART_COMMENT);
    await ana.keyboard.press('Control+Enter');
    await expect.poll(() => highlighted(ana), { timeout: UI_TIMEOUT_MS }).toEqual([WORDS, APART_WORDS]);

    // Ben, who has not seen that comment, writes a new paragraph above its words: he types at
    // the start of their paragraph and presses Enter (the editor moves the rest of it into a new one).
    await place(ben, { words: SECOND, collapse: true });
    await ben.keyboard.type(APART_ABOVE);
    await ben.keyboard.press('Enter');
    await hosts.start('b');
    await waitSaved(ben);

    const expected = [...ABOVE, FIRST.replace(WORDS, BEFORE_WORDS + WORDS), APART_ABOVE, SECOND + AFTER];
    for (const page of [ana, ben]) {
      await expect.poll(() => paragraphs(page), { timeout: UI_TIMEOUT_MS }).toEqual(expected);
      await expect.poll(() => threads(page).count(), { timeout: UI_TIMEOUT_MS }).toBe(2);
      await expect.poll(() => highlighted(page), { timeout: UI_TIMEOUT_MS }).toEqual([WORDS, APART_WORDS]);
      expect(await textOf(page, 'p:has(.cp-comment)')).toEqual([expected[ABOVE.length], SECOND + AFTER]);
      expect(await page.locator('[data-testid=comments-orphaned]').count()).toBe(0);
    }
    // Back together, each sees the other here again (presence is taken back, not ignored as old).
    for (const [page, other] of [[ana, 'Ben'], [ben, 'Ana']] as const) {
      await expect.poll(() => page.locator('[data-testid=presence] .presence-name').allTextContents(), { timeout: UI_TIMEOUT_MS }).toContain(other);
    }
  });

  it('Ana resolves; both see it resolved', async () => {
    await threads(ana).filter({ hasText: COMMENT }).locator('[data-testid=thread-resolve]').click();
    for (const page of [ana, ben]) {
      // Gone from the text and from the open threads; the other one stays.
      await expect.poll(() => highlighted(page), { timeout: UI_TIMEOUT_MS }).toEqual([APART_WORDS]);
      await expect.poll(() => threads(page).locator('.thread-quote').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual([APART_WORDS]);
      await page.click('[data-testid=comments-filter-resolved]');
      await expect.poll(() => threads(page).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
      const thread = threads(page).first();
      await expect.poll(() => thread.getAttribute('data-resolved'), { timeout: UI_TIMEOUT_MS }).toBe('true');
      await expect.poll(() => thread.locator('[data-testid=thread-resolved-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Resolved by Ana');
      expect(await thread.locator('[data-testid=comment-body]').allTextContents()).toEqual([COMMENT, REPLY]);
      expect(await thread.locator('[data-testid=thread-reply]').count()).toBe(0);
    }
    for (const [page, side] of [[ana, 'a'], [ben, 'b']] as const) {
      await page.mouse.move(0, 0);
      await screenshot(page, `comments-two-hosts-${side}`);
    }
    anaApp.assertNoPageErrors();
    benApp.assertNoPageErrors();
  });

  it('each member looks the same on both hosts, also after changing name and colour', async () => {
    // Both panels list the resolved thread, by Ana and Ben; each is "here" on the other's page.
    const both = async () => ({ a: await looks(ana), b: await looks(ben) });
    const seen = await both();
    for (const name of ['Ana', 'Ben']) {
      expect(seen.a[name], `${name} on A`).toHaveLength(1); // one colour wherever A shows them
      expect(seen.b[name], `${name} on B`).toEqual(seen.a[name]); // and the same on B
    }

    await setProfile(hosts.a, { color: ANA_COLOR });
    await setProfile(hosts.b, { name: BEN_NAME, color: BEN_COLOR });
    // The other host shows the change at once, with nothing reconnected: it came in the workspace doc.
    const author = (page: Page, name: string) => threads(page).first().locator('.author', { hasText: name }).locator('.author-avatar');
    const background = (page: Page, name: string) => author(page, name).evaluate((el) => getComputedStyle(el).backgroundColor);
    await expect.poll(() => background(ben, 'Ana'), { timeout: UI_TIMEOUT_MS }).toBe(rgb(ANA_COLOR));
    await expect.poll(() => background(ana, BEN_NAME), { timeout: UI_TIMEOUT_MS }).toBe(rgb(BEN_COLOR));
    // With no reload, each window shows its own member's new profile too (the host tells its
    // windows: app.onDidChangeProfile) — own dot, own comment avatars — and the other's in
    // "Here now" and on its caret (the other window's awareness followed, and came over).
    const expected = { Ana: [rgb(ANA_COLOR)], [BEN_NAME]: [rgb(BEN_COLOR)] };
    const shownEverywhere = async () => {
      for (const page of [ana, ben]) {
        await expect.poll(() => looks(page), { timeout: UI_TIMEOUT_MS }).toEqual(expected);
        await expect.poll(() => threads(page).first().locator('.author-name').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual(['Ana', BEN_NAME]);
      }
    };
    await shownEverywhere();
    expect(await ben.locator('.me .me-name').textContent()).toBe(BEN_NAME);
    expect(await ana.locator('[data-testid=presence]', { hasText: BEN_NAME }).count()).toBeGreaterThan(0);
    for (const [page, side] of [[ana, 'a'], [ben, 'b']] as const) {
      await page.mouse.move(0, 0);
      await screenshot(page, `comments-two-hosts-${side}-profiles`);
    }
    // And the same once reloaded (each page reads its own member's profile as it loads).
    for (const page of [ana, ben]) {
      await page.reload();
      await editor(page).waitFor({ timeout: UI_TIMEOUT_MS });
      await page.click('[data-testid=comments-filter-resolved]', { timeout: UI_TIMEOUT_MS });
    }
    await shownEverywhere();
  });
});
