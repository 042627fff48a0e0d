import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signGrant, type Grant } from '../crypto/grants';
import { generateSigner, type Signer } from '../crypto/signatures';
import { newWorkspaceId } from '../ids';
import { addGrants, readGrants, replayGrants, RoleVerifier } from './roles';

const workspaceId = newWorkspaceId();
const grant = (by: Signer, memberId: string, role: Grant['role'], at: number, invite = false) =>
  signGrant(by, { workspaceId, memberId, role, invite, at });

async function people(n: number): Promise<Signer[]> {
  return Promise.all(Array.from({ length: n }, async () => (await generateSigner()).signer));
}

async function table(grants: Grant[], anchor: string) {
  return new RoleVerifier().table(grants, anchor, workspaceId);
}

describe('role replay', () => {
  it('the creator is a steward; a steward grants roles; the latest grant wins', async () => {
    const [creator, b, c] = await people(3);
    const t = await table([await grant(creator!, b!.id, 'contributor', 1), await grant(creator!, c!.id, 'reader', 2), await grant(creator!, c!.id, 'commenter', 3)], creator!.id);
    expect(t.roleOf(creator!.id)).toBe('steward');
    expect(t.roleOf(b!.id)).toBe('contributor');
    expect(t.roleOf(c!.id)).toBe('commenter');
    expect(t.get(c!.id)).toMatchObject({ since: 2, invitedBy: creator!.id });
  });

  it('ignores grants by non-stewards, by demoted stewards, and unsigned or foreign ones', async () => {
    const [creator, b, c, d] = await people(4);
    const grants = [
      await grant(creator!, b!.id, 'contributor', 1),
      await grant(b!, c!.id, 'steward', 2), // b is no steward
      await grant(creator!, d!.id, 'steward', 3),
      await grant(creator!, d!.id, 'reader', 4), // demoted
      await grant(d!, c!.id, 'contributor', 5), // by a demoted steward
      { ...(await grant(creator!, c!.id, 'steward', 6)), role: 'steward' as const, memberId: b!.id }, // tampered
      await signGrant(creator!, { workspaceId: newWorkspaceId(), memberId: c!.id, role: 'steward', invite: false, at: 7 }), // another workspace
    ];
    const t = await table(grants, creator!.id);
    expect(t.roleOf(b!.id)).toBe('contributor');
    expect(t.roleOf(c!.id)).toBeNull();
    expect(t.roleOf(d!.id)).toBe('reader');
  });

  it('a steward made by a steward may grant, in order; removal takes every right away', async () => {
    const [creator, b, c] = await people(3);
    const t = await table(
      [await grant(creator!, b!.id, 'steward', 1), await grant(b!, c!.id, 'contributor', 2), await grant(creator!, b!.id, 'removed', 3), await grant(b!, c!.id, 'steward', 4)],
      creator!.id,
    );
    expect(t.roleOf(b!.id)).toBeNull();
    expect(t.get(b!.id)?.role).toBe('removed');
    expect(t.roleOf(c!.id)).toBe('contributor');
  });

  it('invites: a claim gets the invite role once; revoked or re-used by a removed member, nothing', async () => {
    const [creator, joiner, removed, late] = await people(4);
    const invite = (await generateSigner()).signer;
    const grants = [
      await grant(creator!, invite.id, 'commenter', 1, true),
      await grant(invite, joiner!.id, 'commenter', 2),
      await grant(invite, removed!.id, 'commenter', 3),
      await grant(creator!, removed!.id, 'removed', 4),
      await grant(invite, removed!.id, 'commenter', 5), // back through the old invite
      await grant(invite, joiner!.id, 'steward', 6), // more than the invite gives
      await grant(creator!, invite.id, 'removed', 7, true), // revoked
      await grant(invite, late!.id, 'commenter', 8),
    ];
    const t = await table(grants, creator!.id);
    expect(t.roleOf(joiner!.id)).toBe('commenter');
    expect(t.get(joiner!.id)?.invitedBy).toBe(creator!.id);
    expect(t.roleOf(removed!.id)).toBeNull();
    expect(t.roleOf(late!.id)).toBeNull();
    expect(t.roleOf(invite.id)).toBeNull(); // an invite key is never a member
  });

  it('is the same whatever order the log arrives in', async () => {
    const [creator, b, c] = await people(3);
    const grants = [await grant(creator!, b!.id, 'steward', 1), await grant(b!, c!.id, 'contributor', 2), await grant(creator!, c!.id, 'reader', 2)];
    const verifier = new RoleVerifier();
    await verifier.verify(grants);
    const one = replayGrants(grants, creator!.id, workspaceId, verifier.isSigned).signature();
    const two = replayGrants([...grants].reverse(), creator!.id, workspaceId, verifier.isSigned).signature();
    expect(one).toBe(two);
  });

  it('the log in a doc is add-only and keyed by signature', async () => {
    const [creator, b] = await people(2);
    const doc = new Y.Doc();
    const g = await grant(creator!, b!.id, 'reader', 1);
    expect(addGrants(doc, [g, g], null)).toBe(1);
    expect(addGrants(doc, [g], null)).toBe(0);
    doc.getMap('grants').set('junk', { nope: true });
    expect(readGrants(doc)).toEqual([g]);
  });
});
