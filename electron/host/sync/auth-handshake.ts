/**
 * The member-key handshake: run on every data channel when it opens, before y-webrtc sees it
 * open (framed-channel.ts), so no sync message of an unauthenticated peer is ever looked at.
 *
 *   each side → HELLO   protocol, member id, a fresh 32-byte nonce
 *   each side → PROOF   signature, credentials (its grants log, its signed box key, its profile)
 *
 * The signature is the sender's Ed25519 signature of the transcript
 *   AUTH_DOMAIN ‖ room name ‖ sender id ‖ receiver id ‖ sender nonce ‖ receiver nonce ‖
 *   sender's and receiver's DTLS fingerprints (as the sender sees them) ‖ SHA-256(credentials)
 * The receiver's fresh nonce makes a proof good for this one connection (a recorded proof replays
 * nowhere); the room name keeps it to this room; the DTLS fingerprints tie it to this DTLS session,
 * so a member relaying two handshakes between peers (a man in the middle holding the workspace
 * key) ends up with fingerprints that differ on the two sides and is refused.
 *
 * Then the receiver decides whether the authenticated member may connect at all (`admit`: its role,
 * computed from our grants log and the one it brought); a refusal closes the channel.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CommonplaceError } from '../../../shared/errors';
import { parseGrant, type Grant } from '../../../shared/crypto/grants';
import { parseBoxKey, type BoxKeyRecord } from '../../../shared/crypto/key-rotation';
import { bytesToHex, encodeBase64Url, isPublicKeyHex, verifySignature } from '../../../shared/crypto/signatures';
import { MAX_GRANTS } from '../../../shared/model/roles';
import { MSG_HELLO } from './messages';

/** Spoken in HELLO; a peer speaking another is refused (the old unauthenticated HELLO was /1). */
export const AUTH_PROTOCOL = 'commonplace-sync/2';
export const MSG_AUTH_PROOF = 105;
const AUTH_DOMAIN = 'commonplace/auth/v1';
export const NONCE_BYTES = 32;
/** Credentials bigger than this are refused. */
export const MAX_CREDENTIALS_BYTES = 4 * 1024 * 1024;
const MAX_PROFILE_TEXT = 200;

export interface Credentials {
  readonly grants: readonly Grant[];
  readonly boxKey: BoxKeyRecord | null;
  readonly profile: { readonly name: string; readonly color: string };
}

/** Our side of a handshake: who we are, and who we let in. */
export interface HandshakeParty {
  readonly me: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
  credentials(): Credentials;
  /** Whether the authenticated member may connect (it learns of its grants, box key and profile). */
  admit(memberId: string, credentials: Credentials): Promise<boolean>;
}

/** What the handshake needs of a channel (FramedChannel has it). */
export interface HandshakeChannel {
  sendInternal(message: Uint8Array): boolean;
  receiveHandshake(): Promise<Uint8Array>;
}

export interface HandshakeContext {
  readonly room: string;
  /** DTLS fingerprints of this connection: ours and the peer's; null if the channel cannot tell. */
  readonly fingerprints: { readonly local: string; readonly remote: string } | null;
}

/** Runs the handshake; resolves with the peer's authenticated member id, or rejects (close the channel). */
export async function runHandshake(channel: HandshakeChannel, party: HandshakeParty, context: HandshakeContext): Promise<string> {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  channel.sendInternal(encodeAuthHello(party.me, nonce));
  const hello = decodeAuthHello(await channel.receiveHandshake());
  if (!hello) throw new CommonplaceError('forbidden', 'the peer did not say hello');
  if (hello.protocol !== AUTH_PROTOCOL) throw new CommonplaceError('forbidden', `the peer speaks ${hello.protocol}`);
  if (hello.memberId === party.me) throw new CommonplaceError('forbidden', 'a connection to ourselves');

  const ours = encodeCredentials(party.credentials());
  const fp = context.fingerprints;
  const mine = transcript(context.room, party.me, hello.memberId, nonce, hello.nonce, fp?.local ?? '', fp?.remote ?? '', await sha256(ours));
  channel.sendInternal(encodeAuthProof(await party.sign(mine), ours));

  const proof = decodeAuthProof(await channel.receiveHandshake());
  if (!proof) throw new CommonplaceError('forbidden', 'the peer sent no proof');
  const theirs = transcript(context.room, hello.memberId, party.me, hello.nonce, nonce, fp?.remote ?? '', fp?.local ?? '', await sha256(proof.credentials));
  if (!(await verifySignature(hello.memberId, theirs, encodeBase64Url(proof.signature)))) {
    throw new CommonplaceError('forbidden', `the peer could not prove it holds the key of member ${hello.memberId.slice(0, 8)}…`);
  }
  const credentials = decodeCredentials(proof.credentials);
  if (!credentials) throw new CommonplaceError('forbidden', 'the peer sent malformed credentials');
  if (!(await party.admit(hello.memberId, credentials))) {
    throw new CommonplaceError('forbidden', `member ${hello.memberId.slice(0, 8)}… is not a member of this workspace`);
  }
  return hello.memberId;
}

