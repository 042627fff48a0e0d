/**
 * The welcome guide of a new workspace. Written exactly once, by the workspace's creator, into
 * the page doc — never seeded per client, which would duplicate it when peers meet.
 */
import type { Block } from './blocks';

export const WELCOME_TITLE = 'Welcome to Commonplace';

export const WELCOME_BLOCKS: readonly Block[] = [
  {
    type: 'paragraph',
    text: [
      'This is your community’s ',
      { text: 'commonplace book', marks: { bold: {} } },
      ': practice guides, answers, lessons learned and reports, kept on your own machines and shared with the people you invite.',
    ],
  },
  { type: 'heading', level: 2, text: 'Getting started' },
  {
    type: 'taskList',
    items: [
      { checked: false, text: 'Create a page with the + button in the sidebar' },
      { checked: false, text: 'Type / in a page for headings, lists, tables and more' },
      { checked: false, text: 'Drag pages in the sidebar to nest and reorder them' },
    ],
  },
  { type: 'blockquote', text: 'Everything works offline. Edits made apart merge when members meet.' },
];
