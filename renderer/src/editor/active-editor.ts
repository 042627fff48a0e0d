/**
 * The editor that currently has a page open, for end-to-end tests only.
 *
 * Tests drive the real UI, but some assertions need the document itself (remote caret labels are
 * DOM inside paragraphs, so reading text from the screen is unreliable). When the renderer runs in
 * development (`import.meta.env.DEV`) or `localStorage.COMMONPLACE_TEST === '1'` (an e2e test sets
 * it with `context.addInitScript` before the app loads), `window.__commonplaceTest.editor` is a
 * getter returning the active TipTap Editor, e.g.
 *   `page.evaluate(() => window.__commonplaceTest.editor.getJSON())`
 *   `page.evaluate(() => window.__commonplaceTest.editor.commands.insertTable({ rows: 2, cols: 2, withHeaderRow: true }))`
 * In a production build without that flag nothing is exposed.
 */
import type { Editor } from '@tiptap/core';

export const TEST_HOOK_FLAG = 'COMMONPLACE_TEST';

let active: Editor | null = null;

export const getActiveEditor = (): Editor | null => active;

/** Makes `editor` the active one; the returned function clears it (if it is still active). */
export function setActiveEditor(editor: Editor): () => void {
  active = editor;
  installTestHook();
  return () => {
    if (active === editor) active = null;
  };
}

function testHookEnabled(): boolean {
  if (import.meta.env.DEV) return true;
  try {
    return globalThis.localStorage?.getItem(TEST_HOOK_FLAG) === '1';
  } catch {
    return false; // localStorage can throw in sandboxed frames: no hook
  }
}

let installed = false;

function installTestHook(): void {
  if (installed || !testHookEnabled()) return;
  installed = true;
  // Other modules may add their own members to the same object, so extend it rather than replace it.
  const g = globalThis as { __commonplaceTest?: object };
  const hook = (g.__commonplaceTest ??= {});
  Object.defineProperty(hook, 'editor', { get: getActiveEditor, configurable: true, enumerable: true });
}
