/**
 * YAML frontmatter, the Obsidian way: `tags` and `aliases` (or the older singular `tag`,
 * `alias`) as a list or as one string ("a, b" or "a b"; tags may carry a leading '#'); every
 * other key is kept in `other` as parsed.
 *
 * Hazards: YAML is parsed with the `yaml` package's safe defaults (JSON-compatible core schema, no
 * custom tags, alias expansion capped by maxAliasCount, so a "billion laughs" note fails instead
 * of eating memory). A parse error never throws out of here: it becomes a warning and an empty
 * result.
 */
import { parse, stringify } from 'yaml';

export interface Frontmatter {
  tags: string[];
  aliases: string[];
  other: Record<string, unknown>;
}

export const emptyFrontmatter = (): Frontmatter => ({ tags: [], aliases: [], other: {} });

const MAX_ALIAS_COUNT = 100;

function stringList(value: unknown, splitter: RegExp): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(splitter) : [value];
  return items
    .filter((item) => item !== null && item !== undefined && typeof item !== 'object')
    .map((item) => String(item).trim())
    .filter((item) => item !== '');
}

const unique = (items: string[]): string[] => [...new Set(items)];

/** Parses the text between the `---` fences. */
export function parseFrontmatter(source: string, warn: (message: string) => void): Frontmatter {
  let data: unknown;
  try {
    data = parse(source, { maxAliasCount: MAX_ALIAS_COUNT, prettyErrors: false });
  } catch (error) {
    warn(`frontmatter is not valid YAML and was left out (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`);
    return emptyFrontmatter();
  }
  if (data === null || data === undefined) return emptyFrontmatter();
  if (typeof data !== 'object' || Array.isArray(data)) {
    warn('frontmatter is not a YAML mapping and was left out');
    return emptyFrontmatter();
  }
  const result = emptyFrontmatter();
  for (const [key, value] of Object.entries(data)) {
    if (key === 'tags' || key === 'tag') {
      result.tags.push(...stringList(value, /[,\s]+/).map((tag) => tag.replace(/^#/, '')).filter(Boolean));
    } else if (key === 'aliases' || key === 'alias') {
      result.aliases.push(...stringList(value, /,/));
    } else {
      result.other[key] = value;
    }
  }
  return { tags: unique(result.tags), aliases: unique(result.aliases), other: result.other };
}

/** The `---`-fenced block for `data`, or '' when there is nothing to write. */
export function stringifyFrontmatter(data: Record<string, unknown>): string {
  const entries = Object.entries(data).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return '';
  return `---\n${stringify(Object.fromEntries(entries), { lineWidth: 0 })}---\n`;
}
