/**
 * The built-in page templates: each a ProseMirror JSON document in the editor's node names (see
 * shared/markdown/index.ts) and the kind a page made from it gets.
 *
 * A page made from a template gets this content exactly once, written by the host of the member
 * who made it (`pages.createFromTemplate`, electron/host/pages/templates.ts) — never by a client
 * on load, which would duplicate it when peers meet (ARCHITECTURE.md §3). A community's own
 * templates are ordinary pages with `isTemplate` set (pages.ts `setPageTemplate`).
 */
import type { PageId } from '../ids';
import type { PMJson, PMNode } from '../markdown/doc';
import type { BuiltinPageKind } from './schema';

export const BUILTIN_TEMPLATE_IDS = ['practice-guide', 'lessons-learned', 'meeting-notes', 'question'] as const;
export type BuiltinTemplateId = (typeof BUILTIN_TEMPLATE_IDS)[number];

export interface BuiltinTemplate {
  readonly id: BuiltinTemplateId;
  readonly name: string;
  /** One line for the template picker. */
  readonly description: string;
  readonly kind: BuiltinPageKind;
  readonly doc: PMJson;
}

/** Which template to make a page from: a built-in one, or a page of the workspace marked as one. */
export type TemplateRef = { readonly builtin: string } | { readonly pageId: PageId };

export const isBuiltinTemplateId = (id: string): id is BuiltinTemplateId => (BUILTIN_TEMPLATE_IDS as readonly string[]).includes(id);

// ---- builders: the smallest JSON TipTap itself would write --------------------------------

const text = (value: string, bold = false): PMNode =>
  bold ? { type: 'text', text: value, marks: [{ type: 'bold' }] } : { type: 'text', text: value };
const p = (...parts: Array<string | PMNode>): PMNode => {
  const content = parts.filter((part) => part !== '').map((part) => (typeof part === 'string' ? text(part) : part));
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
};
const h2 = (value: string): PMNode => ({ type: 'heading', attrs: { level: 2 }, content: [text(value)] });
const item = (value: string): PMNode => ({ type: 'listItem', content: [p(value)] });
const bullets = (...items: string[]): PMNode => ({ type: 'bulletList', content: items.map(item) });
const numbered = (...items: string[]): PMNode => ({ type: 'orderedList', attrs: { start: 1 }, content: items.map(item) });
const tasks = (...items: string[]): PMNode => ({
  type: 'taskList',
  content: items.map((value) => ({ type: 'taskItem', attrs: { checked: false }, content: [p(value)] })),
});
const cell = (type: 'tableHeader' | 'tableCell', value: string): PMNode => ({
  type,
  attrs: { colspan: 1, rowspan: 1 },
  content: [p(value)],
});
const table = (header: readonly string[], ...rows: ReadonlyArray<readonly string[]>): PMNode => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((value) => cell('tableHeader', value)) },
    ...rows.map((row) => ({ type: 'tableRow', content: row.map((value) => cell('tableCell', value)) })),
  ],
});
const doc = (...content: PMNode[]): PMJson => ({ type: 'doc', content });

// ---- the templates ------------------------------------------------------------------------

export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = [
  {
    id: 'practice-guide',
    name: 'Practice guide',
    description: 'How your community does something, step by step',
    kind: 'guide',
    doc: doc(
      h2('Purpose'),
      p('What this practice achieves, and for whom.'),
      h2('When to use'),
      bullets('Situations where this practice fits', 'When to use something else instead'),
      h2('Steps'),
      numbered('First step', 'Second step', 'Third step'),
      h2('Pitfalls'),
      table(['Pitfall', 'How to avoid it'], ['', '']),
      h2('References'),
      bullets('Related pages, papers or links'),
    ),
  },
  {
    id: 'lessons-learned',
    name: 'Lessons learned',
    description: 'Look back on a project or an event, and decide what to change',
    kind: 'report',
    doc: doc(
      h2('What happened'),
      p('A short account: the goal, who took part, what the outcome was.'),
      h2('What went well'),
      bullets(''),
      h2('What to change'),
      bullets(''),
      h2('Actions'),
      tasks('Who does what, by when'),
    ),
  },
  {
    id: 'meeting-notes',
    name: 'Meeting notes',
    description: 'Agenda, notes, decisions and action items',
    kind: 'note',
    doc: doc(
      p(text('Date:', true), ' '),
      p(text('Attendees:', true), ' '),
      h2('Agenda'),
      numbered(''),
      h2('Notes'),
      p(),
      h2('Decisions'),
      bullets(''),
      h2('Action items'),
      tasks(''),
    ),
  },
  {
    id: 'question',
    name: 'Question',
    description: 'Ask the community, with the context it needs to answer',
    kind: 'question',
    doc: doc(
      h2('The question'),
      p('One or two sentences: what do you want to know?'),
      h2('Context'),
      p('What you are working on, and why the answer matters.'),
      h2('What I tried'),
      bullets(''),
    ),
  },
];

export function builtinTemplate(id: string): BuiltinTemplate | undefined {
  return BUILTIN_TEMPLATES.find((template) => template.id === id);
}
