/**
 * Obsidian wiki links as a micromark construct: `[[target]]`, `[[target|label]]`,
 * `[[target#heading]]`, `[[#heading]]`, and embeds `![[target]]`.
 *
 * Why a construct and not a pass over text nodes: the tokenizer sees the source, so an escaped
 * `\[\[x]]` (literal text, as mdast-util-to-markdown writes it) never becomes a link, and a link
 * wins over emphasis or link-reference parsing of the characters inside it.
 *
 * Contract: one line, no `[` inside, closed by `]]`, at most MAX_WIKILINK_CHARS characters;
 * anything else is left to the other constructs (it stays text). A backslash keeps the next
 * character inside the link, so a table's `[[a\|b]]` is one link (see parseWikiLinkRaw).
 */
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Literal } from 'mdast';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    wikiLink: 'wikiLink';
  }
}

/** The mdast node the construct produces; `value` is the raw source, e.g. `![[a\|b]]`. */
export interface WikiLinkMdast extends Literal {
  type: 'wikiLink';
}

declare module 'mdast' {
  interface PhrasingContentMap {
    wikiLink: WikiLinkMdast;
  }
  interface RootContentMap {
    wikiLink: WikiLinkMdast;
  }
}

/** Longer "links" are almost certainly not links; the bound also keeps hostile input linear. */
export const MAX_WIKILINK_CHARS = 1000;

const BANG = 33;
const OPEN = 91;
const BACKSLASH = 92;
const CLOSE = 93;

function tokenizeWikiLink(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let size = 0;
  const start: State = (code) => {
    effects.enter('wikiLink');
    if (code === BANG) {
      effects.consume(code);
      return firstOpen;
    }
    return firstOpen(code);
  };
  const firstOpen: State = (code) => {
    if (code !== OPEN) return nok(code);
    effects.consume(code);
    return secondOpen;
  };
  const secondOpen: State = (code) => {
    if (code !== OPEN) return nok(code);
    effects.consume(code);
    return inside;
  };
  // micromark codes: null is EOF, negative codes below -2 are line endings.
  const isBreak = (code: Code): boolean => code === null || code < -2;
  const inside: State = (code) => {
    if (isBreak(code) || code === OPEN || size >= MAX_WIKILINK_CHARS) return nok(code);
    if (code === CLOSE) {
      if (size === 0) return nok(code); // `[[]]` is text, as in Obsidian
      effects.consume(code);
      return firstClose;
    }
    size += 1;
    effects.consume(code);
    return code === BACKSLASH ? escaped : inside;
  };
  const escaped: State = (code) => {
    if (isBreak(code)) return nok(code);
    size += 1;
    effects.consume(code);
    return inside;
  };
  const firstClose: State = (code) => {
    if (code !== CLOSE) return nok(code);
    effects.consume(code);
    effects.exit('wikiLink');
    return ok;
  };
  return start;
}

const wikiLinkConstruct: Construct = { name: 'wikiLink', tokenize: tokenizeWikiLink };

/** micromark syntax extension: tried before links and images (extensions go first). */
export const wikiLinkSyntax: Extension = { text: { [OPEN]: wikiLinkConstruct, [BANG]: wikiLinkConstruct } };

/** mdast-util-from-markdown extension: a `wikiLink` literal holding the raw source. */
export const wikiLinkFromMarkdown: FromMarkdownExtension = {
  enter: {
    wikiLink(token) {
      this.enter({ type: 'wikiLink', value: '' }, token);
    },
  },
  exit: {
    wikiLink(token) {
      const node = this.stack[this.stack.length - 1];
      if (node && node.type === 'wikiLink') node.value = this.sliceSerialize(token);
      this.exit(token);
    },
  },
};

export interface ParsedWikiLink {
  embed: boolean;
  /** The whole target as written, unescaped: `Page#Heading`, `#Heading`, `folder/Page`. */
  target: string;
  /** The page part of the target (before `#`), trimmed; '' for a same-page link. */
  page: string;
  heading: string | null;
  label: string | null;
}

/**
 * Splits a raw `[[…]]` / `![[…]]`. `\|` (the table-safe pipe) and `\]` count as the character;
 * other backslashes are kept, as Obsidian keeps them.
 */
export function parseWikiLinkRaw(raw: string): ParsedWikiLink {
  const embed = raw.startsWith('!');
  const inner = raw.slice(embed ? 3 : 2, -2);
  let target = inner;
  let label: string | null = null;
  let cut = -1;
  for (let i = 0; i < inner.length; i += 1) {
    if (inner[i] === '\\' && inner[i + 1] === '|') {
      cut = i;
      label = inner.slice(i + 2);
      break;
    }
    if (inner[i] === '|') {
      cut = i;
      label = inner.slice(i + 1);
      break;
    }
  }
  if (cut >= 0) target = inner.slice(0, cut);
  target = target.replace(/\\([|\]])/g, '$1').trim();
  if (label !== null) label = label.replace(/\\([|\]])/g, '$1');
  const hash = target.indexOf('#');
  const page = (hash >= 0 ? target.slice(0, hash) : target).trim();
  const heading = hash >= 0 ? target.slice(hash + 1).trim() || null : null;
  return { embed, target, page, heading, label: label === '' ? null : label };
}
