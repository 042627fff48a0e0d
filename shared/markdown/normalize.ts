/**
 * normalizeDoc: a canonical form of ProseMirror JSON for comparing documents (round-trip tests,
 * "did the re-import change anything"). Two documents the editor shows identically normalise to
 * deep-equal JSON:
 * - attributes that are null/undefined or equal to the schema default are dropped (y-tiptap writes
 *   every non-null attribute, the Markdown importer only the meaningful ones), and so is an empty
 *   `attrs`;
 * - marks are sorted into MARK_TYPES order, their default attributes dropped, empty `marks` dropped;
 * - empty text nodes are dropped and adjacent text nodes with equal marks merged;
 * - empty `content` arrays are dropped.
 * The input is never mutated.
 */
import { MARK_TYPES, type Attrs, type PMMark, type PMNode } from './doc';

/** Schema defaults of TipTap's nodes and marks (StarterKit, table, task list, link). */
const DEFAULT_ATTRS: Record<string, Attrs> = {
  orderedList: { start: 1 },
  taskItem: { checked: false },
  tableCell: { colspan: 1, rowspan: 1 },
  tableHeader: { colspan: 1, rowspan: 1 },
  link: { target: '_blank', rel: 'noopener noreferrer nofollow' },
};

function cleanAttrs(type: string, attrs: Attrs | undefined): Attrs | undefined {
  if (!attrs) return undefined;
  const defaults = DEFAULT_ATTRS[type] ?? {};
  const kept = Object.entries(attrs)
    .filter(([key, value]) => value !== null && value !== undefined && defaults[key] !== value)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

const markRank = (mark: PMMark): number => {
  const rank = (MARK_TYPES as readonly string[]).indexOf(mark.type);
  return rank < 0 ? MARK_TYPES.length : rank;
};

function cleanMarks(marks: PMMark[] | undefined): PMMark[] | undefined {
  if (!marks || marks.length === 0) return undefined;
  const cleaned = marks.map((mark) => {
    const attrs = cleanAttrs(mark.type, mark.attrs);
    return attrs ? { type: mark.type, attrs } : { type: mark.type };
  });
  cleaned.sort((a, b) => markRank(a) - markRank(b) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return cleaned;
}

const sameMarks = (a: PMMark[] | undefined, b: PMMark[] | undefined): boolean =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

function normalizeContent(content: PMNode[] | undefined): PMNode[] | undefined {
  if (!content) return undefined;
  const out: PMNode[] = [];
  for (const child of content) {
    const next = normalizeNode(child);
    if (next.type === 'text' && !next.text) continue;
    const last = out[out.length - 1];
    if (last && last.type === 'text' && next.type === 'text' && sameMarks(last.marks, next.marks)) {
      out[out.length - 1] = { ...last, text: `${last.text ?? ''}${next.text ?? ''}` };
    } else {
      out.push(next);
    }
  }
  return out.length > 0 ? out : undefined;
}

function normalizeNode(input: PMNode): PMNode {
  const result: PMNode = { type: input.type };
  const attrs = cleanAttrs(input.type, input.attrs);
  if (attrs) result.attrs = attrs;
  const content = normalizeContent(input.content);
  if (content) result.content = content;
  const marks = cleanMarks(input.marks);
  if (marks) result.marks = marks;
  if (input.type === 'text') result.text = input.text ?? '';
  return result;
}

export function normalizeDoc<T extends PMNode>(json: T): T {
  return normalizeNode(json) as T;
}

/**
 * The light pass every produced document gets: empty text nodes (which ProseMirror refuses)
 * dropped and adjacent text nodes with equal marks merged; attributes untouched.
 */
export function tidyDoc<T extends PMNode>(json: T): T {
  if (!json.content) return json;
  const content: PMNode[] = [];
  for (const child of json.content) {
    const next = tidyDoc(child);
    if (next.type === 'text' && !next.text) continue;
    const last = content[content.length - 1];
    if (last?.type === 'text' && next.type === 'text' && sameMarks(last.marks, next.marks)) {
      content[content.length - 1] = { ...last, text: `${last.text ?? ''}${next.text ?? ''}` };
    } else {
      content.push(next);
    }
  }
  return { ...json, content };
}
