/**
 * A doc loaded in the host: the authoritative Y.Doc replica, bound to the store, with the
 * awareness of everyone looking at it. Reference-counted by whoever holds it open (renderer
 * streams, peer sync); unloaded when the last one lets go.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { DocId } from '../../../shared/ids';
import type { DocStore } from '../store/doc-store';
import { PersistedDoc } from '../store/persisted-doc';

export interface DocEntry {
  readonly docId: DocId;
  readonly doc: Y.Doc;
  readonly persisted: PersistedDoc;
  readonly awareness: Awareness;
}

export interface DocOptions {
  /** Page docs keep deleted content for history and attribution; the workspace doc does not. */
  readonly gc: boolean;
}

export async function loadDocEntry(store: DocStore, docId: DocId, options: DocOptions): Promise<DocEntry> {
  const doc = new Y.Doc({ guid: docId, gc: options.gc });
  const persisted = await PersistedDoc.open(store, docId, doc);
  const awareness = new Awareness(doc);
  // The host has no cursor of its own: only renderers and peers publish awareness states.
  awareness.setLocalState(null);
  return { docId, doc, persisted, awareness };
}

export async function unloadDocEntry(entry: DocEntry): Promise<void> {
  entry.awareness.destroy();
  await entry.persisted.destroy();
  entry.doc.destroy();
}

/** Loads docs once and shares them; `release` unloads a doc when nobody holds it any more. */
export class DocRegistry {
  private readonly loaded = new Map<DocId, { entry: Promise<DocEntry>; refs: number }>();
  /**
   * Docs still unloading. @safety a doc must never have two live instances on one store: the
   * old one's final compaction would replace the records the new one appended meanwhile. So
   * `acquire` waits for an unload of the same doc to finish before loading it again.
   */
  private readonly unloading = new Map<DocId, Promise<void>>();
  private readonly updateListeners = new Set<(entry: DocEntry, origin: unknown) => void>();

  /**
   * Fires after every change to any loaded doc, whatever its origin (renderer, peer, import),
   * except loading from disk. For derived state (search, links): keep the handler cheap and
   * debounce real work.
   */
  onDidUpdate(cb: (entry: DocEntry, origin: unknown) => void): () => void {
    this.updateListeners.add(cb);
    return () => this.updateListeners.delete(cb);
  }

  constructor(
    private readonly store: DocStore,
    private readonly optionsFor: (docId: DocId) => DocOptions,
  ) {}

  acquire(docId: DocId): Promise<DocEntry> {
    let slot = this.loaded.get(docId);
    if (!slot) {
      const previous = this.unloading.get(docId) ?? Promise.resolve();
      const entry = previous.then(() => loadDocEntry(this.store, docId, this.optionsFor(docId))).then((loaded) => {
        loaded.doc.on('update', (_update: Uint8Array, origin: unknown) => {
          if (origin === loaded.persisted) return; // loading from disk is not a change
          for (const cb of this.updateListeners) cb(loaded, origin);
        });
        return loaded;
      });
      slot = { entry, refs: 0 };
      this.loaded.set(docId, slot);
      slot.entry.catch(() => this.loaded.delete(docId));
    }
    slot.refs++;
    return slot.entry;
  }

  /** Whether the doc is in memory (held, or still unloading). */
  isLoaded(docId: DocId): boolean {
    return this.loaded.has(docId) || this.unloading.has(docId);
  }

  async release(docId: DocId): Promise<void> {
    const slot = this.loaded.get(docId);
    if (!slot) return;
    slot.refs--;
    if (slot.refs > 0) return;
    this.loaded.delete(docId);
    const unload = slot.entry.then(unloadDocEntry).finally(() => {
      if (this.unloading.get(docId) === unload) this.unloading.delete(docId);
    });
    this.unloading.set(docId, unload);
    await unload;
  }

  /** Runs `fn` with the doc loaded, then lets go of it. */
  async with<T>(docId: DocId, fn: (entry: DocEntry) => Promise<T> | T): Promise<T> {
    const entry = await this.acquire(docId);
    try {
      return await fn(entry);
    } finally {
      await this.release(docId);
    }
  }

  async closeAll(): Promise<void> {
    const slots = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all([
      ...slots.map(async (slot) => unloadDocEntry(await slot.entry).catch(() => undefined)),
      ...[...this.unloading.values()].map((unload) => unload.catch(() => undefined)),
    ]);
  }
}
