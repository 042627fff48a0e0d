/**
 * A deterministic corpus of knowledge-base pages for the search benchmark, from a topic-mixture
 * model (the generative model behind LDA): real pages are about something, so a content word
 * crowds into the pages of its topics instead of spreading evenly over all of them.
 * - Words come from the running text of two real editing traces (a research paper and a blog
 *   post): drawn from that stream they keep the frequencies of writing (function words common).
 * - TOPICS topics, each a random set of the traces' distinct words, used with Zipf weights.
 * - Each page picks TOPICS_PER_PAGE topics; each of its words comes from them with probability
 *   TOPIC_SHARE, else from the stream; a small share of invented words (names, jargon, codes)
 *   stretches the vocabulary toward the size a large wiki has.
 * Pages have a title, a heading, paragraphs and bullet lists, and a kind and tags.
 */
import { STOP_WORDS } from '../../electron/host/search/terms';
import { loadTrace } from './traces';

/** Each page's text, about: 10,000 pages make about 30 MB. */
export const PAGE_CHARS = 3_000;
/** Share of words that are invented rather than drawn from the traces. */
const RARE_WORD_SHARE = 0.03;
const RARE_VOCABULARY = 60_000;
const TOPICS = 300;
const TOPIC_WORDS = 120;
const TOPICS_PER_PAGE = 2;
const TOPIC_SHARE = 0.4;
const SYLLABLES = ['ka', 'lo', 'mir', 'sen', 'tu', 'vra', 'ne', 'dal', 'qui', 'ros', 'ba', 'ex', 'po', 'lin', 'gar', 'ty'];
export const KINDS = ['guide', 'question', 'note', 'report', 'learning-object'];
const TAGS = ['soil', 'water', 'seeds', 'tools', 'safety', 'meeting', 'onboarding', 'field', 'lab', 'archive', 'draft', 'review'];

export interface CorpusPage {
  readonly title: string;
  readonly kind: string;
  readonly tags: readonly string[];
  /** Blocks in the shape of shared/model/blocks.ts. */
  readonly blocks: ReadonlyArray<
    { type: 'heading'; level: 2; text: string } | { type: 'paragraph'; text: string } | { type: 'bulletList'; items: string[] }
  >;
}

/** mulberry32: a small, fast, seedable PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class WordSource {
  /** The topics of the page being written. */
  private topics: ReadonlyArray<readonly string[]> = [];

  private constructor(
    /** Every word of the traces in running order: sampling it keeps natural frequencies. */
    private readonly stream: readonly string[],
    private readonly rare: readonly string[],
    private readonly allTopics: ReadonlyArray<readonly string[]>,
    private readonly rand: () => number,
  ) {}

  static async load(seed: number): Promise<WordSource> {
    const texts = await Promise.all([loadTrace('automerge-paper'), loadTrace('seph-blog1')]);
    const stream = texts.flatMap((t) => t.endContent.match(/[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]/g) ?? []).filter((w) => w.length < 20);
    const rand = random(seed);
    const syllable = () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)] ?? 'ka';
    const rare = Array.from({ length: RARE_VOCABULARY }, (_, i) =>
      i % 10 === 0 ? `${syllable()}${syllable()}-${i}` : `${syllable()}${syllable()}${syllable()}${i % 7 === 0 ? syllable() : ''}`,
    );
    const distinct = [...new Set(stream.filter((w) => w.length > 3))];
    const allTopics = Array.from({ length: TOPICS }, () =>
      Array.from({ length: TOPIC_WORDS }, () => distinct[Math.floor(rand() * distinct.length)] ?? 'x'),
    );
    return new WordSource(stream, rare, allTopics, rand);
  }

  /** A word of a topic, the first ones most often (Zipf: weight 1/rank). */
  private topicWord(topic: readonly string[]): string {
    const rank = Math.floor(Math.exp(this.rand() * Math.log(topic.length + 1))) - 1;
    return topic[Math.min(rank, topic.length - 1)] ?? 'x';
  }

  get vocabulary(): number {
    return new Set([...this.stream.map((w) => w.toLowerCase()), ...this.rare]).size;
  }

  next = (): number => this.rand();

  word(): string {
    const r = this.rand();
    if (r < RARE_WORD_SHARE) return this.rare[Math.floor(this.rand() * this.rare.length)] ?? 'x';
    if (r < RARE_WORD_SHARE + TOPIC_SHARE && this.topics.length > 0) {
      return this.topicWord(this.topics[Math.floor(this.rand() * this.topics.length)] ?? []);
    }
    return this.stream[Math.floor(this.rand() * this.stream.length)] ?? 'x';
  }

  words(min: number, max: number): string {
    const n = min + Math.floor(this.rand() * (max - min + 1));
    return Array.from({ length: n }, () => this.word()).join(' ');
  }

  sentence(): string {
    const text = this.words(6, 22);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  }

  page(): CorpusPage {
    this.topics = Array.from({ length: TOPICS_PER_PAGE }, () => this.allTopics[Math.floor(this.rand() * this.allTopics.length)] ?? []);
    const blocks: CorpusPage['blocks'][number][] = [{ type: 'heading', level: 2, text: this.words(2, 5) }];
    let chars = 0;
    while (chars < PAGE_CHARS) {
      if (this.rand() < 0.2) {
        const items = Array.from({ length: 2 + Math.floor(this.rand() * 4) }, () => this.words(3, 10));
        blocks.push({ type: 'bulletList', items });
        chars += items.join(' ').length;
      } else {
        const text = Array.from({ length: 2 + Math.floor(this.rand() * 4) }, () => this.sentence()).join(' ');
        blocks.push({ type: 'paragraph', text });
        chars += text.length;
      }
    }
    const tags = TAGS.filter(() => this.rand() < 0.15);
    const page = { title: this.words(2, 6), kind: KINDS[Math.floor(this.rand() * KINDS.length)] ?? 'note', tags, blocks };
    this.topics = []; // queries draw from the whole stream
    return page;
  }
}

export interface QuerySet {
  readonly kind: 'one word' | 'two words' | 'prefix' | 'typo';
  readonly queries: readonly string[];
}

/**
 * Queries as people type them: drawn from the same word source, so they hit the corpus, common
 * words often and rare ones seldom; stop words left out (nobody searches for "the").
 */
export function makeQueries(words: WordSource, perKind: number): QuerySet[] {
  const longWord = (min: number): string => {
    for (;;) {
      const w = words.word();
      if (w.length >= min && !/\d/.test(w) && !STOP_WORDS.has(w.toLowerCase())) return w;
    }
  };
  const typo = (w: string): string => {
    const at = 1 + Math.floor(words.next() * (w.length - 2));
    const letter = 'etaoinshrdlu'[Math.floor(words.next() * 12)] ?? 'e';
    return `${w.slice(0, at)}${letter === w[at] ? 'z' : letter}${w.slice(at + 1)}`;
  };
  const list = (make: () => string) => Array.from({ length: perKind }, make);
  return [
    { kind: 'one word', queries: list(() => longWord(3)) },
    { kind: 'two words', queries: list(() => `${longWord(3)} ${longWord(3)}`) },
    { kind: 'prefix', queries: list(() => longWord(6).slice(0, 3 + Math.floor(words.next() * 3))) },
    { kind: 'typo', queries: list(() => typo(longWord(6))) },
  ];
}
