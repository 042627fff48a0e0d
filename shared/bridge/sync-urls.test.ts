import { describe, expect, it } from 'vitest';
import { checkIceUrl, checkSignalingUrl, cleanSignalingUrls } from './sync-urls';

describe('checkSignalingUrl', () => {
  it('accepts ws:// and wss:// addresses, in one normal form', () => {
    expect(checkSignalingUrl('ws://192.168.1.20:4444')).toEqual({ ok: true, url: 'ws://192.168.1.20:4444' });
    expect(checkSignalingUrl(' ws://192.168.1.20:4444/ ')).toEqual({ ok: true, url: 'ws://192.168.1.20:4444' });
    expect(checkSignalingUrl('wss://sync.example.org/signal?x=1')).toEqual({ ok: true, url: 'wss://sync.example.org/signal?x=1' });
    expect(checkSignalingUrl('ws://[::1]:5000')).toEqual({ ok: true, url: 'ws://[::1]:5000' });
  });

  it('refuses every other scheme, credentials, fragments, junk and overlong text', () => {
    for (const bad of [
      'http://example.org',
      'https://example.org',
      'javascript:alert(1)',
      'stun:example.org',
      'ws://',
      'ws://user:pw@example.org',
      'ws://example.org/#x',
      'not a url',
      '',
      `ws://${'a'.repeat(250)}.org`,
      42,
      null,
    ]) {
      expect(checkSignalingUrl(bad).ok, String(bad)).toBe(false);
    }
  });

  it('cleans a list: drops the bad, dedupes the good', () => {
    expect(cleanSignalingUrls(['ws://a:1', 'http://b', 'ws://a:1/', 7, 'wss://c'])).toEqual(['ws://a:1', 'wss://c']);
  });
});

describe('checkIceUrl', () => {
  it('accepts stun, stuns, turn and turns servers', () => {
    expect(checkIceUrl('stun:stun.example.org:3478')).toEqual({ ok: true, url: 'stun:stun.example.org:3478' });
    expect(checkIceUrl('STUN:stun.example.org')).toEqual({ ok: true, url: 'stun:stun.example.org' });
    expect(checkIceUrl('turn:10.0.0.1:3478?transport=tcp')).toEqual({ ok: true, url: 'turn:10.0.0.1:3478?transport=tcp' });
    expect(checkIceUrl('turns:[2001:db8::1]:5349')).toEqual({ ok: true, url: 'turns:[2001:db8::1]:5349' });
  });

  it('refuses other schemes, paths, bad ports and junk', () => {
    for (const bad of [
      'ws://example.org',
      'http://stun.example.org',
      'stun:',
      'stun://example.org',
      'stun:example.org:99999',
      'turn:example.org/path',
      'turn:example.org?transport=sctp',
      'turn:user@example.org',
      'stun:-bad-.org',
      '',
      undefined,
    ]) {
      expect(checkIceUrl(bad).ok, String(bad)).toBe(false);
    }
  });
});
