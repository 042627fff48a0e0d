/**
 * The role ladder in the UI, on two hosts (issue 5): Ana, the steward, on host A; Ben on host B,
 * who joined with a reader's invite. Roles are the real thing — signed grants, checked by both
 * hosts — and the UI offers each role what it may do:
 *
 * 1. Ben, a reader, cannot type in the page (the editor is read-only, and says why).
 * 2. Ana makes him a commenter in the members dialog: he comments on a selection, and Ana sees the
 *    comment; he still cannot type. He asks a question (a page of his own: he types its title and
 *    body), and Ana sees it among the open questions, with its body; she answers, and he accepts
 *    her answer. He still cannot change its kind, nor type in Ana's pages.
 * 3. Ana makes him a contributor: he types, and Ana sees the words.
 * 4. Ana removes him (confirming that removed members keep what they had): his UI offers nothing more.
 * Only a steward may invite: Ben's Invite button (and menu entry) stays disabled, its tooltip
 * following his role as it changes; Ana's is enabled. So with every action his role may not do
 * (renaming the workspace, importing, adding or renaming pages): offered disabled, saying why.
 * Screenshots: roles-reader.png and roles-reader-menu.png (Ben), roles-members.png and roles-members-steward.png (Ana's
 * members dialog), roles-commenter-asks.png (Ben's question) and roles-question-steward.png (Ana sees it),
 * roles-contributor.png, roles-remove-confirm.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { WELCOME_TITLE } from '../../shared/model/welcome';
import { RESULTS_DIR, screenshot, type AppPage } from './harness';
import { goToWorkspace, joinByLink, setProfileName, useTwoHosts } from './two-host-fixture';

const UI_TIMEOUT_MS = 30_000;
const WORDS = 'Everything works offline';

const hosts = useTwoHosts('roles');
let ana: AppPage;
let ben: AppPage;
/** The workspace Ben joined (his host also made one of its own on its first start). */
let joined = '';

const editor = (page: Page) => page.locator('[data-testid=editor] [contenteditable]').first();
const editorText = (page: Page) =>
  editor(page).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((el) => el.remove());
    return copy.textContent ?? '';
  });
const row = (page: Page, title: string) => page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: title });
const threads = (page: Page) => page.locator('[data-testid=comments-panel] [data-testid=thread]');
const inviteButton = (page: Page) => page.locator('[data-testid=open-share]');
const READER_PAGES = 'Only contributors and stewards can add, rename, move or trash pages; you are a reader.';
const QUESTION = 'Does the logger survive a night at sea?';
const QUESTION_BODY = 'Ours stopped at 3 a.m. on the second night.';

/** A menu entry of the open menu, by its label (its name also holds the shortcut hint): enabled, and its tooltip. */
async function menuEntry(page: Page, label: string): Promise<{ enabled: boolean; title: string | null }> {
  const item = page.getByRole('menuitem').filter({ has: page.locator('.menu-label').getByText(label, { exact: true }) });
  return { enabled: await item.isEnabled(), title: await item.getAttribute('title') };
}

/** The workspace menu's Rename and Import entries, as `page`'s member sees them. */
async function workspaceMenuEntries(page: Page): Promise<{ rename: { enabled: boolean; title: string | null }; import: { enabled: boolean; title: string | null } }> {
  await page.locator('[data-testid=workspace-switcher]').click();
  const entries = { rename: await menuEntry(page, 'Rename workspace…'), import: await menuEntry(page, 'Import Markdown folder…') };
  await page.keyboard.press('Escape');
  return entries;
}

/** The sidebar's Invite is disabled for `role` (below steward), and its tooltip says why, once the role has reached the UI. */
async function inviteRefused(page: Page, role: string): Promise<void> {
  await expect.poll(() => inviteButton(page).getAttribute('title'), { timeout: UI_TIMEOUT_MS }).toContain(`you are a ${role}`);
  expect(await inviteButton(page).isEnabled()).toBe(false);
}

