/**
 * GuardedDoc applies updates from peers to a doc only if they apply cleanly.
 *
 * @safety Y.applyUpdate can throw half-way through a malformed update, after integrating part of
 * it: the doc is then changed (and the change persisted and broadcast) by a message we refused.
 * Mutated sync messages do this about once in twenty (see guarded-doc.test.ts). So each update is
 * first applied to a shadow copy of the doc; only if that succeeds is it applied to the doc. A
 * shadow that threw may be half-changed itself and is rebuilt from the doc.
 *
 * The shadow is also where the role policy looks (issue 5): `apply` may take a WriteCheck, which
 * sees what the update changed in the shadow (change-set.ts) and may refuse it; a refused update
 * never touches the doc, and the shadow, which took it, is rebuilt.
 *
 * The shadow mirrors every change of the doc (it is kept, not rebuilt per update, because a page
 * can be megabytes and a peer sends an update per keystroke); it costs one more copy of each
 * doc that is in a sync room, and is dropped with `destroy`.
 */
import * as Y from 'yjs';
import { createLogger } from '../../../shared/log';
import { applyAndDescribe } from '../../../shared/model/change-set';
import type { ChangeSet, Verdict } from '../../../shared/model/roles-policy';
import type { Origin } from '../origins';

const log = createLogger('sync-guard');

/** Judges what an update would change: `before` is the doc, `after` the shadow holding the update. */
export type WriteCheck = (changes: ChangeSet, before: Y.Doc, after: Y.Doc) => Verdict;

export class GuardedDoc {
  /** Updates a WriteCheck refused, and the reason for the last one (sync status shows them). */
  refusedWrites = 0;
  lastRefusal: string | null = null;
  private shadow: Y.Doc;
  /** True while we apply an update the shadow already holds: no need to mirror it back. */
  private applying = false;
  private destroyed = false;

  constructor(readonly doc: Y.Doc) {
    this.shadow = cloneDoc(doc);
    doc.on('update', this.mirror);
  }

  /**
   * Applies a peer's update with `origin`; returns false (and leaves the doc untouched) if the
   * update is malformed or `check` refuses it.
   */
  apply(update: Uint8Array, origin: Origin, check?: WriteCheck): boolean {
    if (this.destroyed) return false;
    let changes: ChangeSet;
    try {
      changes = applyAndDescribe(this.shadow, update);
    } catch (error) {
      log.warn(`refused a malformed update for doc ${this.doc.guid}`, error);
      this.rebuildShadow();
      return false;
    }
    const verdict = check?.(changes, this.doc, this.shadow);
    if (verdict && !verdict.ok) {
      this.refusedWrites++;
      this.lastRefusal = verdict.reason;
      log.warn(`refused a write to doc ${this.doc.guid}: ${verdict.reason}`);
      this.rebuildShadow();
      return false;
    }
    this.applying = true;
    try {
      Y.applyUpdate(this.doc, update, origin);
      return true;
    } catch (error) {
      // Not expected: the shadow holds at least what the doc holds and took the update.
      log.error(`an update the shadow of ${this.doc.guid} accepted failed on the doc`, error);
      return false;
    } finally {
      this.applying = false;
    }
  }

  private rebuildShadow(): void {
    this.shadow.destroy();
    this.shadow = cloneDoc(this.doc);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.doc.off('update', this.mirror);
    this.shadow.destroy();
  }

  private readonly mirror = (update: Uint8Array): void => {
    if (this.applying) return;
    try {
      Y.applyUpdate(this.shadow, update);
    } catch (error) {
      log.error(`the shadow of ${this.doc.guid} could not mirror an update; rebuilding it`, error);
      this.shadow.destroy();
      this.shadow = cloneDoc(this.doc);
    }
  };
}

function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ guid: doc.guid, gc: doc.gc });
  // A doc with no structs (and so no deletions) — a page a fresh host is about to catch up — clones as a new doc.
  if (doc.store.clients.size === 0 && doc.store.pendingStructs === null && doc.store.pendingDs === null) return copy;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
