/**
 * The editor's extension list, in one place: what a page can contain and how editing behaves.
 * Built without React or DOM access, so a unit test can inspect it.
 */
import type { AnyExtension } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { CodeBlockLowlight } from '@tiptap/extension-code-block-lowlight';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Placeholder, Selection } from '@tiptap/extensions';
import { common, createLowlight } from 'lowlight';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { PAGE_CONTENT } from '../../../shared/model/schema';
import type { AttachmentId } from '../../../shared/ids';
import type { CommonplaceError } from '../../../shared/errors';
import { AttachmentImage } from './attachment-image';
import { localCaretUser, renderCaret, renderSelection } from './carets';
import { Clipboard } from './clipboard';
import { LinkBehaviour } from './link-behaviour';
import type { LinkPrompt } from './link-prompt';
import { isAllowedHref, shouldAutoLink } from './link-policy';
import { SlashMenu, type SlashMenuController } from './slash-menu';
import { Comments } from './comments/comment-highlights';
import type { CommentsController } from './comments/comments-controller';
import { Callout } from './callout';
import { Embed } from './embed';
import type { PageDirectory } from './page-directory';
import { WikiLink } from './wiki-link';
import { WikiLinkMenu, type WikiLinkMenuController } from './wiki-link-menu';

export const PLACEHOLDER = 'Type / for commands…';

/** Highlighting for the languages lowlight calls `common` (about 35 of the most used). */
const lowlight = createLowlight(common);

export interface EditorEnvironment {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** The displayable URL of an attachment of this page's workspace. */
  readonly resolveAttachment: (id: AttachmentId) => string;
  /** Stores an image file as an attachment of this page's workspace. */
  readonly upload: (file: File) => Promise<AttachmentId>;
  readonly openLink: (href: string) => void;
  readonly onError: (error: CommonplaceError) => void;
  readonly slashMenu: SlashMenuController | null;
  readonly linkPrompt: LinkPrompt | null;
  readonly pickImage: () => void;
  /** The workspace's pages, for wiki links and embeds (titles, trash state, opening, `[[`). */
  readonly pages?: PageDirectory | null;
  readonly wikiLinkMenu?: WikiLinkMenuController | null;
  /** The page's comments: highlights, and "Comment" on the selection (comments/). */
  readonly comments?: CommentsController | null;
}

export function buildExtensions(env: EditorEnvironment): AnyExtension[] {
  return [
    StarterKit.configure({
      // Collaboration brings the Yjs UndoManager, which undoes only this member's changes.
      undoRedo: false,
      codeBlock: false,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        protocols: [],
        isAllowedUri: (url) => isAllowedHref(url),
        shouldAutoLink,
      },
    }),
    CodeBlockLowlight.configure({ lowlight, defaultLanguage: null }),
    Collaboration.configure({ fragment: env.doc.getXmlFragment(PAGE_CONTENT) }),
    CollaborationCaret.configure({
      provider: { awareness: env.awareness },
      user: localCaretUser(env.awareness),
      render: renderCaret,
      selectionRender: renderSelection,
    }),
    Table.configure({ resizable: true, allowTableNodeSelection: true }),
    TableRow,
    TableHeader,
    TableCell,
    TaskList,
    TaskItem.configure({ nested: true }),
    AttachmentImage.configure({ resolveAttachment: env.resolveAttachment }),
    Placeholder.configure({
      placeholder: ({ node }) => (node.type.name === 'heading' ? `Heading ${String(node.attrs.level)}` : PLACEHOLDER),
    }),
    Selection,
    Clipboard.configure({ upload: env.upload, onError: env.onError }),
    LinkBehaviour.configure({ prompt: env.linkPrompt, openLink: env.openLink }),
    SlashMenu.configure({ controller: env.slashMenu, pickImage: env.pickImage }),
    WikiLink.configure({ pages: env.pages ?? null }),
    Embed.configure({ pages: env.pages ?? null }),
    Callout,
    WikiLinkMenu.configure({ controller: env.wikiLinkMenu ?? null, pages: env.pages ?? null }),
    Comments.configure({ controller: env.comments ?? null }),
  ];
}