/** Selects `words` in the page with the mouse, as a member would (works on a read-only editor too). */
async function selectWords(page: Page, words: string): Promise<void> {
  await page.evaluate((words) => {
    const root = document.querySelector('[data-testid=editor] [contenteditable]');
    const walker = document.createTreeWalker(root as Node, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(words);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const selection = document.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return;
    }
    throw new Error(`no "${words}" on the page`);
  }, words);
}

/** Ana sets Ben's role in her members dialog. */
async function setBensRole(role: string): Promise<void> {
  await ana.page.locator('[data-testid=open-members]').click();
  const benRow = ana.page.locator('[data-testid=members-dialog] [data-testid=member]').filter({ hasText: 'Ben' });
  await benRow.locator('[data-testid=member-role]').selectOption(role);
  await expect.poll(() => benRow.getAttribute('data-role'), { timeout: UI_TIMEOUT_MS }).toBe(role);
}

async function closeMembers(page: Page): Promise<void> {
  await page.locator('[data-testid=members-dialog] button[type=submit]').click();
}

beforeAll(async () => {
  // Ana invites Ben as a reader; Ben joins with the link (the invite UI has its own test).
  await setProfileName(hosts.a, 'Ana');
  joined = await joinByLink(hosts.a, hosts.b, { role: 'reader', name: 'Ben' });
});

