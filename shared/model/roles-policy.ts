/**
 * The write policy of the role ladder: which role may change what, per kind of doc.
 *
 *   doc kind     reader   commenter   contributor                       steward
 *   page         -        -           everything                        everything
 *   comments     -        everything  everything                        everything
 *   workspace    -        -           pages, kinds, members profiles;   everything (meta too);
 *                                     add (never change) grants, key    the logs add-only too
 *                                     rotations and box keys
 *   (and any member, whatever its role: the profile fields — name, colour — of its OWN entry in
 *   the workspace's `members`, nothing else; see checkOwnProfile)
 *   (and a commenter, to ask: a question page of its OWN — its record in `pages`, added and
 *   retitled, and its page doc's body; question-policy.ts)
 *
 * It judges an update by its effect, not its bytes: the host applies the update to a shadow copy
 * of the doc and hands the result here as a ChangeSet (which top-level types, and which of their
 * keys, changed; whether structs were left pending). An update that changes nothing (a relay of
 * what we already hold) is allowed from any member: a commenter's host that passes on page edits
 * it got from a contributor is not writing; one that adds structs, even where nothing shows (into a
 * deleted paragraph), is a write, judged as one. Pending structs (an update whose dependencies we lack)
 * are allowed only where the role may write everything, since they integrate later, unchecked.
 *
 * The add-only logs (`grants`, `keyRotations`, `boxKeys`) carry self-authenticating signed records:
 * anyone who may write the workspace doc may relay them; whether one counts is decided when it is
 * read (roles.ts, key-rotation.ts). An entry may never be deleted or replaced by another value
 * (the same record written by two hosts at once is no change), and must parse.
 */
import * as Y from 'yjs';
import { parseGrant } from '../crypto/grants';
import { parseBoxKey, parseRotation } from '../crypto/key-rotation';
import { pageOfCommentsDoc } from './comments-doc';
import { WORKSPACE_KINDS } from './kinds';
import { isMemberColor, isMemberName, roleAtLeast, type Role } from './members';
import { checkOwnQuestionBody, checkOwnQuestionRecord } from './question-policy';
import { WORKSPACE_GRANTS } from './roles';
import { getPagesMap, WORKSPACE_MEMBERS, WORKSPACE_META, WORKSPACE_PAGES } from './schema';

export const WORKSPACE_KEY_ROTATIONS = 'keyRotations';
export const WORKSPACE_BOX_KEYS = 'boxKeys';

export type DocKind = 'workspace' | 'page' | 'comments';

/** What an update changed: top-level type name → keys of it whose subtree changed (null: not a map). */
export interface ChangeSet {
  readonly roots: ReadonlyMap<string, ReadonlySet<string | null>>;
  /** The update left structs or deletions waiting for dependencies we lack. */
  readonly pending: boolean;
}

export const NO_CHANGE: ChangeSet = { roots: new Map(), pending: false };

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };
const OK: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });

/** The least role that may write anything at all in a doc of this kind. */
export const WRITE_ROLE: Readonly<Record<DocKind, Role>> = { workspace: 'contributor', page: 'contributor', comments: 'commenter' };

/** The least role that may ask a question (a page of its own, of kind 'question': question-policy.ts). */
export const ASK_ROLE: Role = 'commenter';

/** The least role that may change each top-level type of the workspace doc; others need steward. */
const WORKSPACE_SECTIONS: ReadonlyMap<string, Role> = new Map<string, Role>([
  [WORKSPACE_META, 'steward'],
  [WORKSPACE_PAGES, 'contributor'],
  [WORKSPACE_KINDS, 'contributor'],
  [WORKSPACE_MEMBERS, 'contributor'],
  [WORKSPACE_GRANTS, 'contributor'],
  [WORKSPACE_KEY_ROTATIONS, 'contributor'],
  [WORKSPACE_BOX_KEYS, 'contributor'],
]);

/** The fields of its own `members` entry any member may write (its profile), and what each must hold. */
const PROFILE_FIELDS: ReadonlyMap<string, { readonly valid: (value: unknown) => boolean; readonly expected: string }> = new Map([
  ['name', { valid: isMemberName, expected: 'a short, non-blank string' }],
  ['color', { valid: isMemberColor, expected: '#rrggbb' }],
]);

