import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WORKSPACE_KEY_ROTATIONS } from '../../../shared/model/roles-policy';
import { memoryKeyHolder, openAuth, testIdentity, workspaceDoc } from './auth-test-support';

/** Replicas that see each other's changes at once (the workspace doc as sync would keep it). */
function link(docs: Y.Doc[]): void {
  for (const from of docs) {
    from.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'link') return;
      for (const to of docs) if (to !== from) Y.applyUpdate(to, update, 'link');
    });
  }
}

async function threeMembers() {
  const [ada, bo, cy] = await Promise.all([testIdentity('Ada'), testIdentity('Bo'), testIdentity('Cy')]);
  const docA = workspaceDoc(ada);
  const key = memoryKeyHolder();
  const keys = [key, memoryKeyHolder(key.state.key), memoryKeyHolder(key.state.key)];
  const replica = () => {
    const doc = new Y.Doc({ guid: docA.guid });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(docA));
    return doc;
  };
  const docs = [docA, replica(), replica()];
  link(docs);
  const a = await openAuth(ada, docs[0]!, ada.signer.id, keys[0]);
  await a.setRole(bo.signer.id, 'contributor');
  await a.setRole(cy.signer.id, 'contributor');
  const b = await openAuth(bo, docs[1]!, ada.signer.id, keys[1]);
  const c = await openAuth(cy, docs[2]!, ada.signer.id, keys[2]);
  await Promise.all([a.refresh(), b.refresh(), c.refresh()]);
  return { a, b, c, keys, docs, cy };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('key rotation', () => {
  it('moves the remaining members to a new key; the removed one cannot open it', async () => {
    const { a, b, c, keys, cy } = await threeMembers();
    const old = keys[0]!.state.key;
    const changed: string[] = [];
    b.keys.onDidChangeKey(() => changed.push('b'));
    c.keys.onDidChangeKey(() => changed.push('c'));
    await a.setRole(cy.signer.id, 'removed');
    const { rotation, unreachable } = await a.keys.rotate();
    await settle();
    expect(unreachable).toEqual([]);
    expect(Object.keys(rotation.sealed).sort()).toEqual([a.me, b.me].sort());
    expect(keys[0]!.state).toMatchObject({ epoch: 1, previousKey: old });
    expect(keys[1]!.state.key).toBe(keys[0]!.state.key);
    expect(keys[1]!.state.key).not.toBe(old);
    expect(keys[2]!.state).toMatchObject({ key: old, epoch: 0 });
    expect(changed).toEqual(['b']);
    expect(c.roleOf(c.me)).toBeNull();
  });

  it('only a steward rotates; a rotation by a non-steward or with a forged seal is ignored', async () => {
    const { b, c, keys, docs } = await threeMembers();
    await expect(b.keys.rotate()).rejects.toMatchObject({ code: 'forbidden' });
    // B forges a rotation anyway, straight into the log: nobody adopts it.
    const forged = { workspaceId: docs[0]!.guid, epoch: 5, by: b.me, at: 1, sealed: { [c.me]: 'A'.repeat(120) }, sig: 'B'.repeat(86) };
    docs[1]!.getMap(WORKSPACE_KEY_ROTATIONS).set(forged.sig, forged);
    await settle();
    expect(keys[2]!.state.epoch).toBe(0);
  });
});
