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
import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { EDITS_KEY_PREFIX, isEditRecordsMap } from './activity';
import { pageOfCommentsDoc } from './comments-doc';
import { roleAtLeast, type Role } from './members';
import { QUESTION_KIND } from './questions';
import type { ChangeSet, Verdict } from './roles-policy';
import { MAX_TITLE_LENGTH } from './page-writes';
import { getPageMap, getPagesMap, PAGE_CONTENT, PAGE_TEXT_MOVES, WORKSPACE_PAGES } from './schema';
import { isPageId, type PageId } from '../ids';

const OK: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });

/** Whether a field's value is one an asker's question may hold (`writer`: the asker). */
type FieldCheck = (value: unknown, writer: string) => boolean;

/** An order key is a few characters (fractional-indexing); anything this long is not one of ours. */
const MAX_ORDER_LENGTH = 1000;
/** fractional-indexing's digits (base 62); the library checks a key's head and end, not every digit. */
const BASE_62_KEY = /^[0-9A-Za-z]+$/;

/** The fields of a new question's record, each with the value an asker's may hold. */
const NEW_QUESTION_FIELDS: ReadonlyMap<string, FieldCheck> = new Map<string, FieldCheck>([
  ['title', (v) => isTitle(v)],
  ['parentId', (v) => v === null],
  ['order', (v) => isOrderKey(v)],
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
 * A key fractional-indexing accepts, as order.ts writes. A malformed one sorts anywhere (' ' before
 * every page) and makes the next placement beside it re-key every sibling (order.ts placeAt).
 */
function isOrderKey(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_ORDER_LENGTH || !BASE_62_KEY.test(value)) return false;
  try {
    generateKeyBetween(value, null); // throws on a malformed key
    return true;
  } catch {
    return false;
  }
}

/** The fields of one edit record (activity.ts `addEditRecords`): anything beside them is a payload, not a record. */
const EDIT_RECORD_FIELDS: ReadonlySet<string> = new Set(['last', 'count']);

/**
 * Whether a page's record is the first ever written under its key. Honest hosts write a record
 * once, under a fresh id (pages.ts `createPages` refuses an existing one); a record that came
 * after another under the same key (Yjs keeps the older as its `left`) replaced a page's record,
 * or took the id of a page deleted forever, or won a concurrent conflict with a crafted client
 * id. Every replica holding both records computes the same answer.
 */
const isFirstUnderKey = (record: Y.Map<unknown>): boolean => record._item !== null && record._item.left === null;

/**
 * The member who asked the question a doc is the page doc of: the page's `createdBy` when its kind
 * is 'question'; null for any other page, and for a doc that is not a page of this workspace.
 */
export function questionAskerOf(workspaceDoc: Y.Doc, docId: string): string | null {
  const page = getPageMap(workspaceDoc, docId as PageId);
  if (page === null || page.get('kind') !== QUESTION_KIND) return null;
  const askedBy = page.get('createdBy');
  if (typeof askedBy !== 'string' || askedBy === '') return null;
  // A question whose record replaced another page's (its id taken before our replica knew it),
  // or whose id is a page's comments doc (a question created before that page reached us), is
  // nobody's to write: its doc holds, or is, someone else's. Only questions pay for the scan.
  if (!isFirstUnderKey(page) || pageOfCommentsDoc(getPagesMap(workspaceDoc).keys(), docId) !== null) return null;
  return askedBy;
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
    if (was === undefined) return checkNewQuestionKey(role, key, after, record) ?? checkNewQuestion(role, writer, record);
    // The same record (its Yjs item), never one written over it: replacing a record would drop
    // what others wrote in it concurrently.
    if (!(was instanceof Y.Map) || !sameItem(was, record)) return no(`a ${role} may not replace a page's record`);
    if (!isFirstUnderKey(record)) return no(`a ${role} may not retitle a record that replaced another page's`);
    return checkRetitle(role, writer, was as Y.Map<unknown>, record);
  } catch {
    return no(`${WORKSPACE_PAGES} is not a map`); // a peer defined it as another type: getMap throws
  }
}

/**
 * The id a new question takes: a page id, never used before under `pages` (not the id of a page
 * deleted forever, whose page doc a host may still hold), and not the id of another doc of the
 * workspace — the workspace doc, or a page's comments doc, which would then be judged as this
 * question's body (roles-policy.ts docKindOf). Null if fine.
 */
function checkNewQuestionKey(role: Role, key: string, after: Y.Doc, record: Y.Map<unknown>): Verdict | null {
  if (!isPageId(key) || key === after.guid) return no(`a ${role} may ask a question only under a fresh page id`);
  if (!isFirstUnderKey(record)) return no(`a ${role} may not ask a question under the id of a page that was there before`);
  if (pageOfCommentsDoc(getPagesMap(after).keys(), key) !== null) return no(`a ${role} may not ask a question under the id of a page's comments doc`);
  return null;
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
  if (!isEditRecordsMap(value)) return no('malformed edit records');
  // isEditRecordsMap reads the fields it needs; a record carrying more would carry a payload into
  // the workspace doc every member loads. A plain object, too: lib0 decodes a key `__proto__` as
  // the object's prototype, where fields read but are not counted (nor encoded again).
  let bare = true;
  (value as Y.Map<unknown>).forEach((record) => {
    if (Object.getPrototypeOf(record) !== Object.prototype || Object.keys(record as object).some((field) => !EDIT_RECORD_FIELDS.has(field))) bare = false;
  });
  return bare ? OK : no('edit records with fields beside their own');
}

const sameItem = (a: Y.Map<unknown>, b: Y.Map<unknown>): boolean =>
  a._item !== null && b._item !== null && a._item.id.client === b._item.id.client && a._item.id.clock === b._item.id.clock;

/** A record's fields as comparable strings; a Y type never equals a plain value. */
function fieldsOf(entry: Y.Map<unknown>): Map<string, string> {
  const out = new Map<string, string>();
  entry.forEach((value, key) => out.set(key, value instanceof Y.AbstractType ? `Y ${JSON.stringify(value.toJSON())}` : JSON.stringify(value)));
  return out;
}
