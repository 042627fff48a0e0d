/**
 * The data directory `serve` uses when given no `--data`: the same one the desktop app uses, so
 * the two modes see the same workspaces. Mirrors Electron's `app.getPath('userData')` (appData +
 * the product name) without importing Electron.
 */
import { posix, win32 } from 'node:path';

export const PRODUCT_NAME = 'Commonplace';

export interface PlatformEnv {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
}

/** Electron's `appData`: where every app keeps its per-user data on this platform. */
export function appDataDir({ platform, env, homedir }: PlatformEnv): string {
  switch (platform) {
    case 'win32':
      return env.APPDATA || win32.join(homedir, 'AppData', 'Roaming');
    case 'darwin':
      return posix.join(homedir, 'Library', 'Application Support');
    default:
      // As Chromium's GetXDGDirectory: $XDG_CONFIG_HOME when set and not empty, else ~/.config.
      return env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : posix.join(homedir, '.config');
  }
}

export function defaultDataDir(platformEnv: PlatformEnv): string {
  const join = platformEnv.platform === 'win32' ? win32.join : posix.join;
  return join(appDataDir(platformEnv), PRODUCT_NAME);
}