describe('the role ladder in the UI', () => {
  it('a reader cannot type in the editor', async () => {
    ana = await hosts.open('a');
    ben = await hosts.open('b');
    await goToWorkspace(ben.page, joined); // not Ben's own workspace, which has a welcome page too
    await row(ben.page, WELCOME_TITLE).waitFor({ timeout: UI_TIMEOUT_MS }); // arrived by sync
    await row(ben.page, WELCOME_TITLE).click();
    await expect.poll(() => editorText(ben.page), { timeout: UI_TIMEOUT_MS }).toContain(WORDS);
    await expect.poll(() => ben.page.locator('[data-testid=sidebar-my-role]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Reader');
    expect(await editor(ben.page).getAttribute('contenteditable')).toBe('false');
    await ben.page.locator('[data-testid=role-banner]').waitFor();
    const before = await editorText(ben.page);
    await editor(ben.page).click();
    await ben.page.keyboard.type('a reader was here');
    expect(await editorText(ben.page)).toBe(before);
    // No way to comment either: a selection shows no bubble.
    await selectWords(ben.page, WORDS);
    await ben.page.waitForTimeout(300);
    expect(await ben.page.locator('[data-testid=bubble-menu] button[aria-label=Comment]').count()).toBe(0);
    // Nor add pages: the sidebar's New page is there, disabled, saying why; so is a row's Rename.
    expect(await ben.page.locator('[data-testid=new-page]').isEnabled()).toBe(false);
    expect(await ben.page.locator('[data-testid=new-page]').getAttribute('title')).toBe(READER_PAGES);
    await row(ben.page, WELCOME_TITLE).click({ button: 'right' });
    expect(await menuEntry(ben.page, 'Rename')).toEqual({ enabled: false, title: READER_PAGES });
    expect((await menuEntry(ben.page, 'Export as Markdown')).enabled).toBe(true); // reading is his
    await ben.page.keyboard.press('Escape');
    // Nor invite anyone (only a steward signs an invite's grant); Ana, the steward, may.
    await inviteRefused(ben.page, 'reader');
    expect(await inviteButton(ana.page).isEnabled()).toBe(true);
    await ben.page.locator('[data-testid=workspace-switcher]').click();
    expect(await ben.page.getByRole('menuitem', { name: 'Invite to this workspace…' }).isEnabled()).toBe(false);
    // Nor rename the workspace or import pages into it: offered disabled, saying why (the host would refuse).
    expect(await menuEntry(ben.page, 'Rename workspace…')).toEqual({ enabled: false, title: 'Only stewards can rename the workspace; you are a reader.' });
    expect(await menuEntry(ben.page, 'Import Markdown folder…')).toEqual({ enabled: false, title: 'Only contributors and stewards can import pages; you are a reader.' });
    // Ben's own "My community" and the one he joined share a name: the menu tells them apart.
    const workspaceEntries = await ben.page.getByRole('menuitem', { name: /^My community/ }).allTextContents();
    expect(workspaceEntries).toHaveLength(2);
    expect(new Set(workspaceEntries).size).toBe(2);
    // Not a full-page shot: resizing the viewport for one closes the menu.
    await ben.page.screenshot({ path: join(RESULTS_DIR, 'roles-reader-menu.png'), animations: 'disabled' });
    await ben.page.keyboard.press('Escape');
    await screenshot(ben.page, 'roles-reader');
    // Ana, the steward, is offered both.
    const anas = await workspaceMenuEntries(ana.page);
    expect([anas.rename.enabled, anas.import.enabled]).toEqual([true, true]);
  });

  it('a commenter can comment but cannot edit', async () => {
    await row(ana.page, WELCOME_TITLE).click();
    await setBensRole('commenter');
    await screenshot(ana.page, 'roles-members');
    await closeMembers(ana.page);
    await expect.poll(() => ben.page.locator('[data-testid=sidebar-my-role]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Commenter');
    expect(await editor(ben.page).getAttribute('contenteditable')).toBe('false');
    await inviteRefused(ben.page, 'commenter');
    await selectWords(ben.page, WORDS);
    await ben.page.locator('[data-testid=bubble-menu] button[aria-label=Comment]').click({ timeout: UI_TIMEOUT_MS });
    await ben.page.locator('[data-testid=comment-composer] textarea').fill('Does this hold on a boat?');
    await ben.page.locator('[data-testid=comment-composer-submit]').click();
    await expect.poll(() => threads(ben.page).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    // It reaches Ana: her host took a commenter's comment.
    // (Her panel opened with one click could be closed by a second that raced it: open it until it is.)
    await expect
      .poll(
        async () => {
          if ((await ana.page.locator('[data-testid=comments-panel]').count()) === 0) await ana.page.locator('[data-testid=comments-toggle]').click();
          return threads(ana.page).allTextContents();
        },
        { timeout: UI_TIMEOUT_MS },
      )
      .toEqual([expect.stringContaining('Does this hold on a boat?')]);
    const before = await editorText(ben.page);
    await editor(ben.page).click();
    await ben.page.keyboard.type('a commenter was here');
    expect(await editorText(ben.page)).toBe(before);
  });

  it('a commenter asks a question, and the steward sees it', async () => {
    await ben.page.click('[data-testid=open-questions]');
    const ask = ben.page.locator('[data-testid=ask-question]');
    expect(await ask.isEnabled()).toBe(true);
    expect(await ask.getAttribute('title')).toBeNull();
    await ask.click();
    // His own question: he types its title and its body (the editor is his here, and nothing says otherwise).
    await ben.page.locator('[data-testid=page-title]:focus').waitFor({ timeout: UI_TIMEOUT_MS });
    await ben.page.keyboard.type(QUESTION);
    await expect.poll(() => editor(ben.page).getAttribute('contenteditable'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    await ben.page.keyboard.press('Enter');
    await ben.page.keyboard.type(QUESTION_BODY);
    expect(await ben.page.locator('[data-testid=role-banner]').count()).toBe(0);
    // Its host took every word (the host holds our renderer to our role too): saved, not refused.
    await ben.page.locator('[data-testid=save-status][data-state=saved]', { hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // Its kind and tags stay a contributor's.
    expect(await ben.page.locator('[data-testid=kind-picker]').isEnabled()).toBe(false);
    await screenshot(ben.page, 'roles-commenter-asks');

    // Ana, the steward, on the other host: among the open questions, asked by Ben, with its body.
    await ana.page.click('[data-testid=open-questions]');
    const asked = ana.page.locator('[data-testid=question-row]', { hasText: QUESTION });
    await asked.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await asked.textContent()).toContain('Ben');
    await asked.click();
    await expect.poll(() => editorText(ana.page), { timeout: UI_TIMEOUT_MS }).toContain(QUESTION_BODY);
    await screenshot(ana.page, 'roles-question-steward');
    // Ana answers (a reply in the comments doc); Ben, its asker, accepts the answer, and Ana sees it.
    await ana.page.locator('[data-testid=answer-composer] textarea').fill('Ours keeps going in a dry bag with a spare cell.');
    await ana.page.click('[data-testid=answer-composer-submit]');
    await ben.page.locator('[data-testid=answer-accept]').click({ timeout: UI_TIMEOUT_MS });
    await ana.page.locator('[data-testid=answers] [data-testid=answer][data-accepted=true]').waitFor({ timeout: UI_TIMEOUT_MS });
    // Making a guide of it is a new page: offered to Ana, and to Ben disabled with the reason.
    expect(await ana.page.locator('[data-testid=question-to-guide]').isEnabled()).toBe(true);
    const bensGuide = ben.page.locator('[data-testid=question-to-guide]');
    expect(await bensGuide.isDisabled()).toBe(true);
    expect(await bensGuide.getAttribute('title')).toContain('you are a commenter');

    // Back on Ana's welcome page, Ben still cannot type.
    await row(ana.page, WELCOME_TITLE).click();
    await row(ben.page, WELCOME_TITLE).click();
    await expect.poll(() => editorText(ben.page), { timeout: UI_TIMEOUT_MS }).toContain(WORDS);
    expect(await editor(ben.page).getAttribute('contenteditable')).toBe('false');
    await ben.page.locator('[data-testid=role-banner]').waitFor();
    expect(await ben.page.locator('[data-testid=role-banner]').textContent()).toContain('you can comment and ask, but not edit pages');
  });

  it('a steward promotes the commenter, who can then edit', async () => {
    await setBensRole('contributor');
    await closeMembers(ana.page);
    await expect.poll(() => editor(ben.page).getAttribute('contenteditable'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    expect(await ben.page.locator('[data-testid=role-banner]').count()).toBe(0);
    await inviteRefused(ben.page, 'contributor');
    // His menus followed: he may import pages and add them now, still not rename the workspace.
    const bens = await workspaceMenuEntries(ben.page);
    expect(bens.import.enabled).toBe(true);
    expect(bens.rename).toEqual({ enabled: false, title: 'Only stewards can rename the workspace; you are a contributor.' });
    expect(await ben.page.locator('[data-testid=new-page]').isEnabled()).toBe(true);
    await editor(ben.page).locator('p').last().click();
    await ben.page.keyboard.press('End');
    await ben.page.keyboard.type(' Ben can write now.');
    await expect.poll(() => editorText(ana.page), { timeout: UI_TIMEOUT_MS }).toContain('Ben can write now.');
    await screenshot(ben.page, 'roles-contributor');
  });

  it('a steward removes a member, who is told it keeps what it had', async () => {
    await ana.page.locator('[data-testid=open-members]').click();
    const benRow = ana.page.locator('[data-testid=members-dialog] [data-testid=member]').filter({ hasText: 'Ben' });
    await screenshot(ana.page, 'roles-members-steward');
    await benRow.locator('[data-testid=member-remove]').click();
    const confirm = ana.page.locator('[data-testid=remove-member-dialog]');
    expect(await confirm.textContent()).toContain('Removed members keep what they already had');
    await screenshot(ana.page, 'roles-remove-confirm');
    await confirm.locator('[data-testid=confirm-remove]').click();
    const removed = ana.page.locator('[data-testid=members-dialog] [data-testid=member][data-role=removed]');
    await removed.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await removed.textContent()).toContain('Ben');
    await closeMembers(ana.page);
    // Ben's host learned it before its connections were closed: it offers him nothing more.
    await expect.poll(() => editor(ben.page).getAttribute('contenteditable'), { timeout: UI_TIMEOUT_MS }).toBe('false');
    await ben.page.locator('[data-testid=role-banner]').waitFor({ timeout: UI_TIMEOUT_MS });
    ana.assertNoPageErrors();
    ben.assertNoPageErrors();
  });
});
