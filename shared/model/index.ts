/**
 * The Yjs data model of Commonplace: schema, typed readers, page operations and the page tree.
 * Pure functions over Y.Doc; usable in the host (Node) and the renderer alike.
 */
export {
  SCHEMA_VERSION,
  WORKSPACE_META,
  WORKSPACE_PAGES,
  WORKSPACE_MEMBERS,
  PAGE_CONTENT,
  PAGE_COMMENTS,
  BUILTIN_PAGE_KINDS,
  DEFAULT_PAGE_KIND,
  getMetaMap,
  getMeta,
  initWorkspaceDoc,
  getPagesMap,
  getPageMap,
  readPage,
  listPages,
  getPageContent,
  getPageComments,
} from './schema';
export type { BuiltinPageKind, PageKind, PageFields, PageRecord, WorkspaceMeta, InitWorkspaceInput } from './schema';

export {
  ROLES,
  FALLBACK_ROLE,
  FALLBACK_MEMBER_COLOR,
  isRole,
  roleAtLeast,
  getMembersMap,
  readMember,
  listMembers,
  writeMember,
} from './members';
export type { Role, MemberFields, MemberRecord } from './members';

export { MAX_TITLE_LENGTH, MAX_LABEL_LENGTH, MAX_TAGS } from './page-writes';
export type { Stamp } from './page-writes';

export {
  createPage,
  createPages,
  renamePage,
  setPageKind,
  setPageTags,
  setPageIcon,
  setPageTemplate,
  movePage,
  duplicatePageEntry,
} from './pages';
export type {
  CreatePageInput,
  RenamePageInput,
  SetPageKindInput,
  SetPageTagsInput,
  SetPageIconInput,
  SetPageTemplateInput,
  MovePageInput,
  DuplicatePageInput,
} from './pages';

export { trashPage, restorePage, deletePageForever } from './trash';
export type { TrashPageInput, RestorePageInput, DeletePageForeverInput } from './trash';

export { compareByOrder } from './order';

export { buildTree, isTrashed, isInTrash, isSelfOrDescendant, pathTo, flattenVisible } from './tree';
export type { TreeNode, PageTree, VisibleRow } from './tree';

export {
  WORKSPACE_KINDS,
  KIND_COLORS,
  DEFAULT_KIND_COLOR,
  MAX_KINDS,
  MAX_KIND_ICON_LENGTH,
  BUILTIN_KIND_DEFS,
  isBuiltinKind,
  isKindColor,
  getKindsMap,
  kindIdFor,
  listKinds,
  describeKind,
  checkNewKind,
  addKind,
  removeKind,
} from './kinds';
export type { KindColor, KindDef, KindLabelCheck, AddKindInput, RemoveKindInput } from './kinds';

export {
  tagKey,
  normalizeTag,
  tagsFromInput,
  distinctTags,
  addTags,
  removeTag,
  hasAllTags,
  workspaceTags,
  suggestTags,
} from './tags';
export type { TagCount } from './tags';

export { BUILTIN_TEMPLATES, BUILTIN_TEMPLATE_IDS, builtinTemplate, isBuiltinTemplateId } from './templates';
export type { BuiltinTemplate, BuiltinTemplateId, TemplateRef } from './templates';
