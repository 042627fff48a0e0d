/**
 * Page kinds: the five built in (schema.ts `BUILTIN_PAGE_KINDS`) and the ones a community adds.
 *
 * Community kinds live in the workspace doc's top-level `kinds` Y.Map: kind id → one Y.Map per
 * kind { label, color, icon, createdBy, createdAt }. A page stores the kind's id in its `kind`
 * field (pages.ts `setPageKind`), never the label, so renaming a kind later renames it everywhere.
 *
 * The id is derived from the label (`kindIdFor`: "Field report" → `field-report`), so two members
 * who add the same kind while apart end up with one kind, not two: the map key is the same and
 * Yjs keeps one of the two entries (the same one on every replica).
 *
 * @safety Like every reader of the model, `listKinds` trusts nothing stored: entries that are not
 * Y.Maps with a usable label are skipped, colours and icons fall back to defaults. A page may name
 * a kind this replica does not know (removed, or added by a newer peer): `describeKind` gives it a
 * readable fallback instead of failing.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import { MAX_LABEL_LENGTH } from './page-writes';
import type { Stamp } from './page-writes';
import { BUILTIN_PAGE_KINDS, asNullableString, asString, compareStrings } from './schema';
import type { BuiltinPageKind, PageKind } from './schema';

/** Name of the workspace doc's map of community kinds. */
export const WORKSPACE_KINDS = 'kinds';

/** The colours a kind can take; the renderer maps each to a light and a dark shade. */
export const KIND_COLORS = ['gray', 'blue', 'green', 'yellow', 'orange', 'red', 'purple', 'pink'] as const;
export type KindColor = (typeof KIND_COLORS)[number];
export const DEFAULT_KIND_COLOR: KindColor = 'gray';

/** Most community kinds one workspace may define (a kind picker past this is no longer a picker). */
export const MAX_KINDS = 50;
/** Longest icon accepted: one emoji, which may be several code points (flags, ZWJ sequences). */
export const MAX_KIND_ICON_LENGTH = 16;

/** A kind as the UI shows it. */
export interface KindDef {
  readonly id: PageKind;
  readonly label: string;
  readonly color: KindColor;
  /** An emoji for community kinds; null for built-in kinds, whose icons the renderer draws. */
  readonly icon: string | null;
  readonly builtin: boolean;
  /** False for a kind a page names but this workspace does not define (see `describeKind`). */
  readonly known: boolean;
}

const BUILTIN_LABELS: Record<BuiltinPageKind, { label: string; color: KindColor }> = {
  guide: { label: 'Guide', color: 'blue' },
  question: { label: 'Question', color: 'orange' },
  note: { label: 'Note', color: 'gray' },
  report: { label: 'Report', color: 'green' },
  'learning-object': { label: 'Learning object', color: 'purple' },
};

export const BUILTIN_KIND_DEFS: readonly KindDef[] = BUILTIN_PAGE_KINDS.map((id) => ({
  id,
  ...BUILTIN_LABELS[id],
  icon: null,
  builtin: true,
  known: true,
}));

export const isBuiltinKind = (id: string): id is BuiltinPageKind => (BUILTIN_PAGE_KINDS as readonly string[]).includes(id);
export const isKindColor = (value: unknown): value is KindColor =>
  typeof value === 'string' && (KIND_COLORS as readonly string[]).includes(value);

export const getKindsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(WORKSPACE_KINDS);

/**
 * The id a label gets: lower case, letters and digits of any script kept, every other run of
 * characters one hyphen. '' when the label has no letter or digit.
 */
export function kindIdFor(label: string): string {
  return label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Every kind of the workspace: built-in ones first (fixed order), then the community's by label. */
export function listKinds(doc: Y.Doc): KindDef[] {
  const community: KindDef[] = [];
  getKindsMap(doc).forEach((entry, id) => {
    const kind = readKindEntry(id, entry);
    if (kind !== null) community.push(kind);
  });
  community.sort((a, b) => compareStrings(a.label.toLowerCase(), b.label.toLowerCase()) || compareStrings(a.id, b.id));
  return [...BUILTIN_KIND_DEFS, ...community];
}

/** A kind by id, from a `listKinds` result; unknown ids get a readable stand-in. */
export function describeKind(kinds: readonly KindDef[], id: PageKind): KindDef {
  return kinds.find((kind) => kind.id === id) ?? { id, label: humanize(id), color: DEFAULT_KIND_COLOR, icon: null, builtin: false, known: false };
}

function readKindEntry(id: string, entry: unknown): KindDef | null {
  if (!(entry instanceof Y.Map) || isBuiltinKind(id) || id === '') return null;
  const map = entry as Y.Map<unknown>;
  const label = asString(map.get('label'), '').trim();
  if (label === '') return null;
  const color = map.get('color');
  const icon = asNullableString(map.get('icon'));
  return {
    id,
    label: label.slice(0, MAX_LABEL_LENGTH),
    color: isKindColor(color) ? color : DEFAULT_KIND_COLOR,
    icon: icon !== null && icon !== '' && icon.length <= MAX_KIND_ICON_LENGTH ? icon : null,
    builtin: false,
    known: true,
  };
}

/** "field-report" → "Field report": how a kind nobody defined here reads. */
function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words === '' ? 'Unknown kind' : words.charAt(0).toUpperCase() + words.slice(1);
}

