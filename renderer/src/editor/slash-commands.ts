/**
 * The commands of the slash menu: what each one is called, the words it is found by, and what it
 * does to the editor. Pure data plus editor commands; the menu's state and rendering live in
 * slash-menu.ts and SlashMenu.tsx.
 */
import type { Editor, Range } from '@tiptap/core';
import { TEMPLATE_SLASH_COMMANDS } from './template-commands';

/** What a command may use besides the editor: the UI it cannot reach from inside TipTap. */
export interface SlashCommandContext {
  readonly editor: Editor;
  /** The `/query` text to replace. */
  readonly range: Range;
  /** Opens the image file picker; chosen files are inserted at the selection. */
  readonly pickImage: () => void;
}

export interface SlashCommand {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Lower-case words the command is also found by. */
  readonly keywords: readonly string[];
  run(context: SlashCommandContext): void;
}

/** The size of the table the slash menu inserts; other sizes: `editor.commands.insertTable`. */
export const DEFAULT_TABLE_SIZE = { rows: 3, cols: 3 } as const;

const start = ({ editor, range }: SlashCommandContext) => editor.chain().focus().deleteRange(range);

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  {
    id: 'text',
    title: 'Text',
    description: 'Start writing with plain text',
    keywords: ['paragraph', 'plain', 'p'],
    run: (c) => start(c).setParagraph().run(),
  },
  ...([1, 2, 3] as const).map(
    (level): SlashCommand => ({
      id: `heading-${level}`,
      title: `Heading ${level}`,
      description: ['Large section heading', 'Medium section heading', 'Small section heading'][level - 1] ?? '',
      keywords: [`h${level}`, 'title', 'heading'],
      run: (c) => start(c).setHeading({ level }).run(),
    }),
  ),
  {
    id: 'bullet-list',
    title: 'Bullet list',
    description: 'A simple bulleted list',
    keywords: ['unordered', 'ul', 'bullets', '-'],
    run: (c) => start(c).toggleBulletList().run(),
  },
  {
    id: 'numbered-list',
    title: 'Numbered list',
    description: 'A list with numbering',
    keywords: ['ordered', 'ol', '1.'],
    run: (c) => start(c).toggleOrderedList().run(),
  },
  {
    id: 'task-list',
    title: 'Task list',
    description: 'Track to-dos with checkboxes',
    keywords: ['todo', 'to-do', 'checkbox', 'check'],
    run: (c) => start(c).toggleTaskList().run(),
  },
  {
    id: 'quote',
    title: 'Quote',
    description: 'Capture a quotation',
    keywords: ['blockquote', 'citation', '>'],
    run: (c) => start(c).toggleBlockquote().run(),
  },
  {
    id: 'code-block',
    title: 'Code block',
    description: 'Code with syntax highlighting',
    keywords: ['code', 'pre', 'snippet', '```'],
    run: (c) => start(c).setCodeBlock().run(),
  },
  {
    id: 'table',
    title: 'Table',
    description: '3 × 3 grid with a header row',
    keywords: ['grid', 'spreadsheet', 'columns', 'rows'],
    run: (c) => start(c).insertTable({ ...DEFAULT_TABLE_SIZE, withHeaderRow: true }).run(),
  },
  {
    id: 'divider',
    title: 'Divider',
    description: 'A horizontal rule between sections',
    keywords: ['hr', 'rule', 'separator', 'line', '---'],
    run: (c) => start(c).setHorizontalRule().run(),
  },
  {
    id: 'image',
    title: 'Image',
    description: 'Upload a picture from your computer',
    keywords: ['picture', 'photo', 'img', 'upload', 'figure'],
    run: (c) => {
      start(c).run();
      c.pickImage();
    },
  },
  ...TEMPLATE_SLASH_COMMANDS,
];

/**
 * The commands matching `query`, best first: titles that start with the query, then titles
 * containing it, then keyword matches; ties keep menu order. An empty query lists them all.
 */
export function filterSlashCommands(query: string, commands: readonly SlashCommand[] = SLASH_COMMANDS): SlashCommand[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...commands];
  const rank = (command: SlashCommand): number => {
    const title = command.title.toLowerCase();
    if (title.startsWith(q)) return 0;
    if (title.split(/\s+/).some((word) => word.startsWith(q))) return 1;
    if (title.includes(q)) return 2;
    if (command.keywords.some((keyword) => keyword.startsWith(q))) return 3;
    return -1;
  };
  return commands
    .map((command, index) => ({ command, index, rank: rank(command) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.command);
}