/** The add-only logs, each with the parser its entries must pass (and their key, the signature). */
const APPEND_ONLY: ReadonlyMap<string, (value: unknown) => { readonly sig: string } | null> = new Map<string, (value: unknown) => { readonly sig: string } | null>([
  [WORKSPACE_GRANTS, parseGrant],
  [WORKSPACE_KEY_ROTATIONS, parseRotation],
  [WORKSPACE_BOX_KEYS, parseBoxKey],
]);

export const isEmptyChange = (changes: ChangeSet): boolean => changes.roots.size === 0 && !changes.pending;

/**
 * Whether `after` holds structs `before` lacks. An update can add them and change nothing Yjs
 * reports: an insertion into a type already deleted (a paragraph someone removed) is deleted as
 * it integrates, yet page docs (`gc: false`) keep its content, store it and relay it. So "no
 * change" means a relay of what we hold, never new structs, however invisible.
 */
function addsStructs(before: Y.Doc, after: Y.Doc): boolean {
  for (const client of after.store.clients.keys()) if (Y.getState(after.store, client) > Y.getState(before.store, client)) return true;
  return false;
}

/** The least role that may change a top-level type of the workspace doc (the UI asks this, to offer an action). */
export const leastRoleToChange = (root: string): Role => WORKSPACE_SECTIONS.get(root) ?? 'steward';

/** Whether `role` may write anything at all in a doc of `kind` (the UI asks this). */
export const mayWrite = (role: Role | null, kind: DocKind): boolean => role !== null && roleAtLeast(role, WRITE_ROLE[kind]);

/**
 * Whether a member with `role` (null: not a member) may make `changes` to a doc of `kind`.
 * `before` is the doc as it is, `after` the shadow with the update applied (for the add-only
 * logs: was the key there, and does the new entry parse). `writer` is the member whose
 * connection (or renderer) the update came from, authenticated: a member below contributor may
 * still change its own profile in the workspace doc, and a commenter its own questions' records
 * there. `askedBy`, for a page doc, is who asked the question it is (question-policy.ts
 * `questionAskerOf`; null or absent: not a question): a commenter who asked it may write its
 * body. Without a writer, no such allowance.
 */
export function checkWrite(
  role: Role | null,
  kind: DocKind,
  changes: ChangeSet,
  before: Y.Doc,
  after: Y.Doc,
  writer?: string,
  askedBy?: string | null,
): Verdict {
  if (isEmptyChange(changes) && !addsStructs(before, after)) return OK;
  if (role === null) return no('not a member');
  if (!mayWrite(role, kind)) {
    if (kind === 'workspace' && writer !== undefined) return checkBelowContributor(role, writer, changes, before, after);
    if (kind === 'page' && writer !== undefined && askedBy === writer && roleAtLeast(role, ASK_ROLE)) return checkOwnQuestionBody(role, changes);
    return no(`a ${role} may not write a ${kind} doc`);
  }
  if (kind !== 'workspace') return OK;
  if (changes.pending && role !== 'steward') return no('an update waiting on changes we lack (only stewards may send those to the workspace doc)');
  for (const [root, keys] of changes.roots) {
    const least = leastRoleToChange(root);
    if (!roleAtLeast(role, least)) return no(`a ${role} may not change the workspace's ${root}`);
    const parse = APPEND_ONLY.get(root);
    if (!parse) continue;
    const verdict = checkAppendOnly(root, keys, parse, before, after);
    if (!verdict.ok) return verdict;
  }
  return OK;
}

/**
 * The workspace doc, from a member below contributor: every key the update changes must be the
 * writer's own entry of `members` (its profile, whatever its role: checkOwnProfile) or, for a
 * commenter, a question of its own in `pages` (checkOwnQuestionRecord). Both may come in one
 * update (a host that was offline sends all it did at once). Nothing pending.
 */
