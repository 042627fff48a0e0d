/**
 * Uploads image files through the bridge and inserts them as `attachment:` images. The insert
 * position is tracked while the upload runs (a remote edit may move it, see
 * `editor.utils.createMappablePosition`, which Collaboration backs with a Yjs relative position),
 * and all images of one paste or drop land together in a single, undoable step.
 */
import type { Editor } from '@tiptap/core';
import type { AttachmentId } from '../../../shared/ids';
import { CommonplaceError } from '../../../shared/errors';
import { checkImageFile, formatAttachmentSrc } from './attachment-src';

export interface ImageUploadDeps {
  upload(file: File): Promise<AttachmentId>;
  onError(error: CommonplaceError): void;
}

function trackPosition(editor: Editor, pos: number) {
  let position = editor.utils.createMappablePosition(pos);
  const onTransaction = ({ transaction }: { transaction: Parameters<Editor['utils']['getUpdatedPosition']>[1] }) => {
    position = editor.utils.getUpdatedPosition(position, transaction).position;
  };
  editor.on('transaction', onTransaction);
  return {
    get: () => position.position,
    dispose: () => editor.off('transaction', onTransaction),
  };
}

/** Checks, uploads and inserts `files` at `at`; every refused or failed file is reported and skipped. */
export async function insertImageFiles(
  editor: Editor,
  files: readonly File[],
  at: number,
  deps: ImageUploadDeps,
): Promise<void> {
  const accepted = files.filter((file) => {
    const problem = checkImageFile(file);
    if (problem) deps.onError(problem);
    return problem === null;
  });
  if (accepted.length === 0 || editor.isDestroyed) return;
  const tracker = trackPosition(editor, at);
  try {
    const sources: string[] = [];
    for (const file of accepted) {
      try {
        sources.push(formatAttachmentSrc(await deps.upload(file)));
      } catch (error) {
        const cause = CommonplaceError.from(error);
        deps.onError(new CommonplaceError(cause.code, `Could not attach “${file.name}”: ${cause.message}`, { cause }));
      }
    }
    if (sources.length === 0 || editor.isDestroyed) return;
    const pos = Math.max(0, Math.min(tracker.get(), editor.state.doc.content.size));
    editor
      .chain()
      .insertContentAt(pos, sources.map((src) => ({ type: 'image', attrs: { src } })))
      .run();
  } finally {
    tracker.dispose();
  }
}
