/**
 * Which web permissions a page may have: our own page may write sanitized text to the clipboard
 * (copy from the editor); nothing else is granted to anyone (camera, microphone, notifications,
 * geolocation, ...).
 */
import { isAppUrl } from './app-origin';

const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export const isPermissionAllowed = (permission: string, requestingUrl: string): boolean =>
  ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
