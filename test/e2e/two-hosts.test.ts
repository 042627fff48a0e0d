/**
 * Two members on two hosts, end to end (issue 3's acceptance): two `serve` processes with their
 * own data directories, B started with A's signaling address (loopback, discovery off), and a
 * browser context on each (two-host-fixture.ts).
 *
 * 1. Ana (on A) opens the welcome page and makes an invite from the UI: a short code.
 * 2. Ben (on B) joins with the code from "Join a workspace" under his name: the workspace and its
 *    pages arrive by sync, and he opens the same page.
 * 3. Ana types; the words appear in Ben's editor, with Ana's caret labelled "Ana" in her colour.
 *    Ben types back; Ana sees it. Each sees the other in "Here now", on that page.
 * 4. Screenshots of both: test-results/e2e/two-hosts-a.png and two-hosts-b.png.
 *
 * The hosts sync in Node (WebRTC between the serve processes); Chromium only shows the UI.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectBridge } from '../../electron/host/serve/bridge-call';
import { WELCOME_TITLE } from '../../shared/model/welcome';
import { screenshot, type AppPage } from './harness';
import { useTwoHosts } from './two-host-fixture';

const UI_TIMEOUT_MS = 30_000;
const ANA = 'Ana';
const WORKSPACE = 'Field station';
const BEN = 'Ben';

const hosts = useTwoHosts('two-hosts');
let ana: AppPage;
let ben: AppPage;

const content = (page: Page) => page.locator('[data-testid=editor] [contenteditable=true]');
/** The editor's text without remote caret labels (they are DOM inside the paragraph). */
const editorText = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-testid=editor] [contenteditable=true]');
    if (!root) return '';
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((el) => el.remove());
    return copy.textContent ?? '';
  });
const row = (page: Page, title: string) => page.locator('[data-testid=page-tree] [data-testid=page-row]').filter({ hasText: title });

beforeAll(async () => {
  // Ana's name, as she would set it in her profile; her workspace's name.
  const bridge = await connectBridge(hosts.a.port, hosts.a.token);
  await bridge.call('app', 'setProfile', { name: ANA });
  const [workspace] = await bridge.call<Array<{ id: string }>>('workspaces', 'list');
  await bridge.call('workspaces', 'rename', { workspaceId: workspace?.id, name: WORKSPACE });
  bridge.close();
});

describe('two members on two hosts', () => {
  it('join by code from the UI, co-edit live, see each other', async () => {
    ana = await hosts.open('a');
    ben = await hosts.open('b');

    // 1. Ana opens the welcome page and makes an invite.
    await row(ana.page, WELCOME_TITLE).click();
    await content(ana.page).waitFor({ timeout: UI_TIMEOUT_MS });
    await ana.page.locator('[data-testid=open-share]').click();
    await ana.page.locator('[data-testid=create-invite]').click();
    const code = (await ana.page.locator('[data-testid=invite-code]').textContent({ timeout: UI_TIMEOUT_MS }))?.trim() ?? '';
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await ana.page.locator('[data-testid=invite-link]').inputValue()).toMatch(/^commonplace:\/\/join\//);
    await screenshot(ana.page, 'two-hosts-a-invite');
    await ana.page.locator('[data-testid=share-dialog] button[type=submit]').click();

    // 2. Ben joins with the code, under his name.
    await ben.page.locator('[data-testid=workspace-switcher]').click();
    await ben.page.getByRole('menuitem', { name: 'Join a workspace…' }).click();
    await ben.page.locator('[data-testid=join-invite]').fill(code.toLowerCase()); // typed as heard
    await ben.page.locator('[data-testid=join-name]').fill(BEN);
    await expect.poll(() => ben.page.locator('[data-testid=join-preview]').textContent()).toContain(`Code ${code}`);
    await screenshot(ben.page, 'two-hosts-b-join');
    await ben.page.locator('[data-testid=join-submit]').click();
    await ben.page.locator('[data-testid=join-dialog]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await expect.poll(() => ben.page.locator('[data-testid=workspace-switcher]').textContent(), { timeout: UI_TIMEOUT_MS }).toContain(WORKSPACE);
    await row(ben.page, WELCOME_TITLE).waitFor({ timeout: UI_TIMEOUT_MS }); // arrived by sync
    await row(ben.page, WELCOME_TITLE).click();
    await content(ben.page).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => editorText(ben.page), { timeout: UI_TIMEOUT_MS }).toContain('Everything works offline');

    // 3. Ana types; Ben sees the words and Ana's caret, labelled with her name.
    await content(ana.page).locator('h2').first().click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' Hello from Ana.');
    await expect.poll(() => editorText(ben.page), { timeout: UI_TIMEOUT_MS }).toContain('Hello from Ana.');
    const caret = ben.page.locator('[data-testid=editor] .collaboration-carets__label', { hasText: ANA });
    await caret.waitFor({ timeout: UI_TIMEOUT_MS });
    const anaColor = await ben.page.locator('[data-testid=presence]', { hasText: ANA }).locator('.presence-dot').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await caret.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(anaColor);

    await content(ben.page).locator('p').last().click();
    await ben.page.keyboard.press('End');
    await ben.page.keyboard.type(' And hello from Ben.');
    await expect.poll(() => editorText(ana.page), { timeout: UI_TIMEOUT_MS }).toContain('And hello from Ben.');
    await ana.page.locator('[data-testid=editor] .collaboration-carets__label', { hasText: BEN }).waitFor({ timeout: UI_TIMEOUT_MS });

    // Presence: each sees the other, on the welcome page; the header says they are in sync.
    await expect.poll(() => ana.page.locator('[data-testid=presence]').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual([`${BEN}${WELCOME_TITLE}`]);
    await expect.poll(() => ben.page.locator('[data-testid=presence]').allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual([`${ANA}${WELCOME_TITLE}`]);
    await expect.poll(() => ben.page.locator('[data-testid=sync-badge]').getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('synced');

    // 4. Both, side by side in the report.
    await ana.page.mouse.move(0, 0);
    await screenshot(ana.page, 'two-hosts-a');
    await screenshot(ben.page, 'two-hosts-b');
    ana.assertNoPageErrors();
    ben.assertNoPageErrors();
  });

  it('the peers panel names the other member as connected', async () => {
    await ben.page.locator('[data-testid=sync-badge]').click();
    const peers = ben.page.locator('[data-testid=peers-dialog] [data-testid=peer]');
    await expect.poll(() => peers.allTextContents(), { timeout: UI_TIMEOUT_MS }).toEqual([`${ANA}connected`]);
    await screenshot(ben.page, 'two-hosts-b-peers');
    await ben.page.keyboard.press('Escape');
  });
});
