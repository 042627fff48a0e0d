import { describe, expect, it } from 'vitest';
import { newWorkspaceId } from '../ids';
import { createRotation, openRotation, parseBoxKey, parseRotation, signBoxKey, verifyBoxKey, verifyRotation } from './key-rotation';
import { encodeBase64Url } from './room-keys';
import { boxKeyPairFromSeed, openBox, seal } from './sealed-box';
import { generateSigner } from './signatures';

const newKey = () => encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
const seed = () => crypto.getRandomValues(new Uint8Array(32));

describe('sealed boxes', () => {
  it('open for their recipient and context only', async () => {
    const alice = await boxKeyPairFromSeed(seed());
    const bob = await boxKeyPairFromSeed(seed());
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const box = await seal(alice.publicKey, secret, 'ctx');
    expect(await openBox(alice, box, 'ctx')).toEqual(secret);
    expect(await openBox(bob, box, 'ctx')).toBeNull();
    expect(await openBox(alice, box, 'other')).toBeNull();
    const flipped = box.slice(0, -3) + (box.endsWith('AAA') ? 'BBB' : 'AAA');
    expect(await openBox(alice, flipped, 'ctx')).toBeNull();
  });

  it('derives the same box key from the same seed', async () => {
    const s = seed();
    expect((await boxKeyPairFromSeed(s)).publicKey).toBe((await boxKeyPairFromSeed(s)).publicKey);
  });
});

describe('key rotation records', () => {
  const workspaceId = newWorkspaceId();

  it('seals the new key to each recipient and to nobody else', async () => {
    const { signer: steward } = await generateSigner();
    const aSeed = seed();
    const bSeed = seed();
    const a = { id: (await generateSigner()).signer.id, box: await boxKeyPairFromSeed(aSeed) };
    const removed = { id: (await generateSigner()).signer.id, box: await boxKeyPairFromSeed(bSeed) };
    const newKeyText = newKey();
    const rotation = await createRotation(steward, { workspaceId, epoch: 1, newKey: newKeyText, recipients: new Map([[a.id, a.box.publicKey]]), at: 10 });
    const parsed = parseRotation(JSON.parse(JSON.stringify(rotation)));
    expect(parsed).not.toBeNull();
    expect(await verifyRotation(parsed!)).toBe(true);
    expect(await openRotation(parsed!, a.id, a.box)).toBe(newKeyText);
    expect(await openRotation(parsed!, removed.id, removed.box)).toBeNull();
    // The removed member copying a's box under its own name gets nothing (the context differs).
    const stolen = { ...parsed!, sealed: { [removed.id]: parsed!.sealed[a.id]! } };
    expect(await openRotation(stolen, removed.id, removed.box)).toBeNull();
    expect(await verifyRotation(stolen)).toBe(false);
    expect(await verifyRotation({ ...parsed!, epoch: 2 })).toBe(false);
  });

  it('box key records are signed by their member', async () => {
    const { signer } = await generateSigner();
    const { signer: other } = await generateSigner();
    const box = await boxKeyPairFromSeed(seed());
    const record = await signBoxKey(signer, workspaceId, box.publicKey);
    expect(parseBoxKey(JSON.parse(JSON.stringify(record)))).toEqual(record);
    expect(await verifyBoxKey(record)).toBe(true);
    expect(await verifyBoxKey({ ...record, memberId: other.id })).toBe(false);
    expect(await verifyBoxKey({ ...record, boxKey: (await boxKeyPairFromSeed(seed())).publicKey })).toBe(false);
    expect(parseBoxKey({ ...record, boxKey: 'abc' })).toBeNull();
  });
});
