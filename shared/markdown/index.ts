/**
 * Markdown (CommonMark + GFM + Obsidian) ⇄ Commonplace page documents. Pure TypeScript: no Node,
 * DOM, Electron or React, so the host (import/export services, CLI) and the renderer (paste,
 * "export this page") share it.
 *
 *   markdownToDoc(md, { resolveLink, resolveImage, selfPageId? }) → { doc, frontmatter, report }
 *   docToMarkdown(doc, { titleOf, pathOfAttachment, frontmatter? }) → string
 *   docToFragment(doc, yXmlFragment, origin?) / fragmentToDoc(yXmlFragment) → the editor's Yjs layout
 *   normalizeDoc(doc) → canonical JSON for comparing documents
 *
 * Documents are ProseMirror JSON `{ type: 'doc', content: [...] }` with TipTap's node names:
 * paragraph, heading{level}, bulletList>listItem, orderedList{start}>listItem,
 * taskList>taskItem{checked}, blockquote, codeBlock{language}, horizontalRule,
 * table>tableRow>(tableHeader|tableCell){colspan,rowspan,colwidth}>paragraph,
 * image{src,alt,title,width?} (a block atom; src `attachment:sha256-<hex>` or http(s)), hardBreak;
 * marks bold, italic, strike, code, underline, link{href,title?}.
 *
 * NEW NODES this layer introduces — the editor must add TipTap extensions with these exact names
 * and attributes (see nodes.ts for the TypeScript shapes):
 *
 *   wikiLink  inline atom  { pageId: PageId | null, target: string, label: string | null, heading: string | null }
 *             `[[target|label]]`. target is the link as written without the label ("Page#Heading",
 *             "folder/Page", "#Heading" for the same page); heading is the part after '#'. The
 *             editor shows label ?? current title of pageId (?? target when unresolved).
 *   embed     block atom   { pageId: PageId | null, target: string }
 *             `![[Note]]` / `![[Note#Section]]` — a transclusion of another page (images become
 *             `image` nodes instead).
 *   callout   block        { kind: string, title: string | null, folded: boolean | null }, content: block+
 *             `> [!kind]± title`. kind lower-case as written (note, tip, warning, info, released, …);
 *             title is raw Markdown source of the header line; folded: '-' → true, '+' → false,
 *             none → null.
 *
 * Safety contract (tested in hostile.test.ts): no HTML node type exists; HTML blocks become
 * `codeBlock{language:'html'}`, inline HTML literal text (or unwrapped formatting tags);
 * link marks carry only http(s), mailto or scheme-less hrefs; images only attachment or http(s)
 * sources; markdownToDoc never throws.
 */
export { markdownToDoc, parseMarkdown, type MarkdownImport, type ImportContext, type ImportReport, type Frontmatter } from './from-markdown';
export { docToMarkdown, type ExportContext } from './to-markdown';
export { linkText as linkableTitle } from './to-markdown-inline';
export { docToFragment, fragmentToDoc } from './yjs-fragment';
export { normalizeDoc, tidyDoc } from './normalize';
export { parseFrontmatter, stringifyFrontmatter } from './frontmatter';
export { NODE_TYPES, MARK_TYPES, emptyDoc, type PMJson, type PMNode, type PMMark, type NodeType, type MarkType } from './doc';
export type { WikiLinkAttrs, EmbedAttrs, CalloutAttrs, ImageAttrs } from './nodes';