function checkBelowContributor(role: Role, writer: string, changes: ChangeSet, before: Y.Doc, after: Y.Doc): Verdict {
  const asks = roleAtLeast(role, ASK_ROLE);
  const refused = no(asks ? `a ${role} may change only its own profile and its own questions in the workspace doc` : `a ${role} may change only its own name and colour in the workspace doc`);
  if (changes.pending) return no('an update waiting on changes we lack (only stewards may send those to the workspace doc)');
  for (const [root, keys] of changes.roots) {
    if (root === WORKSPACE_PAGES && asks) {
      for (const key of keys) {
        const verdict = checkOwnQuestionRecord(role, writer, key, before, after);
        if (!verdict.ok) return verdict;
      }
      continue;
    }
    if (root !== WORKSPACE_MEMBERS) return refused;
    for (const key of keys) if (key !== writer) return refused;
    const verdict = checkOwnProfile(role, writer, before, after);
    if (!verdict.ok) return verdict;
  }
  return OK;
}

/**
 * A member's own profile, whatever its role: the update may change only the `writer`'s entry of
 * `members`, and in it only the profile fields (a name and a `#rrggbb` colour, both valid); every
 * other field of the entry (role, joinedAt, grantedBy, anything else) must read the same after as
 * before — so the entry may be created with a profile only, and never replaced by one without
 * the fields it had, nor removed while it has any.
 *
 * NOTE: an entry holding only a profile may go. A joiner's host writes its entry as it claims the
 * invite, and the steward's host writes the one the joiner presented in the handshake, at the same
 * time: two maps under one key, of which Yjs keeps one on every replica. The joiner's host then
 * relays (y-webrtc rebroadcasts what it applies) an update that deletes the losing map, which on a
 * host still lacking the winner removes the entry — until the winner arrives a moment later.
 * The caller has checked that the update changes no other entry, and waits on nothing.
 */
function checkOwnProfile(role: Role, writer: string, before: Y.Doc, after: Y.Doc): Verdict {
  try {
    const was = before.getMap<unknown>(WORKSPACE_MEMBERS).get(writer);
    const now = after.getMap<unknown>(WORKSPACE_MEMBERS).get(writer);
    if (now !== undefined && !(now instanceof Y.Map)) return no('a member entry must be a map');
    const old = entryFields(was);
    const next = entryFields(now);
    for (const key of new Set([...old.keys(), ...next.keys()])) {
      if (old.get(key) === next.get(key)) continue;
      const field = PROFILE_FIELDS.get(key);
      if (!field) return no(`a ${role} may not change the ${key} of its entry`);
      if (now instanceof Y.Map && !field.valid((now as Y.Map<unknown>).get(key))) return no(`a profile ${key} must be ${field.expected}`);
    }
    return OK;
  } catch {
    return no(`${WORKSPACE_MEMBERS} is not a map`); // a peer defined it as another type: getMap throws
  }
}

/** A member entry's fields as comparable strings (none if it is not a map); a Y type never equals a plain value. */
function entryFields(entry: unknown): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!(entry instanceof Y.Map)) return out;
  (entry as Y.Map<unknown>).forEach((value, key) =>
    out.set(key, value instanceof Y.AbstractType ? `Y ${JSON.stringify(value.toJSON())}` : JSON.stringify(value)),
  );
  return out;
}

function checkAppendOnly(
  root: string,
  keys: ReadonlySet<string | null>,
  parse: (value: unknown) => { readonly sig: string } | null,
  before: Y.Doc,
  after: Y.Doc,
): Verdict {
  try {
    const was = before.getMap<unknown>(root);
    const now = after.getMap<unknown>(root);
    for (const key of keys) {
      if (key === null) return no(`${root} is a map`);
      const entry = parse(now.get(key));
      if (!entry || entry.sig !== key) return no(`a malformed or removed entry of ${root}`);
      // Two hosts adding the same signed record at once is normal (each writes what a handshake
      // brought): Yjs keeps one of the two, equal, values. Anything else is a change.
      if (was.has(key) && JSON.stringify(parse(was.get(key))) !== JSON.stringify(entry)) return no(`an entry of ${root} may not change`);
    }
    return OK;
  } catch {
    return no(`${root} is not a map`); // a peer defined it as another type: getMap throws
  }
}

/** The kind of a doc of this workspace; null for a doc the workspace does not list. */
export function docKindOf(workspaceDoc: Y.Doc, docId: string): DocKind | null {
  if (docId === workspaceDoc.guid) return 'workspace';
  const pages = getPagesMap(workspaceDoc);
  if (pages.has(docId)) return 'page';
  return pageOfCommentsDoc(pages.keys(), docId) !== null ? 'comments' : null;
}
