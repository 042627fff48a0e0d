/**
 * Small UI preferences kept in localStorage (never document content). localStorage can throw in
 * locked-down contexts; a preference that cannot be read or written just falls back.
 */
import { createLogger } from '../../../shared/log';

const log = createLogger('settings');
const PREFIX = 'commonplace.';

export function readSetting(key: string): string | null {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch (error) {
    log.debug(`cannot read ${key}`, error);
    return null;
  }
}

export function writeSetting(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, value);
  } catch (error) {
    log.debug(`cannot write ${key}`, error);
  }
}
