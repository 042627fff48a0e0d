import { describe, expect, it } from 'vitest';
import {
  authenticate,
  checkHostHeader,
  checkOrigin,
  cookieName,
  isWellFormedToken,
  newSessionToken,
  parseCookies,
  sessionCookie,
  tokensEqual,
} from './guards';

const token = newSessionToken();
const loopback = { port: 4321, bindHost: '127.0.0.1' };

describe('session token', () => {
  it('is 256 random bits, base64url, different every time', () => {
    expect(isWellFormedToken(token)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newSessionToken()).not.toBe(token);
  });

  it('compares equal only to itself', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token, `${token}x`)).toBe(false);
    expect(tokensEqual(token, token.slice(1))).toBe(false);
    expect(tokensEqual(token, '')).toBe(false);
    expect(tokensEqual(token, undefined)).toBe(false);
    expect(tokensEqual(token, newSessionToken())).toBe(false);
  });

  it('refuses malformed tokens', () => {
    expect(isWellFormedToken('short')).toBe(false);
    expect(isWellFormedToken(`${token.slice(1)}=`)).toBe(false);
    expect(isWellFormedToken(42)).toBe(false);
  });
});

describe('cookie', () => {
  it('is HttpOnly, SameSite=Strict and named for the port', () => {
    const cookie = sessionCookie(token, 4321);
    expect(cookie).toMatch(/^commonplace-session-4321=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
  });

  it('parses a Cookie header, first value wins', () => {
    expect(parseCookies('a=1; b = 2;c=x=y; a=3; junk')).toEqual(
      new Map([
        ['a', '1'],
        ['b', '2'],
        ['c', 'x=y'],
      ]),
    );
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('authenticate', () => {
  const cookie = `other=1; ${cookieName(4321)}=${token}`;

  it('accepts the cookie for this port', () => {
    expect(authenticate({ url: '/', cookie }, token, 4321)).toBe('cookie');
  });

  it('accepts the token as a query parameter', () => {
    expect(authenticate({ url: `/bridge?token=${token}`, cookie: undefined }, token, 4321)).toBe('query');
  });

  it('refuses no token, a wrong token, and another port’s cookie', () => {
    expect(authenticate({ url: '/', cookie: undefined }, token, 4321)).toBeNull();
    expect(authenticate({ url: `/?token=${newSessionToken()}`, cookie: undefined }, token, 4321)).toBeNull();
    expect(authenticate({ url: '/', cookie: `${cookieName(4321)}=${newSessionToken()}` }, token, 4321)).toBeNull();
    expect(authenticate({ url: '/', cookie }, token, 4322)).toBeNull();
    expect(authenticate({ url: '/?token=', cookie: undefined }, token, 4321)).toBeNull();
  });
});

describe('checkHostHeader', () => {
  it.each(['127.0.0.1:4321', 'localhost:4321', 'LOCALHOST:4321', '[::1]:4321'])('accepts %s', (host) => {
    expect(checkHostHeader(host, loopback)).toEqual({ ok: true });
  });

  it.each([
    [undefined],
    [''],
    ['evil.example:4321'],
    ['127.0.0.1.evil.example:4321'],
    ['127.0.0.1:4322'],
    ['127.0.0.1'],
    ['localhost:4321@evil.example'],
    ['127.0.0.1:4321/'],
    ['192.168.1.5:4321'],
  ])('refuses %s', (host) => {
    expect(checkHostHeader(host, loopback).ok).toBe(false);
  });

  it('accepts the bind address when bound elsewhere, and only that', () => {
    const lan = { port: 80, bindHost: '10.0.0.7' };
    expect(checkHostHeader('10.0.0.7', lan)).toEqual({ ok: true });
    expect(checkHostHeader('10.0.0.7:80', lan)).toEqual({ ok: true });
    expect(checkHostHeader('10.0.0.8', lan).ok).toBe(false);
    expect(checkHostHeader('lab.example', lan).ok).toBe(false);
  });

  it('accepts any IP literal (never a name) when bound to a wildcard', () => {
    const any = { port: 4321, bindHost: '0.0.0.0' };
    expect(checkHostHeader('10.0.0.7:4321', any)).toEqual({ ok: true });
    expect(checkHostHeader('[fe80::1]:4321', { port: 4321, bindHost: '::' })).toEqual({ ok: true });
    expect(checkHostHeader('lab.example:4321', any).ok).toBe(false);
  });
});

describe('checkOrigin', () => {
  it('accepts the served origin, and no Origin at all (not a web page)', () => {
    expect(checkOrigin('http://127.0.0.1:4321', '127.0.0.1:4321')).toEqual({ ok: true });
    expect(checkOrigin('http://localhost:4321', 'localhost:4321')).toEqual({ ok: true });
    expect(checkOrigin('http://10.0.0.7', '10.0.0.7:80')).toEqual({ ok: true });
    expect(checkOrigin(undefined, '127.0.0.1:4321')).toEqual({ ok: true });
  });

  it.each([
    ['http://evil.example'],
    ['http://127.0.0.1:9999'],
    ['http://localhost:4321'], // the page was served as 127.0.0.1: another origin to the browser
    ['https://127.0.0.1:4321'],
    ['null'],
    [''],
    ['file://'],
  ])('refuses %s', (origin) => {
    expect(checkOrigin(origin, '127.0.0.1:4321').ok).toBe(false);
  });
});
