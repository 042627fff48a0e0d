import { describe, expect, it } from 'vitest';
import type { Range } from '../bridge/search';
import { matchTitle } from './fuzzy-title';

const marked = (text: string, ranges: readonly Range[]) => ranges.map(([s, e]) => text.slice(s, e));

describe('matchTitle', () => {
  it('ranks exact > prefix > word start > substring > all words > letters in order', () => {
    const score = (q: string, t: string) => matchTitle(q, t)?.score ?? 0;
    expect(score('notes', 'notes')).toBeGreaterThan(score('notes', 'Notes of May'));
    expect(score('notes', 'Notes of May')).toBeGreaterThan(score('notes', 'Meeting notes'));
    expect(score('notes', 'Meeting notes')).toBeGreaterThan(score('otes', 'Meeting notes'));
    expect(score('otes', 'Meeting notes')).toBeGreaterThan(score('meet not', 'Meeting notes'));
    expect(score('meet not', 'Meeting notes')).toBeGreaterThan(score('mtgn', 'Meeting notes'));
    expect(score('mtgn', 'Meeting notes')).toBeGreaterThan(0);
  });

  it('highlights what matched and rejects scattered or missing letters', () => {
    const title = 'Meeting notes';
    expect(marked(title, matchTitle('meet not', title)!.ranges)).toEqual(['Meet', 'not']);
    expect(marked(title, matchTitle('mn', title)!.ranges)).toEqual(['M', 'n']);
    expect(matchTitle('xyz', title)).toBeNull();
    expect(matchTitle('etgs', title)).toBeNull(); // letters in order, but none at a word start
    expect(matchTitle('', title)).toBeNull();
    expect(matchTitle('a', '')).toBeNull();
  });
});

describe('matchTitle, letters in order', () => {
  it('keeps runs together and never takes a word start that leaves no room for the rest', () => {
    const title = 'Greenhouse rota';
    expect(marked(title, matchTitle('grnhs', title)!.ranges)).toEqual(['Gr', 'nh', 's']);
    expect(marked(title, matchTitle('grota', title)!.ranges)).toEqual(['G', 'rota']);
    expect(marked('Meeting notes', matchTitle('mtgn', 'Meeting notes')!.ranges)).toEqual(['M', 't', 'g', 'n']);
  });
});
