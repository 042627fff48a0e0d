/**
 * Slash commands that insert a built-in template's sections at the cursor: the editor's way to
 * "start from a template" in a page that already exists. The member's own edit, made once, like
 * any other typing (a new page from a template is made by the host: pages.createFromTemplate).
 */
import { BUILTIN_TEMPLATES } from '../../../shared/model';
import type { SlashCommand } from './slash-commands';

export const TEMPLATE_SLASH_COMMANDS: readonly SlashCommand[] = BUILTIN_TEMPLATES.map(
  (template): SlashCommand => ({
    id: `template-${template.id}`,
    title: `${template.name} template`,
    description: template.description,
    keywords: ['template', ...template.name.toLowerCase().split(/\s+/)],
    run: ({ editor, range }) => editor.chain().focus().deleteRange(range).insertContent(template.doc.content).run(),
  }),
);
