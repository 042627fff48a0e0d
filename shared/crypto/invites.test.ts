import { describe, expect, it } from 'vitest';
import type { MemberId, WorkspaceId } from '../ids';
import { encodeBase64Url } from './room-keys';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  classifyInviteInput,
  decodeInvitePayload,
  encodeInviteLink,
  formatCode,
  INVITE_LINK_PREFIX,
  MAX_INVITE_LINK_LENGTH,
  newInviteCode,
  normalizeCode,
  parseInviteLink,
  type Invite,
} from './invites';

const invite: Invite = {
  workspaceId: 'a'.repeat(32) as WorkspaceId,
  key: encodeBase64Url(new Uint8Array(32).fill(9)),
  name: 'Field notes',
  inviter: { id: 'b'.repeat(64) as MemberId, name: 'Ana' },
  role: 'contributor',
  signaling: ['ws://192.168.1.20:4444', 'ws://127.0.0.1:4444'],
};

const payloadLink = (payload: object) => INVITE_LINK_PREFIX + encodeBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
const valid = { v: 1, w: invite.workspaceId, k: invite.key, n: 'Field notes', i: [invite.inviter.id, 'Ana'], r: 'contributor', s: [] };

describe('invite links', () => {
  it('round-trip', () => {
    const link = encodeInviteLink(invite);
    expect(link.startsWith(INVITE_LINK_PREFIX)).toBe(true);
    expect(parseInviteLink(link)).toEqual({ ok: true, invite });
    expect(parseInviteLink(link.replace('commonplace://', 'commonplace:'))).toEqual({ ok: true, invite });
  });

  it('stay under the deep-link limit with the longest names, dropping addresses if they must', () => {
    const long: Invite = {
      ...invite,
      name: '𝔚'.repeat(200),
      inviter: { ...invite.inviter, name: '𝔄'.repeat(200) },
      signaling: Array.from({ length: 4 }, (_, n) => `wss://${'x'.repeat(180)}${n}.org`),
    };
    const link = encodeInviteLink(long);
    expect(link.length).toBeLessThanOrEqual(MAX_INVITE_LINK_LENGTH);
    const parsed = parseInviteLink(link);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect([...parsed.invite.name]).toHaveLength(80);
  });

  it('carry the role grant and the trust anchor when there are', () => {
    const signed: Invite = {
      ...invite,
      grant: { seed: encodeBase64Url(new Uint8Array(32).fill(1)), at: 1_700_000_000_000, sig: encodeBase64Url(new Uint8Array(64).fill(2)) },
      anchor: 'e'.repeat(64) as MemberId,
    };
    const link = encodeInviteLink(signed);
    expect(parseInviteLink(link)).toEqual({ ok: true, invite: signed });
    const long: Invite = { ...signed, name: '𝔚'.repeat(200), inviter: { ...signed.inviter, name: '𝔄'.repeat(200) } };
    const parsed = parseInviteLink(encodeInviteLink(long));
    expect(parsed.ok && parsed.invite.signaling).toEqual(invite.signaling); // still room for the addresses
    expect(encodeInviteLink(long).length).toBeLessThanOrEqual(MAX_INVITE_LINK_LENGTH);
  });

  it('accept a minimal valid payload', () => {
    expect(parseInviteLink(payloadLink(valid)).ok).toBe(true);
  });

  it('refuse anything else', () => {
    const bad: Array<[string, string]> = [
      ['https://example.org/join/abc', 'not a Commonplace invite link'],
      ['commonplace://open/abc', 'not a Commonplace invite link'],
      [`${payloadLink(valid)}?x=1`, 'not a Commonplace invite link'],
      ['commonplace://join/', 'the invite is not readable'],
      ['commonplace://join/!!!', 'the invite is not readable'],
      [INVITE_LINK_PREFIX + encodeBase64Url(new Uint8Array([0xff, 0xfe])), 'the invite is not readable'],
      [INVITE_LINK_PREFIX + encodeBase64Url(new TextEncoder().encode('[1]')), 'the invite is not readable'],
      [payloadLink({ ...valid, v: 2 }), 'another version'],
      [payloadLink({ ...valid, w: 'nope' }), 'names no workspace'],
      [payloadLink({ ...valid, k: encodeBase64Url(new Uint8Array(16)) }), 'no valid key'],
      [payloadLink({ ...valid, n: '   ' }), 'no valid workspace name'],
      [payloadLink({ ...valid, n: 'x'.repeat(81) }), 'no valid workspace name'],
      [payloadLink({ ...valid, i: ['zz', 'Ana'] }), 'who invited'],
      [payloadLink({ ...valid, r: 'admin' }), 'no known role'],
      [payloadLink({ ...valid, s: 'ws://a' }), 'malformed address list'],
      [payloadLink({ ...valid, s: ['ws://a', 'ws://b', 'ws://c', 'ws://d', 'ws://e'] }), 'malformed address list'],
      [payloadLink({ ...valid, s: ['http://evil.example'] }), 'bad address'],
      [`commonplace://join/${'A'.repeat(3000)}`, 'too long'],
      [payloadLink({ ...valid, x: 'short', t: 1, g: encodeBase64Url(new Uint8Array(64)) }), 'malformed role grant'],
      [payloadLink({ ...valid, x: encodeBase64Url(new Uint8Array(32)), t: -1, g: encodeBase64Url(new Uint8Array(64)) }), 'malformed role grant'],
      [payloadLink({ ...valid, x: encodeBase64Url(new Uint8Array(32)), t: 1 }), 'malformed role grant'],
      [payloadLink({ ...valid, a: 'zz' }), 'malformed creator'],
    ];
    for (const [link, reason] of bad) {
      const verdict = parseInviteLink(link);
      expect(verdict.ok, link.slice(0, 80)).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toContain(reason);
    }
  });

  it('decodeInvitePayload refuses non-JSON', () => {
    expect(decodeInvitePayload('{').ok).toBe(false);
    expect(decodeInvitePayload('null').ok).toBe(false);
  });
});

describe('short codes', () => {
  it('are 10 symbols of Crockford base32', () => {
    for (let n = 0; n < 50; n++) {
      const code = newInviteCode();
      expect(code).toHaveLength(CODE_LENGTH);
      for (const char of code) expect(CODE_ALPHABET).toContain(char);
    }
  });

  it('normalise what people type', () => {
    expect(normalizeCode('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(normalizeCode(' ABCDE FGHJK ')).toBe('ABCDEFGHJK');
    expect(normalizeCode('oOiIl-23456')).toBe('00111' + '23456');
    expect(formatCode('ABCDEFGHJK')).toBe('ABCDE-FGHJK');
  });

  it('refuse wrong lengths and symbols outside the alphabet', () => {
    for (const bad of ['ABCDE', 'ABCDE-FGHJKM', 'ABCDE-FGHJU', 'ABCDE-FGH!K', '']) expect(normalizeCode(bad), bad).toBeNull();
  });
});

describe('classifyInviteInput', () => {
  it('tells links from codes from junk', () => {
    expect(classifyInviteInput(encodeInviteLink(invite))).toEqual({ kind: 'link', invite });
    expect(classifyInviteInput('abcde-12345')).toEqual({ kind: 'code', code: 'ABCDE12345' });
    expect(classifyInviteInput('commonplace://join/xx').kind).toBe('invalid');
    expect(classifyInviteInput('hello').kind).toBe('invalid');
    expect(classifyInviteInput('  ').kind).toBe('invalid');
  });
});
