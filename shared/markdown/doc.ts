/**
 * ProseMirror JSON, as TipTap's editor and @tiptap/y-tiptap read and write it, and the node and
 * mark names a page document may contain. Every document this layer produces uses only these
 * names (the hostile-input tests assert it).
 */

export type Attrs = Record<string, unknown>;

export interface PMMark {
  type: string;
  attrs?: Attrs;
}

export interface PMNode {
  type: string;
  attrs?: Attrs;
  content?: PMNode[];
  marks?: PMMark[];
  text?: string;
}

/** A whole page: `{ type: 'doc', content: [...] }`. */
export interface PMJson extends PMNode {
  type: 'doc';
  content: PMNode[];
}

export const NODE_TYPES = [
  'doc',
  'paragraph',
  'text',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'taskList',
  'taskItem',
  'blockquote',
  'codeBlock',
  'horizontalRule',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'image',
  'hardBreak',
  'wikiLink',
  'callout',
  'embed',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Canonical mark order (ProseMirror sorts marks by schema rank; normalizeDoc sorts by this). */
export const MARK_TYPES = ['link', 'bold', 'italic', 'strike', 'underline', 'code'] as const;
export type MarkType = (typeof MARK_TYPES)[number];

export const text = (value: string, marks: PMMark[] = []): PMNode =>
  marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };

export const paragraph = (content: PMNode[] = []): PMNode =>
  content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };

export const node = (type: NodeType, attrs?: Attrs, content?: PMNode[]): PMNode => ({
  type,
  ...(attrs ? { attrs } : {}),
  ...(content && content.length > 0 ? { content } : {}),
});

export const emptyDoc = (): PMJson => ({ type: 'doc', content: [paragraph()] });

/** Nodes TipTap treats as blocks that may stand where a paragraph stands. */
export const isBlockAtom = (n: PMNode): boolean => n.type === 'image' || n.type === 'embed';

export const isPMNode = (value: unknown): value is PMNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
