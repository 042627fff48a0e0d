/**
 * Test helpers for roles and the member-key handshake: identities from fresh seeds, workspace
 * docs with a creator, auths over them, and pairs of in-memory handshake channels.
 */
import * as Y from 'yjs';
import { encodeBase64Url } from '../../../shared/crypto/room-keys';
import { boxKeyPairFromSeed } from '../../../shared/crypto/sealed-box';
import { signerFromSeed } from '../../../shared/crypto/signatures';
import { newWorkspaceId, type MemberId } from '../../../shared/ids';
import { initWorkspaceDoc } from '../../../shared/model';
import { WorkspaceAuth, type AuthIdentity } from './auth';
import type { HandshakeChannel } from './auth-handshake';
import type { KeyHolder, KeyState } from './auth-keys';

export async function testIdentity(name: string): Promise<AuthIdentity> {
  const seed = crypto.getRandomValues(new Uint8Array(32));
  return { signer: await signerFromSeed(seed), box: await boxKeyPairFromSeed(seed), profile: () => ({ name, color: '#46a758' }) };
}

export const newKey = (): string => encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));

export function memoryKeyHolder(key = newKey()): KeyHolder & { state: KeyState } {
  const holder = {
    state: { key, epoch: 0, sig: null, previousKey: null } as KeyState,
    current: () => holder.state,
    adopt: async (next: KeyState) => void (holder.state = next),
  };
  return holder;
}

/** A workspace doc created by `creator` (its meta), and its id. */
export function workspaceDoc(creator: AuthIdentity, workspaceId = newWorkspaceId()): Y.Doc {
  const doc = new Y.Doc({ guid: workspaceId });
  initWorkspaceDoc(doc, { name: 'Test', createdBy: creator.signer.id as MemberId, now: 1 }, null);
  return doc;
}

export function openAuth(identity: AuthIdentity, doc: Y.Doc, anchor: string | null, keyHolder: KeyHolder = memoryKeyHolder(), workspaceId = doc.guid): Promise<WorkspaceAuth> {
  return WorkspaceAuth.open({ workspaceId, doc, identity, anchor, keyHolder });
}

/** Two connected in-memory handshake channels. */
export function channelPair(): [HandshakeChannel & { sent: Uint8Array[] }, HandshakeChannel & { sent: Uint8Array[] }] {
  const make = () => {
    const inbox: Uint8Array[] = [];
    const waiters: Array<(m: Uint8Array) => void> = [];
    const side = {
      sent: [] as Uint8Array[],
      peer: null as null | { deliver(m: Uint8Array): void },
      deliver(m: Uint8Array) {
        const waiter = waiters.shift();
        if (waiter) waiter(m);
        else inbox.push(m);
      },
      sendInternal(m: Uint8Array) {
        side.sent.push(m);
        side.peer?.deliver(m);
        return true;
      },
      receiveHandshake(): Promise<Uint8Array> {
        const next = inbox.shift();
        return next ? Promise.resolve(next) : new Promise((resolve) => waiters.push(resolve));
      },
    };
    return side;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
