import { afterEach, describe, expect, it } from 'vitest';
import { encodeInvitePayload, newInviteCode, type Invite } from '../../../shared/crypto/invites';
import { encodeBase64Url } from '../../../shared/crypto/room-keys';
import type { MemberId, WorkspaceId } from '../../../shared/ids';
import { deriveCodeSecrets, openInvite, sealInvite } from './code-crypto';
import { lookupBase, lookupInviteCode, type FetchLike } from './code-lookup';
import { InviteCodes, INVITE_LOOKUP_PATH } from './invite-codes';
import { RateLimit } from './rate-limit';
import { SignalingServer } from './signaling-server';

const invite: Invite = {
  workspaceId: 'c'.repeat(32) as WorkspaceId,
  key: encodeBase64Url(new Uint8Array(32).fill(3)),
  name: 'Lab notes',
  inviter: { id: 'd'.repeat(64) as MemberId, name: 'Ana' },
  role: 'commenter',
  signaling: ['ws://127.0.0.1:4444'],
};

const servers: SignalingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(codes: InviteCodes): Promise<SignalingServer> {
  const server = await SignalingServer.start({ onHttpRequest: (req, res) => codes.handle(req, res) });
  servers.push(server);
  return server;
}

const httpBase = (server: SignalingServer) => `http://127.0.0.1:${server.port}`;

describe('code crypto', () => {
  it('opens what it sealed, only with the same code', async () => {
    const secrets = await deriveCodeSecrets('ABCDE12345');
    expect(secrets.lookupId).toMatch(/^[0-9a-f]{32}$/);
    const blob = sealInvite('hello', secrets);
    expect(blob).not.toContain('hello');
    expect(openInvite(blob, secrets)).toBe('hello');
    expect(openInvite(blob, await deriveCodeSecrets('ABCDE12346'))).toBeNull();
    const tampered = blob.slice(0, -2) + (blob.endsWith('A') ? 'BB' : 'AA');
    expect(openInvite(tampered, secrets)).toBeNull();
    expect(openInvite('not base64url!', secrets)).toBeNull();
    expect(openInvite('', secrets)).toBeNull();
  });
});

describe('InviteCodes over the signaling server', () => {
  it('serves a sealed invite by lookup id, and nothing without the code', async () => {
    const codes = new InviteCodes();
    const server = await serve(codes);
    const code = newInviteCode();
    await codes.add(code, encodeInvitePayload(invite));
    const { lookupId } = await deriveCodeSecrets(code);
    const answer = await fetch(`${httpBase(server)}${INVITE_LOOKUP_PATH}${lookupId}`);
    expect(answer.status).toBe(200);
    const blob = await answer.text();
    expect(blob).not.toContain('Lab notes');
    expect(blob).not.toContain(invite.key);
    expect((await fetch(`${httpBase(server)}${INVITE_LOOKUP_PATH}${'0'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${httpBase(server)}${INVITE_LOOKUP_PATH}${lookupId.toUpperCase()}`)).status).toBe(400);
    expect((await fetch(`${httpBase(server)}${INVITE_LOOKUP_PATH}${lookupId}/x`)).status).toBe(400);
    expect((await fetch(`${httpBase(server)}${INVITE_LOOKUP_PATH}${lookupId}`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${httpBase(server)}/other`)).status).toBe(404);
  });

  it('a joiner with the code gets the invite', async () => {
    const codes = new InviteCodes();
    const server = await serve(codes);
    const code = newInviteCode();
    await codes.add(code, encodeInvitePayload(invite));
    const other = await serve(new InviteCodes()); // a host that does not know the code
    expect(await lookupInviteCode(code, [other.url, server.url])).toEqual(invite);
  });

  it('forgets codes after their time', async () => {
    let now = 1_000;
    const codes = new InviteCodes({ now: () => now, ttlMs: 60_000 });
    const server = await serve(codes);
    const code = newInviteCode();
    await codes.add(code, encodeInvitePayload(invite));
    expect(codes.size).toBe(1);
    now += 60_001;
    await expect(lookupInviteCode(code, [server.url])).rejects.toMatchObject({ code: 'not-found' });
    expect(codes.size).toBe(0);
  });

  it('refuses a flood of lookups from one address (429), and the joiner says so', async () => {
    const codes = new InviteCodes({ limits: { perKey: 3, total: 100, windowMs: 60_000 } });
    const server = await serve(codes);
    const code = newInviteCode();
    await codes.add(code, encodeInvitePayload(invite));
    for (let n = 0; n < 3; n++) expect((await fetch(`${httpBase(server)}${INVITE_LOOKUP_PATH}${'1'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${httpBase(server)}${INVITE_LOOKUP_PATH}${'1'.repeat(32)}`)).status).toBe(429);
    // Even the right code is refused now: the limit is on attempts, not on failures only.
    await expect(lookupInviteCode(code, [server.url])).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('lookupInviteCode', () => {
  const answering = (status: number, body: string): FetchLike => async () => ({ status, text: async () => body });

  it('needs somewhere to ask', async () => {
    await expect(lookupInviteCode('ABCDE12345', [])).rejects.toMatchObject({ code: 'not-found' });
    await expect(lookupInviteCode('ABCDE12345', ['http://x', 'junk'])).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses answers that do not open with the code, or are not invites', async () => {
    const wrong = sealInvite(encodeInvitePayload(invite), await deriveCodeSecrets('ZZZZZ99999'));
    await expect(lookupInviteCode('ABCDE12345', ['ws://h:1'], answering(200, wrong))).rejects.toMatchObject({ code: 'not-found' });
    const secrets = await deriveCodeSecrets('ABCDE12345');
    const junk = sealInvite('{"v":1}', secrets);
    await expect(lookupInviteCode('ABCDE12345', ['ws://h:1'], answering(200, junk))).rejects.toMatchObject({ code: 'not-found' });
    await expect(lookupInviteCode('ABCDE12345', ['ws://h:1'], answering(200, 'x'.repeat(20_000)))).rejects.toMatchObject({ code: 'not-found' });
    const good = sealInvite(encodeInvitePayload(invite), secrets);
    expect(await lookupInviteCode('ABCDE12345', ['ws://h:1'], answering(200, good))).toEqual(invite);
  });

  it('maps signaling addresses to HTTP origins', () => {
    expect(lookupBase('ws://10.0.0.1:4444')).toBe('http://10.0.0.1:4444');
    expect(lookupBase('wss://sync.example.org/signal')).toBe('https://sync.example.org');
    expect(lookupBase('http://x')).toBeNull();
    expect(lookupBase('junk')).toBeNull();
  });
});

describe('RateLimit', () => {
  it('allows up to the limit per key and in total, within the window', () => {
    const limit = new RateLimit({ perKey: 2, total: 3, windowMs: 1_000 });
    expect(limit.attempt('a', 0)).toBe(true);
    expect(limit.attempt('a', 1)).toBe(true);
    expect(limit.attempt('a', 2)).toBe(false);
    expect(limit.attempt('b', 3)).toBe(false); // total reached (4 attempts in the window)
    expect(limit.attempt('b', 1_500)).toBe(true); // the window moved on
  });

  it('tracks a bounded number of keys', () => {
    const limit = new RateLimit({ perKey: 1, total: 1_000_000, windowMs: 1_000, maxKeys: 10 });
    for (let n = 0; n < 100; n++) limit.attempt(`k${n}`, 0);
    expect(limit.attempt('k0', 1)).toBe(true); // forgotten: it is new again
    expect(limit.attempt('k99', 1)).toBe(false);
  });
});
