/**
 * Asking, for members below contributor (issue 5: newcomers take part at the edge first — reading,
 * asking, commenting). A question is a page of kind 'question': its record lives in the workspace
 * doc's `pages`, its body in its page doc. Both are contributor sections in general; this module
 * is the narrow allowance roles-policy.ts makes for a commenter's OWN question:
 *
 * - in `pages`, a new record of kind 'question', created by the writer (`createdBy` and
 *   `updatedBy` are the member the connection — or our own host — proved), at the top level
 *   (where the UI's "Ask a question" puts it), not in the trash, not a template, with no icon and
 *   no tags, and only the fields the app writes (schema.ts PageFields, plus the writer's own edit
 *   records, activity.ts);
 * - afterwards, in that record, the title (with `updatedBy`/`updatedAt`, set to the writer) and
 *   the writer's own edit records; nothing else — no kind change, no move, no trash, no tags, and
 *   never another page's record;
 * - in the page doc of such a question, its body: the `content` fragment and the editor's
 *   `textMoves`.
 *
 * The page's author is the record's `createdBy`, which, like every claim in the workspace doc, an
 * honest host accepted only from a connection whose member it names (the rule above). Nothing that
 * waits on changes we lack is taken under this allowance: it would integrate later, unchecked.
 */
import * as Y from 'yjs';
import { EDITS_KEY_PREFIX, isEditRecordsMap } from './activity';
import { roleAtLeast, type Role } from './members';
import { QUESTION_KIND } from './questions';
import type { ChangeSet, Verdict } from './roles-policy';
import { MAX_TITLE_LENGTH } from './page-writes';
import { getPageMap, PAGE_CONTENT, PAGE_TEXT_MOVES, WORKSPACE_PAGES } from './schema';
import type { PageId } from '../ids';

const OK: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });

/** Whether a field's value is one an asker's question may hold (`writer`: the asker). */
type FieldCheck = (value: unknown, writer: string) => boolean;

/** An order key is a few characters (fractional-indexing); anything this long is not one of ours. */
const MAX_ORDER_LENGTH = 1000;

/** The fields of a new question's record, each with the value an asker's may hold. */
const NEW_QUESTION_FIELDS: ReadonlyMap<string, FieldCheck> = new Map<string, FieldCheck>([
  ['title', (v) => isTitle(v)],
  ['parentId', (v) => v === null],
  ['order', (v) => typeof v === 'string' && v !== '' && v.length <= MAX_ORDER_LENGTH],
  ['kind', (v) => v === QUESTION_KIND],
  ['tags', (v) => v instanceof Y.Array && v.length === 0],
  ['icon', (v) => v === null],
  ['createdBy', (v, writer) => v === writer],
  ['createdAt', (v) => isTime(v)],
  ['updatedBy', (v, writer) => v === writer],
  ['updatedAt', (v) => isTime(v)],
  ['movedAt', (v) => isTime(v)],
  ['trashedAt', (v) => v === null],
  ['isTemplate', (v) => v === false],
]);

/** The fields of its own question an asker may change afterwards (a retitle), besides its edit records. */
const RETITLE_FIELDS: ReadonlyMap<string, FieldCheck> = new Map<string, FieldCheck>([
  ['title', (v) => isTitle(v)],
  ['updatedBy', (v, writer) => v === writer],
  ['updatedAt', (v) => isTime(v)],
]);

/** The page doc's types an asker writes in its own question (the editor's). */
const BODY_ROOTS: ReadonlySet<string> = new Set([PAGE_CONTENT, PAGE_TEXT_MOVES]);

const isTitle = (value: unknown): boolean => typeof value === 'string' && value.length <= MAX_TITLE_LENGTH;
const isTime = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

/**
 * The member who asked the question a doc is the page doc of: the page's `createdBy` when its kind
 * is 'question'; null for any other page, and for a doc that is not a page of this workspace.
 */
export function questionAskerOf(workspaceDoc: Y.Doc, docId: string): string | null {
  const page = getPageMap(workspaceDoc, docId as PageId);
  if (page === null || page.get('kind') !== QUESTION_KIND) return null;
  const askedBy = page.get('createdBy');
  return typeof askedBy === 'string' && askedBy !== '' ? askedBy : null;
}

/**
 * Whether `me`, with `role`, may write the body (and title) of a page: a contributor or steward
 * any page; a commenter the questions it asked. The UI asks this to make the editor editable; the
 * hosts judge the actual writes (roles-policy.ts `checkWrite`).
 */
