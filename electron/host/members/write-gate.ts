/**
 * WriteGate: what our own renderer may write to one doc, by our own member's role — the honest
 * host applies to itself the policy it applies to peers (shared/model/roles-policy.ts), so a
 * reader's window cannot change a page even if its UI were bypassed, and nothing is stored that
 * peers would refuse anyway (which would leave our replica diverged for good).
 *
 * Roles that may write everything in the doc skip the check; others go through a GuardedDoc
 * (a shadow copy, made on the first such write) that sees what the update would change.
 */
import * as Y from 'yjs';
import type { DocId } from '../../../shared/ids';
import { roleAtLeast, type Role } from '../../../shared/model/members';
import { questionAskerOf } from '../../../shared/model/question-policy';
import { checkWrite, docKindOf, mayWrite } from '../../../shared/model/roles-policy';
import type { Origin } from '../origins';
import { GuardedDoc } from '../sync/guarded-doc';
import type { WorkspaceAuth } from '../sync/auth';
import { createLogger } from '../../../shared/log';

const log = createLogger('members');

export class WriteGate {
  /** Updates refused so far. */
  refused = 0;
  private guarded: GuardedDoc | null = null;
  private lastRole: Role | null;
  private riseListener: (() => void) | null = null;
  private readonly unwatch: () => void;

  constructor(
    private readonly auth: WorkspaceAuth,
    private readonly workspaceDoc: Y.Doc,
    private readonly docId: DocId,
    private readonly doc: Y.Doc,
    private readonly onDispose: () => void,
  ) {
    this.lastRole = auth.myRole;
    this.unwatch = auth.onDidChange(() => {
      const role = auth.myRole;
      const rose = role !== null && (this.lastRole === null || (roleAtLeast(role, this.lastRole) && role !== this.lastRole));
      this.lastRole = role;
      if (rose && this.refused > 0) this.riseListener?.();
    });
  }

  /** Called when our role rises after refusing something: ask the renderer for its state again. */
  whenRoleRises(listener: () => void): void {
    this.riseListener = listener;
  }

  get workspaceId(): string {
    return this.workspaceDoc.guid;
  }

  /** Applies the renderer's update if our role permits what it changes; false (nothing applied) if not. */
  apply(update: Uint8Array, origin: Origin): boolean {
    const role = this.auth.myRole;
    const kind = docKindOf(this.workspaceDoc, this.docId);
    if (kind !== null && (role === 'steward' || (kind !== 'workspace' && mayWrite(role, kind)))) {
      Y.applyUpdate(this.doc, update, origin);
      return true;
    }
    this.guarded ??= new GuardedDoc(this.doc);
    // A commenter may write the body of a question it asked (shared/model/question-policy.ts).
    const askedBy = kind === 'page' ? questionAskerOf(this.workspaceDoc, this.docId) : null;
    const applied = this.guarded.apply(update, origin, (changes, before, after) =>
      kind === null ? { ok: false, reason: 'a doc this workspace does not list' } : checkWrite(role, kind, changes, before, after, this.auth.me, askedBy),
    );
    if (!applied) {
      this.refused++;
      const { structs, ds } = Y.decodeUpdate(update);
      log.debug(`refused our renderer's update of ${this.docId} (${structs.length} structs, deletions by ${ds.clients.size} clients) as ${role ?? 'no member'}`);
    }
    return applied;
  }

  dispose(): void {
    this.unwatch();
    this.guarded?.destroy();
    this.onDispose();
  }
}
