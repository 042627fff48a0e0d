import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { channelName, CHANNEL_PREFIX } from '../../shared/bridge/contract';
import { DOC_OPEN_CHANNEL } from '../../shared/bridge/preload-api';
import { isAppUrl } from './app-origin';
import { isSenderAllowed, judgeSender, type SenderInfo } from './sender';

const ok: SenderInfo = { url: 'app://commonplace/index.html', isMainFrame: true, channel: channelName('workspaces', 'list') };

describe('judgeSender', () => {
  it.each([
    ['the app root', 'app://commonplace/'],
    ['index.html', 'app://commonplace/index.html'],
    ['a path with query and hash', 'app://commonplace/index.html?x=1#/page/abc'],
  ])('accepts the main frame of our page: %s', (_name, url) => {
    expect(judgeSender({ ...ok, url })).toEqual({ ok: true });
  });

  it('accepts every kind of our channel', () => {
    expect(judgeSender({ ...ok, channel: DOC_OPEN_CHANNEL }).ok).toBe(true);
    expect(judgeSender({ ...ok, channel: channelName('attachments', 'put') }).ok).toBe(true);
  });

  it.each([
    ['another web origin', 'https://evil.example/'],
    ['a lookalike host', 'app://commonplace.evil.com/'],
    ['a host hidden behind credentials', 'app://commonplace@evil/'],
    ['credentials on our host', 'app://user:pw@commonplace/'],
    ['a port on our host', 'app://commonplace:8080/'],
    ['a host with our name as prefix', 'app://commonplacex/'],
    ['upper case host (Chromium lowercases standard schemes)', 'app://COMMONPLACE/'],
    ['file://', 'file:///work/main/dist/renderer/index.html'],
    ['file:// with our host', 'file://commonplace/index.html'],
    ['http://localhost', 'http://localhost:5173/'],
    ['another custom scheme', 'cp-attachment://commonplace/'],
    ['a scheme with our name', 'commonplace://app/'],
    ['an opaque app: URL', 'app:commonplace'],
    ['an empty host', 'app:///commonplace/'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['a malformed URL', 'app://commonplace\\evil/'],
    ['not a URL at all', 'commonplace'],
    ['an empty URL', ''],
  ])('refuses %s', (_name, url) => {
    expect(judgeSender({ ...ok, url }).ok).toBe(false);
  });

  it('refuses a subframe of our own page', () => {
    expect(judgeSender({ ...ok, isMainFrame: false })).toEqual({ ok: false, reason: 'sender is not the main frame' });
  });

  it.each([
    ['another prefix', 'vscode:workspaces.list'],
    ['no prefix', 'workspaces.list'],
    ['the prefix alone', CHANNEL_PREFIX],
    ['the prefix in the middle', `x${CHANNEL_PREFIX}workspaces.list`],
    ['empty', ''],
  ])('refuses a channel with %s', (_name, channel) => {
    expect(judgeSender({ ...ok, channel })).toEqual({ ok: false, reason: 'unknown channel' });
  });

  it('refuses values of the wrong type from a hostile caller', () => {
    expect(judgeSender({ ...ok, url: undefined as unknown as string }).ok).toBe(false);
    expect(judgeSender({ ...ok, isMainFrame: 'yes' as unknown as boolean }).ok).toBe(false);
    expect(judgeSender({ ...ok, channel: 42 as unknown as string }).ok).toBe(false);
  });
});

describe('isSenderAllowed', () => {
  let printed: MockInstance<typeof console.error>;
  beforeEach(() => {
    printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => printed.mockRestore());

  it('logs each refusal, naming the channel and the reason', () => {
    expect(isSenderAllowed({ ...ok, url: 'https://evil.example/' })).toBe(false);
    expect(isSenderAllowed({ ...ok, isMainFrame: false })).toBe(false);
    expect(printed).toHaveBeenCalledTimes(2);
    expect(String(printed.mock.calls[0]?.join(' '))).toContain('evil.example');
    expect(String(printed.mock.calls[1]?.join(' '))).toContain('not the main frame');
  });

  it('stays quiet when it accepts', () => {
    expect(isSenderAllowed(ok)).toBe(true);
    expect(printed).not.toHaveBeenCalled();
  });
});

describe('isAppUrl', () => {
  it('is the same check for navigation: our pages only', () => {
    expect(isAppUrl('app://commonplace/index.html')).toBe(true);
    expect(isAppUrl('https://commonplace/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
