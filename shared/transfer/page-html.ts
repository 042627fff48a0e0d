/**
 * One page as a standalone HTML file: the document rendered with escaped text, a small inline
 * style sheet, and images inlined (the caller turns an `attachment:` src into a `data:` URL).
 *
 * @safety The output runs no script, whatever the document holds: every text and attribute is
 * escaped; link hrefs pass the same allow-list as imported links (http, https, mailto or no
 * scheme; anything else renders as plain text); image sources are only what `imageSrc` returns
 * for attachments (a `data:image/...` URL the host built from stored bytes) or an http(s) URL;
 * and the file carries a Content-Security-Policy that forbids scripts anyway (defence in depth).
 */
import type { PageId } from '../ids';
import type { PMJson, PMMark, PMNode } from '../markdown';
import { classifyLinkHref, isAttachmentSrc, isRemoteImageUrl } from '../markdown/urls';

export interface HtmlContext {
  /** The current title of a linked page, or null when it is gone. */
  titleOf(pageId: PageId): string | null;
  /** A `data:` URL for an attachment src, or null when it is not stored. */
  imageSrc(src: string): string | null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|avif|svg\+xml);base64,[A-Za-z0-9+/=]+$/;

const CSP = "default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'";

const STYLE = `
body { font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
h1.page-title { font-size: 2rem; margin-bottom: 1.5rem; }
pre { background: #f6f8fa; padding: .75rem 1rem; overflow-x: auto; border-radius: 6px; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .9em; }
blockquote { margin: 0; padding-left: 1rem; border-left: 3px solid #d0d7de; color: #59636e; }
table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; vertical-align: top; }
img { max-width: 100%; }
.callout { border-left: 4px solid #0969da; background: #f1f6fe; padding: .5rem 1rem; margin: 1rem 0; border-radius: 4px; }
.callout-title { font-weight: 600; }
.wiki-link { color: #0969da; }
.wiki-link.unresolved { color: #8c959f; }
.embed { border: 1px dashed #d0d7de; padding: .4rem .8rem; color: #59636e; }
ul.task-list { list-style: none; padding-left: 1.2rem; }
.missing-image { color: #8c959f; font-style: italic; }
@media print { body { margin: 0; max-width: none; } }
`;

const attr = (value: unknown): string => escapeHtml(typeof value === 'string' ? value : '');

function wrapMark(mark: PMMark, inner: string): string {
  switch (mark.type) {
    case 'bold':
      return `<strong>${inner}</strong>`;
    case 'italic':
      return `<em>${inner}</em>`;
    case 'strike':
      return `<s>${inner}</s>`;
    case 'underline':
      return `<u>${inner}</u>`;
    case 'code':
      return `<code>${inner}</code>`;
    case 'link': {
      const href = typeof mark.attrs?.href === 'string' ? mark.attrs.href : '';
      const verdict = classifyLinkHref(href);
      return verdict.kind === 'link' ? `<a href="${escapeHtml(verdict.href)}" rel="noopener noreferrer">${inner}</a>` : inner;
    }
    default:
      return inner; // an unknown mark keeps its text
  }
}

function textHtml(n: PMNode): string {
  // Marks are applied innermost first in MARK order, links outermost.
  const marks = [...(n.marks ?? [])].reverse();
  return marks.reduce((inner, mark) => wrapMark(mark, inner), escapeHtml(n.text ?? ''));
}

function linkLabel(n: PMNode, ctx: HtmlContext): string {
  const attrs = n.attrs ?? {};
  const pageId = typeof attrs.pageId === 'string' ? (attrs.pageId as PageId) : null;
  const title = pageId !== null ? ctx.titleOf(pageId) : null;
  const label = typeof attrs.label === 'string' && attrs.label ? attrs.label : null;
  const target = typeof attrs.target === 'string' ? attrs.target : '';
  return label ?? title ?? target;
}