/** The DTLS fingerprint an SDP announces (`a=fingerprint:sha-256 AB:CD:…`), or null. */
export function fingerprintOf(sdp: string | undefined): string | null {
  const match = sdp && /^a=fingerprint:(\S+ [0-9A-Fa-f:]+)\s*$/m.exec(sdp);
  return match ? (match[1] ?? null)?.toLowerCase() ?? null : null;
}

// ---- messages ----

export function encodeAuthHello(memberId: string, nonce: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_HELLO);
  encoding.writeVarString(e, AUTH_PROTOCOL);
  encoding.writeVarString(e, memberId);
  encoding.writeVarUint8Array(e, nonce);
  return encoding.toUint8Array(e);
}

export function decodeAuthHello(message: Uint8Array): { protocol: string; memberId: string; nonce: Uint8Array } | null {
  return read(message, MSG_HELLO, (d) => {
    const protocol = decoding.readVarString(d);
    if (protocol !== AUTH_PROTOCOL) {
      d.pos = d.arr.length; // another protocol's hello: the rest is not ours to read
      return { protocol, memberId: '', nonce: new Uint8Array() };
    }
    const memberId = decoding.readVarString(d);
    const nonce = decoding.readVarUint8Array(d);
    return isPublicKeyHex(memberId) && nonce.byteLength === NONCE_BYTES ? { protocol, memberId, nonce } : null;
  });
}

export function encodeAuthProof(signature: Uint8Array, credentials: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_AUTH_PROOF);
  encoding.writeVarUint8Array(e, signature);
  encoding.writeVarUint8Array(e, credentials);
  return encoding.toUint8Array(e);
}

export function decodeAuthProof(message: Uint8Array): { signature: Uint8Array; credentials: Uint8Array } | null {
  return read(message, MSG_AUTH_PROOF, (d) => {
    const signature = decoding.readVarUint8Array(d);
    const credentials = decoding.readVarUint8Array(d);
    return credentials.byteLength <= MAX_CREDENTIALS_BYTES ? { signature, credentials } : null;
  });
}

export function encodeCredentials(credentials: Credentials): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(credentials));
}

export function decodeCredentials(bytes: Uint8Array): Credentials | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null; // not JSON: malformed credentials
  }
  if (typeof value !== 'object' || value === null) return null;
  const { grants, boxKey, profile } = value as Record<string, unknown>;
  if (!Array.isArray(grants) || grants.length > MAX_GRANTS) return null;
  const parsed = grants.map(parseGrant);
  if (parsed.some((g) => g === null)) return null;
  const box = boxKey === null ? null : parseBoxKey(boxKey);
  if (boxKey !== null && box === null) return null;
  if (typeof profile !== 'object' || profile === null) return null;
  const { name, color } = profile as Record<string, unknown>;
  if (typeof name !== 'string' || typeof color !== 'string' || name.length > MAX_PROFILE_TEXT || color.length > MAX_PROFILE_TEXT) return null;
  return { grants: parsed as Grant[], boxKey: box, profile: { name, color } };
}

function transcript(
  room: string,
  sender: string,
  receiver: string,
  senderNonce: Uint8Array,
  receiverNonce: Uint8Array,
  senderFingerprint: string,
  receiverFingerprint: string,
  credentialsHash: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  for (const part of [AUTH_DOMAIN, room, sender, receiver]) encoding.writeVarString(e, part);
  encoding.writeVarUint8Array(e, senderNonce);
  encoding.writeVarUint8Array(e, receiverNonce);
  encoding.writeVarString(e, senderFingerprint);
  encoding.writeVarString(e, receiverFingerprint);
  encoding.writeVarString(e, bytesToHex(credentialsHash));
  return encoding.toUint8Array(e) as Uint8Array<ArrayBuffer>;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

function read<T>(message: Uint8Array, type: number, body: (d: decoding.Decoder) => T | null): T | null {
  try {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== type) return null;
    const value = body(d);
    return decoding.hasContent(d) ? null : value;
  } catch {
    return null; // truncated: malformed
  }
}
