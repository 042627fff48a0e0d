/**
 * ProseMirror JSON ⇄ Y.XmlFragment, in exactly the layout @tiptap/y-tiptap's sync plugin reads and
 * writes (checked against its createTypeFromElementNode / createNodeFromYElement /
 * marksToAttributes / attributesToMarks, and by yjs-fragment.test.ts against y-tiptap itself):
 * - each node is a Y.XmlElement named by its type; every non-null attribute is an XML attribute
 *   holding the value as is (a heading's `level` is the number 2, a colwidth an array);
 * - consecutive text nodes form one Y.XmlText; each mark is a formatting attribute
 *   `{ [markName]: markAttrs }` (`{}` for a mark without attributes).
 * y-tiptap names a mark that may overlap itself `name--<hash>`; TipTap's marks all exclude
 * themselves, so we write plain names and strip any such suffix when reading.
 *
 * Contract: docToFragment REPLACES the fragment's content, in one transaction when the fragment
 * belongs to a Y.Doc (pass the origin the caller's policy expects, e.g. `import`).
 */
import * as Y from 'yjs';
import type { Attrs, PMJson, PMMark, PMNode } from './doc';

type Delta = { insert: string; attributes?: Record<string, unknown> };

const isPresent = (value: unknown): boolean => value !== null && value !== undefined;

function marksToAttributes(marks: readonly PMMark[] | undefined): Record<string, unknown> | undefined {
  if (!marks || marks.length === 0) return undefined;
  return Object.fromEntries(marks.map((mark) => [mark.type, mark.attrs ?? {}]));
}

function textType(run: readonly PMNode[]): Y.XmlText {
  const type = new Y.XmlText();
  const delta: Delta[] = run
    .filter((n) => typeof n.text === 'string' && n.text !== '')
    .map((n) => {
      const attributes = marksToAttributes(n.marks);
      return attributes ? { insert: n.text as string, attributes } : { insert: n.text as string };
    });
  type.applyDelta(delta);
  return type;
}

function childTypes(content: readonly PMNode[] | undefined): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let run: PMNode[] = [];
  const flush = () => {
    if (run.some((n) => n.text)) out.push(textType(run));
    run = [];
  };
  for (const child of content ?? []) {
    if (child.type === 'text') {
      run.push(child);
    } else {
      flush();
      out.push(elementType(child));
    }
  }
  flush();
  return out;
}

function elementType(node: PMNode): Y.XmlElement {
  const element = new Y.XmlElement(node.type);
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    // Same rule as y-tiptap: null attributes are not stored (the schema default applies).
    if (isPresent(value) && key !== 'ychange') element.setAttribute(key, value as never);
  }
  const children = childTypes(node.content);
  if (children.length > 0) element.insert(0, children);
  return element;
}

/** Replaces `fragment`'s content with `doc`'s. */
export function docToFragment(doc: PMJson, fragment: Y.XmlFragment, origin: unknown = null): void {
  const write = () => {
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    const children = childTypes(doc.content).filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
    if (children.length > 0) fragment.insert(0, children);
  };
  if (fragment.doc) fragment.doc.transact(write, origin);
  else write();
}

/** `bold--k3j…` → `bold`: y-tiptap's key for a mark type that may overlap itself. */
const markName = (key: string): string => {
  const cut = key.indexOf('--');
  return cut >= 0 ? key.slice(0, cut) : key;
};

function textNodes(type: Y.XmlText): PMNode[] {
  const delta = type.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  return delta.flatMap((op) => {
    if (typeof op.insert !== 'string' || op.insert === '') return [];
    const marks: PMMark[] = Object.entries(op.attributes ?? {})
      .filter(([key]) => key !== 'ychange')
      .map(([key, value]) => {
        const attrs = typeof value === 'object' && value !== null ? (value as Attrs) : {};
        return Object.keys(attrs).length > 0 ? { type: markName(key), attrs: { ...attrs } } : { type: markName(key) };
      });
    return [marks.length > 0 ? { type: 'text', text: op.insert, marks } : { type: 'text', text: op.insert }];
  });
}

function nodeFromElement(element: Y.XmlElement): PMNode {
  const node: PMNode = { type: element.nodeName };
  const attributes = element.getAttributes() as Record<string, unknown>;
  const attrs = Object.fromEntries(Object.entries(attributes).filter(([key, value]) => key !== 'ychange' && isPresent(value)));
  if (Object.keys(attrs).length > 0) node.attrs = attrs;
  const content = contentOf(element);
  if (content.length > 0) node.content = content;
  return node;
}

function contentOf(parent: Y.XmlFragment | Y.XmlElement): PMNode[] {
  return parent.toArray().flatMap((child) => {
    if (child instanceof Y.XmlElement) return [nodeFromElement(child)];
    if (child instanceof Y.XmlText) return textNodes(child);
    return []; // Y.XmlHook: never written by TipTap
  });
}

/** The fragment as ProseMirror JSON; an empty fragment gives a doc with no content. */
export function fragmentToDoc(fragment: Y.XmlFragment): PMJson {
  return { type: 'doc', content: contentOf(fragment) };
}
