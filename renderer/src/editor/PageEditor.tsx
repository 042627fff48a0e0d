/**
 * The page editor: TipTap bound to a page doc's `content` fragment, with the other members'
 * carets from awareness, the slash menu, the bubble menu and image attachments.
 *
 * Mounted only once the doc holds its stored content; it never inserts content of its own
 * (seeding per client duplicates content when peers meet). Errors it cannot act on (a refused
 * file, a failed upload) go to `onError`, or, without one, to a notice inside the editor.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Bridge } from '../../../shared/bridge/client';
import { checkExternalUrl } from '../../../shared/bridge/external-url';
import { CommonplaceError } from '../../../shared/errors';
import type { AttachmentId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { setActiveEditor } from './active-editor';
import { EditorBubbleMenu } from './EditorBubbleMenu';
import { EditorNotice } from './EditorNotice';
import { buildExtensions } from './extensions';
import { insertImageFiles } from './image-insert';
import { LinkPrompt } from './link-prompt';
import { SlashMenu } from './SlashMenu';
import { SlashMenuController } from './slash-menu';
import type { PageDirectory } from './page-directory';
import type { CommentsController } from './comments/comments-controller';
import { WikiLinkMenu } from './WikiLinkMenu';
import { WikiLinkMenuController } from './wiki-link-menu';
import './editor.css';
import './nodes.css';

const log = createLogger('editor');

/** What the image picker offers; the host accepts exactly ALLOWED_ATTACHMENT_MIME. */
const IMAGE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,image/avif,image/svg+xml';

export interface PageEditorProps {
  /** The page doc; its content lives in `doc.getXmlFragment('content')`. */
  readonly doc: Y.Doc;
  /** The page doc's awareness; its local state carries `user: { name, color, id }`. */
  readonly awareness: Awareness;
  readonly workspaceId: WorkspaceId;
  readonly bridge: Bridge;
  readonly editable: boolean;
  /** Our role lets us comment (a commenter comments on a page it may not edit); default true. */
  readonly canComment?: boolean;
  readonly onError?: (error: CommonplaceError) => void;
  /** The workspace's pages, for wiki links (`[[`), embeds and their current titles. */
  readonly pages?: PageDirectory;
  /** The page's comments (highlights, the Comment button, Ctrl/Cmd+Alt+M). */
  readonly comments?: CommentsController;
}

export function PageEditor(props: PageEditorProps) {
  const { doc, awareness, workspaceId, bridge, editable, pages, comments } = props;
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const [ui] = useState(() => ({ slashMenu: new SlashMenuController(), linkPrompt: new LinkPrompt(), wikiLinkMenu: new WikiLinkMenuController() }));
  const [notice, setNotice] = useState<string | null>(null);
  const dismissNotice = useCallback(() => setNotice(null), []);
  const fileInput = useRef<HTMLInputElement>(null);

  const services = useMemo(() => {
    const onError = (error: CommonplaceError) => {
      log.warn(error.code, error.message);
      const report = latest.current.onError;
      if (report) report(error);
      else setNotice(error.message);
    };
    const upload = async (file: File): Promise<AttachmentId> => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return (await bridge.attachments.put({ workspaceId, bytes, mime: file.type })).id;
    };
    const openLink = (href: string) => {
      const verdict = checkExternalUrl(href);
      if (!verdict.ok) return log.debug('not opening link', href, verdict.reason);
      bridge.app.openExternal({ url: verdict.url }).catch((error: unknown) => onError(CommonplaceError.from(error)));
    };
    return { onError, upload, openLink };
  }, [bridge, workspaceId]);

  const extensions = useMemo(
    () =>
      buildExtensions({
        doc,
        awareness,
        resolveAttachment: (id) => bridge.attachmentUrl(workspaceId, id),
        ...services,
        slashMenu: ui.slashMenu,
        linkPrompt: ui.linkPrompt,
        pickImage: () => fileInput.current?.click(),
        pages: pages ?? null,
        wikiLinkMenu: ui.wikiLinkMenu,
        comments: comments ?? null,
      }),
    [doc, awareness, bridge, workspaceId, services, ui, pages, comments],
  );

  const editor = useEditor(
    {
      extensions,
      editable,
      editorProps: { attributes: { class: 'cp-editor__content', 'aria-label': 'Page content', spellcheck: 'true' } },
    },
    [extensions],
  );

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => setActiveEditor(editor), [editor]);

  const onFilesChosen = (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = ''; // choosing the same file again must fire `change` again
    if (files.length === 0 || editor.isDestroyed) return;
    insertImageFiles(editor, files, editor.state.selection.from, services).catch((error: unknown) =>
      services.onError(CommonplaceError.from(error)),
    );
  };

  return (
    <div className="cp-editor" data-testid="editor">
      <EditorContent editor={editor} />
      <EditorBubbleMenu editor={editor} linkPrompt={ui.linkPrompt} canComment={comments !== undefined && props.canComment !== false} />
      <SlashMenu editor={editor} controller={ui.slashMenu} />
      {pages && <WikiLinkMenu editor={editor} controller={ui.wikiLinkMenu} />}
      <input
        ref={fileInput}
        type="file"
        accept={IMAGE_ACCEPT}
        multiple
        hidden
        data-testid="editor-image-input"
        onChange={(event) => onFilesChosen(event.currentTarget)}
      />
      {notice && <EditorNotice message={notice} onDismiss={dismissNotice} />}
    </div>
  );
}
