/**
 * How other members' carets and selections are drawn. Everything in an awareness state comes
 * from a peer and is untrusted: the name goes in as text (never HTML) and is shortened, and the
 * colour is used only if it is a `#rrggbb` hex (CollaborationCaret already blanks anything else).
 */
import type { Awareness } from 'y-protocols/awareness';

export interface CaretUser {
  readonly name: string;
  readonly color: string;
  readonly [key: string]: unknown;
}

const MAX_LABEL_CHARS = 40;
const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const FALLBACK_USER: CaretUser = { name: 'Anonymous', color: '#7c7c7c' };
/** Alpha (hex) of a remote selection's highlight over its member's colour. */
const SELECTION_ALPHA = '33';

export function caretLabel(name: unknown): string {
  const text = typeof name === 'string' ? name.trim() : '';
  if (text === '') return FALLBACK_USER.name;
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}

/**
 * The local member as the session put it in awareness. CollaborationCaret writes its `user`
 * option back into the local awareness state, so this must be exactly what is already there.
 */
export function localCaretUser(awareness: Awareness): CaretUser {
  const user: unknown = awareness.getLocalState()?.user;
  if (typeof user === 'object' && user !== null) {
    const { name, color } = user as Record<string, unknown>;
    if (typeof name === 'string' && typeof color === 'string') return user as CaretUser;
  }
  return FALLBACK_USER;
}

export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' && HEX_COLOR.test(user.color) ? user.color : FALLBACK_USER.color;
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = caretLabel(user.name);
  caret.append(label);
  return caret;
}

export function renderSelection(user: Record<string, unknown>): { nodeName: string; class: string; style?: string } {
  const base = { nodeName: 'span', class: 'collaboration-carets__selection' };
  if (typeof user.color !== 'string' || !HEX_COLOR.test(user.color)) return base;
  return { ...base, style: `background-color: ${user.color}${SELECTION_ALPHA}` };
}
