import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

describe('defaultDataDir', () => {
  it('uses $XDG_CONFIG_HOME on Linux', () => {
    expect(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x/config/' }, homedir: '/home/ada' })).toBe('/x/config/Commonplace');
  });

  it('falls back to ~/.config on Linux when XDG_CONFIG_HOME is unset or empty', () => {
    for (const XDG_CONFIG_HOME of [undefined, '']) {
      expect(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME }, homedir: '/home/ada' })).toBe('/home/ada/.config/Commonplace');
    }
  });

  it('uses Application Support on macOS, whatever XDG says', () => {
    expect(defaultDataDir({ platform: 'darwin', env: { XDG_CONFIG_HOME: '/x' }, homedir: '/Users/ada' })).toBe(
      '/Users/ada/Library/Application Support/Commonplace',
    );
  });

  it('uses %APPDATA% on Windows, or AppData\\Roaming under the home directory', () => {
    expect(defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, homedir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Commonplace',
    );
    expect(defaultDataDir({ platform: 'win32', env: {}, homedir: 'C:\\Users\\ada' })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Commonplace');
  });
});
