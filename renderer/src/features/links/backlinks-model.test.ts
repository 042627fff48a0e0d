import { describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../../../shared/bridge/client';
import type { Backlink, LinksChange, UnlinkedMention } from '../../../../shared/bridge/links';
import { CommonplaceError } from '../../../../shared/errors';
import type { PageId, WorkspaceId } from '../../../../shared/ids';
import { BacklinksModel, concerns, groupBySource, splitContext } from './backlinks-model';

const WS = 'f'.repeat(32) as WorkspaceId;
const PAGE = 'a'.repeat(32) as PageId;
const OTHER = 'b'.repeat(32) as PageId;
const THIRD = 'c'.repeat(32) as PageId;

const backlink = (sourcePageId: PageId, sourceTitle: string, text: string): Backlink => ({
  sourcePageId,
  sourceTitle,
  context: { text, highlight: [0, 1] },
});
const mention: UnlinkedMention = { ...backlink(OTHER, 'Other', 'mentions it'), occurrence: { block: 2, start: 9 } };

function fakeBridge(results: { backlinks: Backlink[][] }) {
  let listener: ((change: LinksChange) => void) | null = null;
  const links = {
    backlinks: vi.fn(async () => results.backlinks.shift() ?? []),
    unlinkedMentions: vi.fn(async () => [mention]),
    linkMention: vi.fn(async () => undefined),
    onDidChange: vi.fn((cb: (change: LinksChange) => void) => {
      listener = cb;
      return () => (listener = null);
    }),
  };
  return { bridge: { links } as unknown as Bridge, links, emit: (change: LinksChange) => listener?.(change), listening: () => listener !== null };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('backlinks panel helpers', () => {
  it('groups by source in the order given', () => {
    const groups = groupBySource([backlink(OTHER, 'B', '1'), backlink(OTHER, 'B', '2'), backlink(THIRD, 'C', '3')]);
    expect(groups.map((g) => [g.sourceTitle, g.items.length])).toEqual([
      ['B', 2],
      ['C', 1],
    ]);
  });

  it('splits a context around its highlight, clamping bad ranges', () => {
    expect(splitContext({ text: 'see Alpha now', highlight: [4, 9] })).toEqual(['see ', 'Alpha', ' now']);
    expect(splitContext({ text: 'abc', highlight: [2, 99] })).toEqual(['ab', 'c', '']);
    expect(splitContext({ text: 'abc', highlight: [5, 1] })).toEqual(['abc', '', '']);
  });

  it('re-queries for renames anywhere and for edits of other pages, never for its own edits', () => {
    expect(concerns({ workspaceId: WS, pageIds: [PAGE], reason: 'entries' }, WS, PAGE)).toBe(true);
    expect(concerns({ workspaceId: WS, pageIds: [OTHER], reason: 'content' }, WS, PAGE)).toBe(true);
    expect(concerns({ workspaceId: WS, pageIds: [PAGE], reason: 'content' }, WS, PAGE)).toBe(false);
    expect(concerns({ workspaceId: 'e'.repeat(32) as WorkspaceId, pageIds: [OTHER], reason: 'entries' }, WS, PAGE)).toBe(false);
  });
});

describe('BacklinksModel', () => {
  it('loads, follows change events that concern it, and stops when disposed', async () => {
    const fake = fakeBridge({ backlinks: [[backlink(OTHER, 'Other', 'x')], [], []] });
    const model = new BacklinksModel(fake.bridge, WS, PAGE, () => undefined);
    model.start();
    await settle();
    expect(model.state.get()).toMatchObject({ status: 'ready', mentions: null });
    expect(model.state.get().backlinks).toHaveLength(1);
    fake.emit({ workspaceId: WS, pageIds: [PAGE], reason: 'content' });
    await settle();
    expect(fake.links.backlinks).toHaveBeenCalledTimes(1);
    fake.emit({ workspaceId: WS, pageIds: [OTHER], reason: 'content' });
    await settle();
    expect(fake.links.backlinks).toHaveBeenCalledTimes(2);
    expect(model.state.get().backlinks).toEqual([]);
    model.dispose();
    expect(fake.listening()).toBe(false);
  });

  it('coalesces overlapping refreshes into one more round', async () => {
    const fake = fakeBridge({ backlinks: [] });
    const model = new BacklinksModel(fake.bridge, WS, PAGE, () => undefined);
    model.start();
    void model.refresh();
    void model.refresh();
    void model.refresh();
    await settle();
    await settle();
    expect(fake.links.backlinks).toHaveBeenCalledTimes(2);
    model.dispose();
  });

  it('asks for mentions only once opened, and links one through the host', async () => {
    const fake = fakeBridge({ backlinks: [] });
    const model = new BacklinksModel(fake.bridge, WS, PAGE, () => undefined);
    model.start();
    await settle();
    expect(fake.links.unlinkedMentions).not.toHaveBeenCalled();
    model.toggleMentions();
    await settle();
    expect(model.state.get().mentions).toEqual([mention]);
    await model.link(mention);
    expect(fake.links.linkMention).toHaveBeenCalledWith({ workspaceId: WS, sourcePageId: OTHER, targetPageId: PAGE, occurrence: { block: 2, start: 9 } });
    expect(model.state.get().linking.size).toBe(0);
    model.dispose();
  });

  it('reports a failed query or link to the error sink', async () => {
    const fake = fakeBridge({ backlinks: [] });
    const errors: unknown[] = [];
    fake.links.backlinks.mockRejectedValueOnce(new CommonplaceError('unavailable', 'host gone'));
    fake.links.linkMention.mockRejectedValueOnce(new CommonplaceError('conflict', 'the page changed'));
    const model = new BacklinksModel(fake.bridge, WS, PAGE, (error) => errors.push(error));
    model.start();
    await settle();
    expect(model.state.get().status).toBe('failed');
    await model.link(mention);
    expect(errors.map((e) => (e as CommonplaceError).code)).toEqual(['unavailable', 'conflict']);
    expect(model.state.get().status).toBe('ready');
    model.dispose();
  });
});
