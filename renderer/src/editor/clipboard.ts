/**
 * Paste and drop, before ProseMirror's own handling: image files are uploaded as attachments
 * (never inlined as data: URLs), other files are refused with a message, and very large pastes
 * go in as plain text (see paste-policy.ts). Ordinary pastes fall through to ProseMirror, whose
 * schema-driven HTML parser keeps only what the schema knows (no scripts, no unknown tags).
 */
import { Extension } from '@tiptap/core';
import { Fragment, Slice } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { CommonplaceError } from '../../../shared/errors';
import type { AttachmentId } from '../../../shared/ids';
import { insertImageFiles } from './image-insert';
import { LARGE_PASTE_CHARS, MAX_PASTE_CHARS, decidePaste, splitPlainText } from './paste-policy';

export interface ClipboardOptions {
  /** Stores an image file as an attachment of the page's workspace. */
  upload: (file: File) => Promise<AttachmentId>;
  onError: (error: CommonplaceError) => void;
}

/**
 * Whether clipboard HTML says more than "an image": a browser's "Copy image" puts the picture
 * both as a file and as `<img src=…>` HTML, and we want the file (stored locally) in that case;
 * a copied document with text and pictures is pasted as HTML.
 */
function htmlHasText(html: string): boolean {
  if (html === '') return false;
  if (html.length >= LARGE_PASTE_CHARS) return true;
  // DOMParser builds an inert document: no scripts run, no resources load.
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  return text.trim() !== '';
}

function insertPlainText(view: EditorView, text: string): void {
  const { state } = view;
  if (state.selection.$from.parent.type.spec.code) {
    view.dispatch(state.tr.insertText(text).scrollIntoView());
    return;
  }
  const { paragraph } = state.schema.nodes;
  if (!paragraph) return;
  const lines = splitPlainText(text).map((line) => paragraph.create(null, line ? state.schema.text(line) : null));
  // Open on both sides, so the first and last lines join the paragraphs around the selection.
  view.dispatch(state.tr.replaceSelection(new Slice(Fragment.from(lines), 1, 1)).scrollIntoView());
}

export const Clipboard = Extension.create<ClipboardOptions>({
  name: 'clipboard',

  addOptions() {
    return {
      upload: () => Promise.reject(new CommonplaceError('unavailable', 'attachments are not available here')),
      onError: () => undefined,
    };
  },

  addProseMirrorPlugins() {
    const { editor } = this;
    const { onError } = this.options;
    const insertFiles = (files: File[], at: number) => {
      insertImageFiles(editor, files, at, this.options).catch((error: unknown) => onError(CommonplaceError.from(error)));
    };
    return [
      new Plugin({
        key: new PluginKey('clipboard'),
        props: {
          handleDOMEvents: {
            paste: (view, event) => {
              const data = event.clipboardData;
              if (!view.editable || !data) return false;
              const files = Array.from(data.files);
              if (files.length > 0 && !htmlHasText(data.getData('text/html'))) {
                event.preventDefault();
                insertFiles(files, view.state.selection.from);
                return true;
              }
              const text = data.getData('text/plain');
              const decision = decidePaste({ text: text.length, html: data.getData('text/html').length });
              if (decision === 'default') return false;
              event.preventDefault();
              if (decision === 'refuse') {
                const mib = Math.round(MAX_PASTE_CHARS / (1024 * 1024));
                onError(new CommonplaceError('too-large', `That paste is too large (over ${mib} million characters).`));
              } else {
                insertPlainText(view, text);
              }
              return true;
            },
            drop: (view, event) => {
              const files = Array.from(event.dataTransfer?.files ?? []);
              if (!view.editable || files.length === 0) return false;
              event.preventDefault();
              const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? view.state.selection.from;
              insertFiles(files, at);
              return true;
            },
          },
        },
      }),
    ];
  },
});