export type KindLabelCheck =
  | { readonly ok: true; readonly label: string; readonly id: PageKind }
  | { readonly ok: false; readonly code: 'invalid-argument' | 'too-large' | 'conflict'; readonly message: string };

/**
 * Whether `raw` can name a new kind among `kinds`, and the label and id it would get: the check
 * `addKind` makes, for a form to show as the member types.
 */
export function checkNewKind(kinds: readonly KindDef[], raw: string): KindLabelCheck {
  const label = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (label === '') return { ok: false, code: 'invalid-argument', message: 'A kind needs a name.' };
  if (label.length > MAX_LABEL_LENGTH) {
    return { ok: false, code: 'too-large', message: `A kind’s name is at most ${MAX_LABEL_LENGTH} characters.` };
  }
  const id = kindIdFor(label);
  if (id === '') return { ok: false, code: 'invalid-argument', message: 'A kind’s name needs a letter or a digit.' };
  const lower = label.toLowerCase();
  const clash = kinds.find((kind) => kind.known && (kind.id === id || kind.label.toLowerCase() === lower));
  if (clash !== undefined) return { ok: false, code: 'conflict', message: `There is already a kind called “${clash.label}”.` };
  return { ok: true, label, id };
}

export interface AddKindInput extends Stamp {
  readonly label: string;
  readonly color?: KindColor;
  /** An emoji, or null/absent for none. */
  readonly icon?: string | null;
}

/**
 * Adds a community kind and returns its id. Rejects ('invalid-argument') an empty or overlong
 * label, one with no letter or digit, an unknown colour, an overlong icon, and more than
 * `MAX_KINDS` kinds; rejects ('conflict') a label that names an existing kind, built-in or not,
 * compared case-insensitively and by id ("Field report" and "field-report" are the same kind).
 */
export function addKind(doc: Y.Doc, input: AddKindInput, origin: unknown): PageKind {
  const kinds = listKinds(doc);
  const checked = checkNewKind(kinds, input.label);
  if (!checked.ok) throw new CommonplaceError(checked.code, checked.message);
  const { label, id } = checked;
  const color = input.color ?? DEFAULT_KIND_COLOR;
  if (!isKindColor(color)) throw new CommonplaceError('invalid-argument', `unknown colour ${String(color)}`);
  const icon = typeof input.icon === 'string' && input.icon.trim() !== '' ? input.icon.trim() : null;
  if (icon !== null && icon.length > MAX_KIND_ICON_LENGTH) throw new CommonplaceError('invalid-argument', 'a kind’s icon is one emoji');
  if (kinds.length - BUILTIN_KIND_DEFS.length >= MAX_KINDS) {
    throw new CommonplaceError('invalid-argument', `a workspace has at most ${MAX_KINDS} kinds of its own`);
  }

  doc.transact(() => {
    const map = new Y.Map<unknown>();
    getKindsMap(doc).set(id, map);
    map.set('label', label);
    map.set('color', color);
    map.set('icon', icon);
    map.set('createdBy', input.by);
    map.set('createdAt', input.now);
  }, origin);
  return id;
}

export interface RemoveKindInput {
  readonly id: PageKind;
}

/**
 * Removes a community kind from the list. Pages of that kind keep it (their `kind` field is not
 * rewritten, which would race with members changing it) and read through `describeKind`'s
 * stand-in until someone gives them another kind. Built-in kinds cannot be removed ('forbidden').
 */
export function removeKind(doc: Y.Doc, input: RemoveKindInput, origin: unknown): void {
  if (isBuiltinKind(input.id)) throw new CommonplaceError('forbidden', `the built-in kind ${input.id} cannot be removed`);
  const kinds = getKindsMap(doc);
  if (!kinds.has(input.id)) throw new CommonplaceError('not-found', `no kind ${input.id}`);
  doc.transact(() => kinds.delete(input.id), origin);
}
