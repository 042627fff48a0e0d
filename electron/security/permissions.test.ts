import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from './permissions';

describe('isPermissionAllowed', () => {
  it('lets our page write sanitized text to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://commonplace/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://commonplace')).toBe(true); // an origin
  });

  it.each(['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'usb', 'unknown', ''])(
    'denies %s, even to our page',
    (permission) => {
      expect(isPermissionAllowed(permission, 'app://commonplace/')).toBe(false);
    },
  );

  it.each(['https://evil.example/', 'app://commonplace.evil.com/', 'file:///index.html', ''])(
    'denies the clipboard to %s',
    (url) => {
      expect(isPermissionAllowed('clipboard-sanitized-write', url)).toBe(false);
    },
  );
});
