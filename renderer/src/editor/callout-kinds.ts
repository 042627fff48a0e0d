/** Callout kinds: their colour group, their header text, and which kind strings are accepted. */

/** Kinds as Obsidian spells them and aliases them, grouped by the colour they are shown in. */
const TONES = {
  info: ['note', 'info', 'todo', 'abstract', 'summary', 'tldr'],
  success: ['tip', 'hint', 'important', 'success', 'check', 'done'],
  question: ['question', 'help', 'faq'],
  warning: ['warning', 'caution', 'attention'],
  danger: ['failure', 'fail', 'missing', 'danger', 'error', 'bug'],
  example: ['example'],
  quote: ['quote', 'cite'],
} as const satisfies Record<string, readonly string[]>;
export type CalloutTone = keyof typeof TONES;

export function calloutTone(kind: string): CalloutTone {
  const lower = kind.toLowerCase();
  for (const [tone, kinds] of Object.entries(TONES)) if ((kinds as readonly string[]).includes(lower)) return tone as CalloutTone;
  return 'info';
}

/** What the header says: the title as written, else the kind with a capital. */
export function calloutHeading(kind: string, title: string | null): string {
  if (title !== null && title.trim() !== '') return title;
  return kind === '' ? 'Note' : kind.charAt(0).toLocaleUpperCase() + kind.slice(1);
}

const KIND = /^[\p{L}\p{N}_-]{1,64}$/u;
export const safeKind = (value: unknown): string => (typeof value === 'string' && KIND.test(value) ? value.toLowerCase() : 'note');
