/**
 * "Turn into a guide": the content of a practice guide made from a question and its answers, as
 * ProseMirror JSON (shared/markdown's node names), for the host to write once into the new
 * guide's page doc:
 *
 *   Made from the question [[question]].           ← a wikiLink back to the question
 *   ## The question                                  ← the question page's own content
 *   ## Accepted answer — Ada                         ← the accepted answer first
 *   ## Answer — Grace                                ← then the others, most helpful first
 *      body paragraphs; "n members found this helpful."; replies as a list "Name: text"
 *
 * Deleted answers and replies are left out. Pure: names come from the caller.
 */
import type { PageId } from '../ids';
import type { PMJson, PMNode } from '../markdown/doc';
import type { WikiLinkAttrs } from '../markdown/nodes';
import type { CommentRecord, ThreadId, ThreadRecord } from './comments';

export interface GuideSource {
  readonly questionId: PageId;
  readonly questionTitle: string;
  /** The question page's blocks (fragmentToDoc(...).content). */
  readonly questionContent: readonly PMNode[];
  /** The answers in the order to show them (questions.ts answersInOrder). */
  readonly answers: readonly ThreadRecord[];
  readonly acceptedId: ThreadId | null;
  /** The display name of a comment's author. */
  readonly nameOf: (comment: CommentRecord) => string;
}

const GUIDE_TITLE_PREFIX = 'Guide: ';
const UNTITLED_QUESTION = 'Untitled question';

export function guideTitle(questionTitle: string): string {
  return GUIDE_TITLE_PREFIX + (questionTitle.trim() || UNTITLED_QUESTION);
}

export function buildGuideDoc(source: GuideSource): PMJson {
  const title = source.questionTitle.trim() || UNTITLED_QUESTION;
  const link: WikiLinkAttrs = { pageId: source.questionId, target: title, label: null, heading: null };
  const content: PMNode[] = [
    paragraph([text('Made from the question '), { type: 'wikiLink', attrs: { ...link } }, text('.')]),
    heading(2, 'The question'),
    ...(hasText(source.questionContent) ? source.questionContent : [paragraph([text(title)])]),
  ];
  for (const answer of source.answers) {
    const [opening, ...replies] = answer.comments;
    if (opening === undefined || opening.deletedAt !== null) continue;
    const label = answer.id === source.acceptedId ? 'Accepted answer' : 'Answer';
    content.push(heading(2, `${label} — ${source.nameOf(opening)}`), ...bodyBlocks(opening.body));
    if (answer.votes.length > 0) {
      const who = answer.votes.length === 1 ? '1 member' : `${answer.votes.length} members`;
      content.push(paragraph([text(`${who} found this helpful.`, [{ type: 'italic' }])]));
    }
    const kept = replies.filter((reply) => reply.deletedAt === null);
    if (kept.length > 0) {
      content.push({
        type: 'bulletList',
        content: kept.map((reply) => ({
          type: 'listItem',
          content: [paragraph([text(`${source.nameOf(reply)}: `, [{ type: 'bold' }]), ...inline(reply.body)])],
        })),
      });
    }
  }
  return { type: 'doc', content };
}

/** Plain-text comment → paragraphs (blank lines) with hard breaks (single newlines). */
function bodyBlocks(body: string): PMNode[] {
  return body
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => paragraph(inline(part)));
}

function inline(body: string): PMNode[] {
  const out: PMNode[] = [];
  body.split('\n').forEach((line, i) => {
    if (i > 0) out.push({ type: 'hardBreak' });
    if (line !== '') out.push(text(line));
  });
  return out;
}

const text = (value: string, marks?: PMNode['marks']): PMNode => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const paragraph = (content: PMNode[]): PMNode => ({ type: 'paragraph', content });
const heading = (level: number, value: string): PMNode => ({ type: 'heading', attrs: { level }, content: [text(value)] });

function hasText(nodes: readonly PMNode[]): boolean {
  return nodes.some((node) => (typeof node.text === 'string' && node.text.trim() !== '') || (node.type !== 'paragraph' && node.type !== 'text') || hasText(node.content ?? []));
}