function imageHtml(n: PMNode, ctx: HtmlContext): string {
  const attrs = n.attrs ?? {};
  const src = typeof attrs.src === 'string' ? attrs.src : '';
  const alt = attr(attrs.alt);
  const width = typeof attrs.width === 'number' && Number.isFinite(attrs.width) ? ` width="${Math.round(attrs.width)}"` : '';
  let url: string | null = null;
  if (isRemoteImageUrl(src)) url = src;
  else if (isAttachmentSrc(src)) url = ctx.imageSrc(src);
  if (url !== null && !isRemoteImageUrl(url) && !DATA_IMAGE.test(url)) url = null;
  if (url === null) return `<p class="missing-image">[image${alt ? `: ${alt}` : ''}]</p>`;
  const title = typeof attrs.title === 'string' && attrs.title ? ` title="${attr(attrs.title)}"` : '';
  return `<p><img src="${escapeHtml(url)}" alt="${alt}"${title}${width}></p>`;
}

const children = (n: PMNode, ctx: HtmlContext): string => (n.content ?? []).map((c) => nodeHtml(c, ctx)).join('');

function nodeHtml(n: PMNode, ctx: HtmlContext): string {
  const inner = () => children(n, ctx);
  switch (n.type) {
    case 'text':
      return textHtml(n);
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'heading': {
      const level = Number(n.attrs?.level);
      const h = Number.isInteger(level) && level >= 1 && level <= 6 ? level : 2;
      return `<h${h}>${inner()}</h${h}>`;
    }
    case 'bulletList':
      return `<ul>${inner()}</ul>`;
    case 'orderedList': {
      const start = Number(n.attrs?.start);
      return `<ol${Number.isInteger(start) && start !== 1 ? ` start="${start}"` : ''}>${inner()}</ol>`;
    }
    case 'listItem':
      return `<li>${inner()}</li>`;
    case 'taskList':
      return `<ul class="task-list">${inner()}</ul>`;
    case 'taskItem':
      return `<li><input type="checkbox" disabled${n.attrs?.checked === true ? ' checked' : ''}> ${inner()}</li>`;
    case 'blockquote':
      return `<blockquote>${inner()}</blockquote>`;
    case 'callout': {
      const kind = typeof n.attrs?.kind === 'string' && n.attrs.kind ? n.attrs.kind : 'note';
      const title = typeof n.attrs?.title === 'string' && n.attrs.title ? n.attrs.title : kind;
      return `<div class="callout"><div class="callout-title">${escapeHtml(title)}</div>${inner()}</div>`;
    }
    case 'codeBlock': {
      const language = typeof n.attrs?.language === 'string' ? n.attrs.language.replace(/[^\w+-]/g, '') : '';
      const text = (n.content ?? []).map((c) => c.text ?? '').join('');
      return `<pre><code${language ? ` class="language-${language}"` : ''}>${escapeHtml(text)}</code></pre>`;
    }
    case 'horizontalRule':
      return '<hr>';
    case 'table':
      return `<table>${inner()}</table>`;
    case 'tableRow':
      return `<tr>${inner()}</tr>`;
    case 'tableHeader':
    case 'tableCell': {
      const tag = n.type === 'tableHeader' ? 'th' : 'td';
      const span = (name: string) => {
        const value = Number(n.attrs?.[name]);
        return Number.isInteger(value) && value > 1 ? ` ${name}="${value}"` : '';
      };
      return `<${tag}${span('colspan')}${span('rowspan')}>${inner()}</${tag}>`;
    }
    case 'image':
      return imageHtml(n, ctx);
    case 'hardBreak':
      return '<br>';
    case 'wikiLink': {
      const resolved = typeof n.attrs?.pageId === 'string';
      return `<span class="wiki-link${resolved ? '' : ' unresolved'}">${escapeHtml(linkLabel(n, ctx))}</span>`;
    }
    case 'embed':
      return `<div class="embed">Embedded page: ${escapeHtml(linkLabel(n, ctx))}</div>`;
    default:
      // A node a newer editor wrote: its content, or nothing.
      return inner();
  }
}

/** The document's body HTML (no page title). */
export function docToHtmlBody(doc: PMJson, ctx: HtmlContext): string {
  return children(doc, ctx);
}

/** A complete, standalone HTML file for one page. */
export function pageToHtml(title: string, doc: PMJson, ctx: HtmlContext): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1 class="page-title">${escapeHtml(title)}</h1>`,
    docToHtmlBody(doc, ctx),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
