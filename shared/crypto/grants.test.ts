import { describe, expect, it } from 'vitest';
import { newWorkspaceId } from '../ids';
import { grantMessage, parseGrant, signGrant, verifyGrantSignature, type Grant } from './grants';
import { generateSigner, isWeakPublicKey, verifySignature } from './signatures';

describe('grants', () => {
  const workspaceId = newWorkspaceId();

  it('a signed grant verifies and survives a round trip through plain JSON', async () => {
    const { signer } = await generateSigner();
    const { signer: member } = await generateSigner();
    const grant = await signGrant(signer, { workspaceId, memberId: member.id, role: 'contributor', invite: false, at: 1000 });
    expect(grant.grantedBy).toBe(signer.id);
    const copy = parseGrant(JSON.parse(JSON.stringify(grant)));
    expect(copy).toEqual(grant);
    expect(await verifyGrantSignature(copy as Grant)).toBe(true);
  });

  it('rejects every tampered field, another signer, and a replay into another workspace', async () => {
    const { signer } = await generateSigner();
    const { signer: other } = await generateSigner();
    const grant = await signGrant(signer, { workspaceId, memberId: other.id, role: 'reader', invite: false, at: 5 });
    const tampered: Grant[] = [
      { ...grant, role: 'steward' },
      { ...grant, memberId: signer.id },
      { ...grant, at: 6 },
      { ...grant, invite: true },
      { ...grant, workspaceId: newWorkspaceId() },
      { ...grant, grantedBy: other.id },
    ];
    for (const g of tampered) expect(await verifyGrantSignature(g)).toBe(false);
    // Signed by someone else than it says.
    const forged = await signGrant(other, { workspaceId, memberId: other.id, role: 'steward', invite: false, at: 5 });
    expect(await verifyGrantSignature({ ...forged, grantedBy: signer.id })).toBe(false);
  });

  it('parseGrant refuses malformed records', async () => {
    const { signer } = await generateSigner();
    const grant = await signGrant(signer, { workspaceId, memberId: signer.id, role: 'steward', invite: false, at: 1 });
    for (const bad of [null, 3, 'x', { ...grant, v: 2 }, { ...grant, role: 'owner' }, { ...grant, memberId: 'abc' }, { ...grant, at: Number.NaN }, { ...grant, sig: 'short' }, { ...grant, invite: 'no' }]) {
      expect(parseGrant(bad)).toBeNull();
    }
  });

  it('verifySignature never throws on garbage', async () => {
    const message = grantMessage({ workspaceId, memberId: 'a'.repeat(64), role: 'reader', invite: false, grantedBy: 'b'.repeat(64), at: 0 });
    expect(await verifySignature('zz', message, 'abc')).toBe(false);
    expect(await verifySignature('0'.repeat(64), message, 'A'.repeat(86))).toBe(false);
  });

  it('refuses small-order public keys, which would verify a forged all-zero signature', async () => {
    const message = grantMessage({ workspaceId, memberId: 'a'.repeat(64), role: 'steward', invite: false, grantedBy: 'b'.repeat(64), at: 0 });
    const zeroSignature = 'A'.repeat(86);
    for (const weak of ['0'.repeat(64), `01${'0'.repeat(62)}`, `01${'0'.repeat(60)}80`, `ec${'f'.repeat(60)}7f`, `ec${'f'.repeat(62)}`]) {
      expect(isWeakPublicKey(weak)).toBe(true);
      expect(await verifySignature(weak, message, zeroSignature)).toBe(false);
    }
    const { signer } = await generateSigner();
    expect(isWeakPublicKey(signer.id)).toBe(false);
  });
});
