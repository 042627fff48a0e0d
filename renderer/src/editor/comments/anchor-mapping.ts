/**
 * ProseMirror positions ⇄ comment anchors (Yjs relative positions on the page's content), through
 * the Collaboration binding's own mapping (y-tiptap keeps it in the sync plugin's state).
 */
import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { createAnchor, resolveAnchor, toYPosition, type Anchor, type YPosition } from '../../../../shared/model/comment-anchors';

type Mapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

/** What of the Collaboration binding the mapping needs: the page doc, its fragment, y-tiptap's node map. */
export interface Binding {
  readonly doc: Y.Doc;
  readonly type: Y.XmlFragment;
  readonly mapping: Mapping;
}

function bindingOf(state: EditorState): Binding | null {
  const binding: unknown = (ySyncPluginKey.getState(state) as { binding?: unknown } | undefined)?.binding;
  if (typeof binding !== 'object' || binding === null) return null;
  const { doc, type, mapping } = binding as Partial<Binding>;
  return doc instanceof Y.Doc && type instanceof Y.XmlFragment && mapping instanceof Map ? { doc, type, mapping } : null;
}

/** The anchor of the range from..to of the editor's document, or null before the binding exists. */
export function anchorFromRange(state: EditorState, from: number, to: number): Anchor | null {
  const binding = bindingOf(state);
  return binding === null ? null : anchorInBinding(binding, from, to);
}

/** Where an anchor's words are in the editor's document now; null when orphaned or not rendered yet. */
export function rangeOfAnchor(state: EditorState, anchor: Anchor): { from: number; to: number } | null {
  const binding = bindingOf(state);
  return binding === null ? null : rangeInBinding(binding, anchor, state.doc.content.size);
}

export function anchorInBinding(binding: Binding, from: number, to: number): Anchor | null {
  if (from >= to) return null;
  const { doc, type, mapping } = binding;
  const start = toYPosition(doc, absolutePositionToRelativePosition(from, type, mapping) as Y.RelativePosition);
  const end = toYPosition(doc, absolutePositionToRelativePosition(to, type, mapping) as Y.RelativePosition);
  return start === null || end === null ? null : createAnchor(start, end);
}

/** `size`: the editor document's content size; a range past it is not rendered yet. */
export function rangeInBinding(binding: Binding, anchor: Anchor, size: number): { from: number; to: number } | null {
  const resolved = resolveAnchor(binding.doc, binding.type, anchor);
  if (resolved === null) return null;
  const from = toEditorPosition(binding, resolved.start);
  const to = toEditorPosition(binding, resolved.end);
  if (from === null || to === null || from >= to || to > size) return null;
  return { from, to };
}

function toEditorPosition({ doc, type, mapping }: Binding, position: YPosition): number | null {
  // NOTE: y-tiptap refuses a position that names an item and lands at 0 or 1 (its guard for
  // carets after a structural change), which would hide a comment on a page's first word. A
  // position relative to the type at the same index resolves to the same place and passes.
  const relative = Y.createRelativePositionFromTypeIndex(position.type, position.index, -1);
  return relativePositionToAbsolutePosition(doc, type, relative, mapping);
}
