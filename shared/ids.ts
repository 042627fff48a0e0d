/**
 * Branded ids: plain strings at run time, distinct types at compile time, so a PageId
 * can never be passed where a WorkspaceId is expected. Every boundary (bridge, store,
 * model) speaks in these.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A workspace: random 128-bit id, 32 lowercase hex chars. Also the guid of the workspace doc. */
export type WorkspaceId = Brand<string, 'WorkspaceId'>;
/** A page: random 128-bit id, 32 lowercase hex chars. Also the guid of the page doc. */
export type PageId = Brand<string, 'PageId'>;
/** A member: the hex Ed25519 public key of an installation's identity. */
export type MemberId = Brand<string, 'MemberId'>;
/**
 * The comments doc of a page: 32 lowercase hex chars derived from the page id
 * (shared/model/comments.ts `commentsDocId`), so it passes `isId` like any other doc id.
 */
export type CommentsDocId = Brand<string, 'CommentsDocId'>;
/** Any Y.Doc guid the host stores: the workspace doc, a page doc or a page's comments doc. */
export type DocId = WorkspaceId | PageId | CommentsDocId;
/** An attachment: `sha256-<64 hex>` of its bytes (content-addressed). */
export type AttachmentId = Brand<string, 'AttachmentId'>;

const ID_BYTES = 16;
const ID_PATTERN = /^[0-9a-f]{32}$/;
const ATTACHMENT_PATTERN = /^sha256-[0-9a-f]{64}$/;

function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const newWorkspaceId = (): WorkspaceId => randomHex(ID_BYTES) as WorkspaceId;
export const newPageId = (): PageId => randomHex(ID_BYTES) as PageId;

export const isId = (value: unknown): value is string =>
  typeof value === 'string' && ID_PATTERN.test(value);
export const isWorkspaceId = (value: unknown): value is WorkspaceId => isId(value);
export const isPageId = (value: unknown): value is PageId => isId(value);
export const isAttachmentId = (value: unknown): value is AttachmentId =>
  typeof value === 'string' && ATTACHMENT_PATTERN.test(value);
