/**
 * KeyRing: the workspace key of one open workspace, and its rotation when a member is removed.
 *
 * Rotating (a steward, after removing someone): a new random 256-bit key is sealed to the box key
 * of every remaining member (shared/crypto/key-rotation.ts) and the signed rotation record is
 * added to the workspace doc's `keyRotations` log — while we are still in the old key's rooms, so
 * it reaches the members connected now; the removed member is already refused by every honest
 * host's handshake, and finds no box for itself in the record anyway. Each member's host that sees
 * a rotation it can open adopts the key: it records it in workspace.json (keeping the previous
 * key, whose workspace room it stays in as a lobby for members who were away) and moves its rooms.
 *
 * Which rotation wins: the highest epoch, then the lowest signature, among those signed by a
 * member who is a steward now and sealed to us — every member picks the same one.
 */
import type * as Y from 'yjs';
import { createRotation, openRotation, parseRotation, verifyRotation, type RotationRecord } from '../../../shared/crypto/key-rotation';
import { encodeBase64Url, WORKSPACE_KEY_BYTES } from '../../../shared/crypto/room-keys';
import type { BoxKeyPair } from '../../../shared/crypto/sealed-box';
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { WORKSPACE_KEY_ROTATIONS } from '../../../shared/model/roles-policy';
import { LOCAL } from '../origins';
import type { WorkspaceAuth } from './auth';

const log = createLogger('sync-keys');

/** The key in use: the rotation it came from (epoch 0, no signature: the key the workspace was made with). */
export interface KeyState {
  readonly key: string;
  readonly epoch: number;
  readonly sig: string | null;
  /** The key before the last rotation: its workspace room is kept as a lobby (auth-rooms.ts). */
  readonly previousKey: string | null;
}

/** Where the key lives (the workspace's record in workspace.json). */
export interface KeyHolder {
  current(): KeyState;
  adopt(next: KeyState): Promise<void>;
}

export interface RotationResult {
  readonly rotation: RotationRecord;
  /** Members who could not be given the new key (no signed box key known): they must be invited again. */
  readonly unreachable: readonly string[];
}

export class KeyRing {
  private readonly listeners = new Set<() => void>();
  private checking: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly workspaceId: string,
    private readonly auth: WorkspaceAuth,
    private readonly box: BoxKeyPair,
    private readonly holder: KeyHolder,
  ) {
    this.rotationLog.observe(this.onChange);
    this.unwatchRoles = auth.onDidChange(this.onChange);
    this.onChange();
  }

  private readonly unwatchRoles: () => void;

  private get rotationLog(): Y.Map<unknown> {
    return this.doc.getMap<unknown>(WORKSPACE_KEY_ROTATIONS);
  }

  get current(): KeyState {
    return this.holder.current();
  }

  /** Fires after the key changed (and was recorded): move the rooms. */
  onDidChangeKey(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Seals a new key to every remaining member and adds the rotation to the log. Stewards only. */
  async rotate(now = Date.now()): Promise<RotationResult> {
    if (this.auth.myRole !== 'steward') throw new CommonplaceError('forbidden', 'only a steward may rotate the workspace key');
    const recipients = new Map<string, string>();
    const unreachable: string[] = [];
    for (const member of this.auth.roles().members()) {
      if (this.auth.roleOf(member.id) === null) continue;
      const boxKey = await this.auth.boxKeyOf(member.id);
      if (boxKey) recipients.set(member.id, boxKey);
      else unreachable.push(member.id);
    }
    const epoch = Math.max(this.current.epoch, ...this.rotations().map((r) => r.epoch)) + 1;
    const newKey = encodeBase64Url(crypto.getRandomValues(new Uint8Array(WORKSPACE_KEY_BYTES)));
    const rotation = await createRotation({ id: this.auth.me, sign: (m) => this.auth.sign(m) }, { workspaceId: this.workspaceId, epoch, newKey, recipients, at: now });
    this.doc.transact(() => this.rotationLog.set(rotation.sig, { ...rotation, sealed: { ...rotation.sealed } }), LOCAL);
    if (unreachable.length > 0) log.warn(`key rotation ${epoch}: no box key known for ${unreachable.length} member(s)`);
    await this.checking;
    return { rotation, unreachable };
  }

  dispose(): void {
    this.disposed = true;
    this.rotationLog.unobserve(this.onChange);
    this.unwatchRoles();
    this.listeners.clear();
  }

  private rotations(): RotationRecord[] {
    const out: RotationRecord[] = [];
    this.rotationLog.forEach((value, key) => {
      const rotation = parseRotation(value);
      if (rotation && rotation.sig === key && rotation.workspaceId === this.workspaceId) out.push(rotation);
    });
    return out;
  }

  private readonly onChange = (): void => {
    this.checking = this.checking.then(() => this.check()).catch((error: unknown) => log.error('could not check key rotations', error));
  };

  /** Adopts the winning rotation if it is not the key we use. */
  private async check(): Promise<void> {
    if (this.disposed) return;
    const current = this.current;
    const candidates = this.rotations()
      .filter((r) => r.epoch >= current.epoch && r.sealed[this.auth.me] !== undefined && this.auth.roleOf(r.by) === 'steward')
      .sort((a, b) => b.epoch - a.epoch || (a.sig < b.sig ? -1 : a.sig > b.sig ? 1 : 0));
    for (const rotation of candidates) {
      if (rotation.sig === current.sig) return; // the winner is what we use
      if (rotation.epoch === current.epoch && current.sig !== null && rotation.sig > current.sig) return;
      if (!(await verifyRotation(rotation))) continue;
      const key = await openRotation(rotation, this.auth.me, this.box);
      if (!key) continue;
      log.warn(`workspace ${this.workspaceId}: moving to key epoch ${rotation.epoch}`);
      await this.holder.adopt({ key, epoch: rotation.epoch, sig: rotation.sig, previousKey: current.key });
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch (error) {
          log.error('a key listener threw', error);
        }
      }
      return;
    }
  }
}
