/**
 * Where the index reads a page's text: the page doc as stored, or as loaded in the host.
 *
 * A page's *version* is a fingerprint of its stored records (SHA-1 over their bytes). Two equal
 * versions mean the same stored state, so start-up re-reads only the pages whose version moved
 * (edited while the index was not listening: a crash before the index was saved, a CLI import
 * into a closed workspace). NOTE: compaction rewrites the records without changing the state,
 * so a page compacted since it was indexed is read once more at the next start: harmless, and
 * bounded by the pages edited in the last session.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { PageId } from '../../../shared/ids';
import { PAGE_CONTENT } from '../../../shared/model';
import type { DocEntry } from '../docs/doc-entry';
import { applyLoaded, type DocStore, type LoadedDoc } from '../store/doc-store';
import { extractText } from './text-extract';

export interface PageText {
  readonly body: string;
  readonly version: string;
}

/** The fingerprint of a doc's stored records. */
export function versionOf(loaded: LoadedDoc): string {
  const hash = createHash('sha1');
  for (const update of loaded.updates) hash.update(update);
  return `${loaded.updates.length}:${hash.digest('base64url')}`;
}

/**
 * The text of a page doc as stored, read into a scratch doc; null without reading it when its
 * version is `unlessVersion` (the one the index already holds).
 */
export async function readStoredPage(store: DocStore, pageId: PageId, unlessVersion: string | null = null): Promise<PageText | null> {
  const loaded = await store.load(pageId);
  const version = versionOf(loaded);
  if (version === unlessVersion) return null;
  // Nothing stored (a page whose content has not arrived yet): no text, and no scratch doc to make.
  if (loaded.updates.length === 0) return { body: '', version };
  const doc = new Y.Doc({ guid: pageId });
  try {
    applyLoaded(doc, loaded, null);
    return { body: extractText(doc.getXmlFragment(PAGE_CONTENT)), version };
  } finally {
    doc.destroy();
  }
}

/**
 * The text of a page doc loaded in the host, once its changes so far are on disk. The version is
 * read after the text's state is durable, so it never claims more than the text holds: the text
 * may be newer than the version (then the next start reads the page again), never older.
 * Falls back to the store if the doc is unloaded (or its save fails) meanwhile.
 */
export async function readLoadedPage(store: DocStore, entry: DocEntry): Promise<PageText | null> {
  const saved = await entry.persisted.whenSaved().then(
    () => true,
    () => false,
  );
  if (!saved || entry.doc.isDestroyed) return readStoredPage(store, entry.docId as PageId);
  const version = versionOf(await store.load(entry.docId));
  if (entry.doc.isDestroyed) return readStoredPage(store, entry.docId as PageId);
  return { body: extractText(entry.doc.getXmlFragment(PAGE_CONTENT)), version };
}
