/**
 * This installation's keys for roles and key rotation, from its identity (identity.json holds the
 * Ed25519 private key as PKCS#8 PEM): the signer (the member key) and the box key pair (X25519,
 * derived from the same seed, so nothing more is stored; shared/crypto/sealed-box.ts).
 */
import { createPrivateKey } from 'node:crypto';
import { boxKeyPairFromSeed } from '../../../shared/crypto/sealed-box';
import { SEED_BYTES, signerFromSeed } from '../../../shared/crypto/signatures';
import type { AuthIdentity } from '../sync/auth';
import type { Identity } from '../workspace/identity';

/** The raw 32-byte seed of an Ed25519 PKCS#8 PEM (the last bytes of its DER). */
export function seedOfPem(privateKeyPem: string): Uint8Array {
  const der = createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  return new Uint8Array(der.subarray(der.length - SEED_BYTES));
}

export async function authIdentityOf(identity: Identity): Promise<AuthIdentity> {
  const seed = seedOfPem(identity.privateKeyPem);
  const signer = await signerFromSeed(seed);
  if (signer.id !== identity.id) throw new Error('the identity key does not match its member id');
  return { signer, box: await boxKeyPairFromSeed(seed), profile: () => ({ name: identity.name, color: identity.color }) };
}
