/**
 * The names exported files get. A page's file name is also the target its wiki links write, so
 * it must be both a valid file name everywhere and a link Obsidian resolves.
 */
import { linkText as linkableTitle } from '../markdown/to-markdown-inline';
import { RESERVED_NAME } from './paths';

// eslint-disable-next-line no-control-regex -- control characters are what we replace
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Longest exported file stem, in code points: well under every file system's 255-byte limit. */
export const MAX_FILE_STEM = 100;
const FILE_UNSAFE = /[\\/:*?"<>#^]/g;
export const UNTITLED_STEM = 'Untitled';

/**
 * The file name (without `.md`) a page is exported under: its title as a wiki link target
 * (linkableTitle), minus what file systems or Obsidian links refuse, so the file name is also a
 * link target that resolves. Never empty, never hidden, never reserved.
 */
export function fileStemFor(title: string): string {
  let stem = linkableTitle(title)
    .replace(FILE_UNSAFE, '-')
    .replace(CONTROL, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  const points = [...stem];
  if (points.length > MAX_FILE_STEM) stem = points.slice(0, MAX_FILE_STEM).join('').trim();
  if (stem === '') return UNTITLED_STEM;
  return RESERVED_NAME.test(stem) ? `${stem}_` : stem;
}
