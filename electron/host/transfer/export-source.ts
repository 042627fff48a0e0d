/**
 * What an export reads: the workspace doc, page contents, attachments and member names. Two
 * implementations: an open workspace of this host, and a read-only snapshot of a store another
 * process holds open (store-snapshot.ts), so the CLI can back up a workspace the desktop app or
 * a `serve` peer is using.
 */
import * as Y from 'yjs';
import { CommonplaceError } from '../../../shared/errors';
import type { AttachmentId, MemberId, PageId } from '../../../shared/ids';
import { fragmentToDoc, type PMJson } from '../../../shared/markdown';
import { PAGE_CONTENT, readMember } from '../../../shared/model';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { DocRegistry } from '../docs/doc-entry';
import { applyLoaded, type DocStore } from '../store/doc-store';

export interface ExportSource {
  /** The workspace doc (read only). */
  readonly root: Y.Doc;
  readPage(pageId: PageId): Promise<PMJson>;
  /** The stored bytes, or null when this host does not have them. */
  readAttachment(id: AttachmentId): Promise<{ bytes: Uint8Array; mime: string } | null>;
  /** A member's display name, or null when unknown. */
  memberName(id: MemberId): string | null;
}

export interface Me {
  readonly id: string;
  readonly name: string;
}

function memberNameIn(root: Y.Doc, me: Me | null, id: MemberId): string | null {
  const name = readMember(root, id)?.name;
  if (name) return name;
  return me !== null && me.id === id ? me.name : null;
}

async function readStored(attachments: Pick<AttachmentStore, 'get'>, id: AttachmentId) {
  try {
    const { bytes, mime } = await attachments.get(id);
    return { bytes, mime };
  } catch (error) {
    if (error instanceof CommonplaceError && error.code === 'not-found') return null;
    throw error;
  }
}

/** An open workspace of this host: pages are loaded (and let go) one at a time. */
export function workspaceSource(
  workspace: { readonly root: { readonly doc: Y.Doc }; readonly docs: Pick<DocRegistry, 'with'>; readonly attachments: Pick<AttachmentStore, 'get'> },
  me: Me | null,
): ExportSource {
  return {
    root: workspace.root.doc,
    readPage: (pageId) => workspace.docs.with(pageId, (entry) => fragmentToDoc(entry.doc.getXmlFragment(PAGE_CONTENT))),
    readAttachment: (id) => readStored(workspace.attachments, id),
    memberName: (id) => memberNameIn(workspace.root.doc, me, id),
  };
}

/** A store opened read-only by the caller (a snapshot copy): docs are built straight from it. */
export async function storeSource(
  store: Pick<DocStore, 'load'>,
  workspaceId: string,
  attachments: Pick<AttachmentStore, 'get'>,
  me: Me | null,
): Promise<ExportSource> {
  const load = async (docId: string, gc: boolean): Promise<Y.Doc> => {
    const doc = new Y.Doc({ guid: docId, gc });
    applyLoaded(doc, await store.load(docId as PageId), null);
    return doc;
  };
  const root = await load(workspaceId, true);
  return {
    root,
    readPage: async (pageId) => {
      const doc = await load(pageId, false);
      try {
        return fragmentToDoc(doc.getXmlFragment(PAGE_CONTENT));
      } finally {
        doc.destroy();
      }
    },
    readAttachment: (id) => readStored(attachments, id),
    memberName: (id) => memberNameIn(root, me, id),
  };
}
