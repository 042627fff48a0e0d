/**
 * What to do with a paste before ProseMirror sees it. Parsing a multi-megabyte HTML clipboard and
 * running every paste rule over it can hold the UI for minutes; past a named size we insert the
 * plain text as paragraphs instead, and past a hard cap we refuse (a page doc that large would
 * also be slow to sync to every peer).
 */

/** From this many characters of text or HTML, a paste skips HTML parsing and paste rules. */
export const LARGE_PASTE_CHARS = 2 * 1024 * 1024;
/** A paste with more characters of text than this is refused with a `too-large` error. */
export const MAX_PASTE_CHARS = 16 * 1024 * 1024;

export type PasteDecision = 'default' | 'plain-text' | 'refuse';

export function decidePaste(sizes: { readonly text: number; readonly html: number }): PasteDecision {
  if (sizes.text > MAX_PASTE_CHARS) return 'refuse';
  if (sizes.text >= LARGE_PASTE_CHARS || sizes.html >= LARGE_PASTE_CHARS) return 'plain-text';
  return 'default';
}

/** Lines of pasted plain text, one paragraph each; runs of line breaks collapse, as ProseMirror's own plain-text paste does. */
export function splitPlainText(text: string): string[] {
  return text.split(/(?:\r\n?|\n)+/);
}