export function mayWritePage(role: Role | null, page: { readonly kind: string; readonly createdBy: string } | null | undefined, me: string | null): boolean {
  if (role !== null && roleAtLeast(role, 'contributor')) return true;
  return role === 'commenter' && page != null && me !== null && page.kind === QUESTION_KIND && page.createdBy === me;
}

/** A change of the page doc of a question `writer` asked: its body only, nothing pending. */
export function checkOwnQuestionBody(role: Role, changes: ChangeSet): Verdict {
  if (changes.pending) return no('an update waiting on changes we lack (only contributors may send those to a page)');
  for (const root of changes.roots.keys()) {
    if (!BODY_ROOTS.has(root)) return no(`a ${role} may write only the body of its own question, not its ${root}`);
  }
  return OK;
}

/**
 * A change of `key` in the workspace doc's `pages` by `writer`, a commenter: the record must be,
 * after it, a question `writer` created — new, with the fields of a new question; or the same
 * record as before, of which only the title and `writer`'s own edit records changed.
 */
export function checkOwnQuestionRecord(role: Role, writer: string, key: string | null, before: Y.Doc, after: Y.Doc): Verdict {
  if (key === null) return no(`${WORKSPACE_PAGES} is a map`);
  try {
    const was = before.getMap<unknown>(WORKSPACE_PAGES).get(key);
    const now = after.getMap<unknown>(WORKSPACE_PAGES).get(key);
    if (!(now instanceof Y.Map)) return no(`a ${role} may not remove or replace a page's record`);
    const record = now as Y.Map<unknown>;
    if (record.get('kind') !== QUESTION_KIND || record.get('createdBy') !== writer) return no(`a ${role} may add and retitle only questions it asks itself`);
    if (was === undefined) return checkNewQuestion(role, writer, record);
    // The same record (its Yjs item), never one written over it: replacing a record would drop
    // what others wrote in it concurrently.
    if (!(was instanceof Y.Map) || !sameItem(was, record)) return no(`a ${role} may not replace a page's record`);
    return checkRetitle(role, writer, was as Y.Map<unknown>, record);
  } catch {
    return no(`${WORKSPACE_PAGES} is not a map`); // a peer defined it as another type: getMap throws
  }
}

function checkNewQuestion(role: Role, writer: string, record: Y.Map<unknown>): Verdict {
  for (const [field, valid] of NEW_QUESTION_FIELDS) {
    if (!record.has(field)) return no(`a new question's record needs its ${field}`);
    if (!valid(record.get(field), writer)) return no(`a ${role} may not ask a question with that ${field}`);
  }
  for (const field of record.keys()) {
    if (NEW_QUESTION_FIELDS.has(field)) continue;
    const verdict = checkOwnEdits(role, writer, field, record.get(field));
    if (!verdict.ok) return verdict;
  }
  return OK;
}

function checkRetitle(role: Role, writer: string, was: Y.Map<unknown>, now: Y.Map<unknown>): Verdict {
  const old = fieldsOf(was);
  const next = fieldsOf(now);
  for (const field of new Set([...old.keys(), ...next.keys()])) {
    if (old.get(field) === next.get(field)) continue;
    const valid = RETITLE_FIELDS.get(field);
    if (valid) {
      if (!valid(now.get(field), writer)) return no(`a question's ${field} may not be ${next.get(field) ?? 'removed'}`);
      continue;
    }
    const verdict = checkOwnEdits(role, writer, field, now.get(field));
    if (!verdict.ok) return verdict;
  }
  return OK;
}

/** `field` of a question's record is the writer's own edit records (its host writes them as it types the body), well-formed. */
function checkOwnEdits(role: Role, writer: string, field: string, value: unknown): Verdict {
  if (field !== EDITS_KEY_PREFIX + writer) return no(`a ${role} may not change the ${field} of its question`);
  return isEditRecordsMap(value) ? OK : no('malformed edit records');
}

const sameItem = (a: Y.Map<unknown>, b: Y.Map<unknown>): boolean =>
  a._item !== null && b._item !== null && a._item.id.client === b._item.id.client && a._item.id.clock === b._item.id.clock;

/** A record's fields as comparable strings; a Y type never equals a plain value. */
function fieldsOf(entry: Y.Map<unknown>): Map<string, string> {
  const out = new Map<string, string>();
  entry.forEach((value, key) => out.set(key, value instanceof Y.AbstractType ? `Y ${JSON.stringify(value.toJSON())}` : JSON.stringify(value)));
  return out;
}
