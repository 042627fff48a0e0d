/**
 * One open doc in the renderer: a Y.Doc replica with its providers — the bridge sync with the
 * host (the truth), the IndexedDB cache (instant open, edits survive a closed host) and awareness.
 *
 * `whenReady` gates the editor. TipTap's Collaboration binding, created over a doc whose content
 * has not loaded yet, writes its own initial empty paragraph (and nodes extensions append) into
 * the doc; when the real content then arrives both survive the merge, and every reload adds more.
 * So the editor is created only once existing content is in the doc: when the host's first sync
 * completes, or the cache has loaded something — whichever comes first. An empty cache is not
 * enough (this browser may never have seen the page), unless the host stays unreachable.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Bridge } from '../../../shared/bridge/client';
import type { MemberProfile } from '../../../shared/bridge/contract';
import type { DocId, WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { BridgeSyncProvider, type SyncStatus } from './bridge-sync-provider';
import { originKind, type OriginKind } from './origins';
import { StateCell } from './state-cell';

const log = createLogger('doc-session');

/** With nothing cached and no answer from the host, open anyway after this long (offline). */
export const EMPTY_CACHE_GRACE_MS = 4_000;

export interface DocSessionOptions {
  readonly bridge: Bridge;
  readonly workspaceId: WorkspaceId;
  readonly docId: DocId;
  /** The workspace doc collects garbage; page docs keep deleted content for history. */
  readonly kind: 'workspace' | 'page';
  readonly me: MemberProfile;
  /** Off in tests without IndexedDB. */
  readonly cache?: boolean;
}

/** The user shown to others in awareness (carets, avatars). */
export interface AwarenessUser {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

export const cacheName = (workspaceId: WorkspaceId, docId: DocId): string => `commonplace/${workspaceId}/${docId}`;

export class DocSession {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly whenReady: Promise<void>;
  /** `whenReady` as a cell, for components. */
  readonly ready = new StateCell(false);
  private readonly provider: BridgeSyncProvider;
  private readonly cache: IndexeddbPersistence | null;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private resolveReady!: () => void;

  constructor(readonly options: DocSessionOptions) {
    const { bridge, workspaceId, docId, kind, me } = options;
    this.doc = new Y.Doc({ guid: docId, gc: kind === 'workspace' });
    this.awareness = new Awareness(this.doc);
    const user: AwarenessUser = { id: me.id, name: me.name, color: me.color };
    this.awareness.setLocalStateField('user', user);
    this.whenReady = new Promise((resolve) => (this.resolveReady = resolve));

    this.cache = options.cache === false ? null : openCache(cacheName(workspaceId, docId), this.doc);
    this.provider = new BridgeSyncProvider({
      bridge,
      workspaceId,
      doc: this.doc,
      awareness: this.awareness,
      classify: (origin) => this.classify(origin),
    });

    void this.provider.whenSynced.then(() => this.markReady('host'));
    void this.cache?.whenSynced.then(() => {
      if (this.doc.store.clients.size > 0) this.markReady('cache');
    });
    this.graceTimer = setTimeout(() => this.onGraceOver(), EMPTY_CACHE_GRACE_MS);
  }

  /**
   * Shows us to others under our profile as it is now (it changed in the host): the `user` of our
   * awareness state, which remote carets, the presence list and author names read. The id stays.
   */
  setProfile(me: MemberProfile): void {
    if (this.destroyed) return;
    const user: AwarenessUser = { id: me.id, name: me.name, color: me.color };
    this.awareness.setLocalStateField('user', user);
  }

  get status(): StateCell<SyncStatus> {
    return this.provider.status;
  }

  get docId(): DocId {
    return this.options.docId;
  }

  classify(origin: unknown): OriginKind {
    return originKind(origin, { bridge: this.provider, cache: this.cache });
  }

  dismissProblems(): void {
    this.provider.dismissProblems();
  }

  /** Removes this doc's cache from the browser (after the page or workspace was deleted). */
  async clearCache(): Promise<void> {
    await this.cache?.clearData();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    this.provider.destroy();
    this.awareness.destroy();
    // Destroying the doc also destroys the IndexedDB provider (it listens for 'destroy').
    this.doc.destroy();
  }

  /** A host that answered will finish its sync; one that did not may be away for long. */
  private onGraceOver(): void {
    this.graceTimer = null;
    if (!this.provider.status.get().connected) this.markReady('offline');
  }

  private markReady(via: 'host' | 'cache' | 'offline'): void {
    if (this.ready.get() || this.destroyed) return;
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    log.debug(`doc ${this.options.docId} ready via ${via}`);
    this.resolveReady();
    this.ready.set(true);
  }
}

function openCache(name: string, doc: Y.Doc): IndexeddbPersistence | null {
  if (typeof indexedDB === 'undefined') return null;
  try {
    return new IndexeddbPersistence(name, doc);
  } catch (error) {
    log.warn('IndexedDB unavailable: opening without the local cache', error);
    return null;
  }
}

/** Asks the browser not to evict our caches under storage pressure; once, at startup. */
export function requestPersistentStorage(): void {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (typeof storage?.persist !== 'function') return;
  storage.persist().then(
    (granted) => log.debug(`persistent storage ${granted ? 'granted' : 'refused'}`),
    (error: unknown) => log.debug('persistent storage request failed', error),
  );
}

/** Deletes every cached doc of a workspace from this browser's IndexedDB. */
export async function clearWorkspaceCache(workspaceId: WorkspaceId): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const prefix = `commonplace/${workspaceId}/`;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .filter((db) => db.name?.startsWith(prefix))
      .map(
        (db) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(db.name as string);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}
