import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { readPresence, watchPresence } from './presence';

const ME = 'a'.repeat(64);
const ANA = 'b'.repeat(64);
const BEN = 'c'.repeat(64);
const P1 = '1'.repeat(32);
const P2 = '2'.repeat(32);

const states = (...list: Array<Record<string, unknown>>) => new Map(list.map((s, n) => [n + 1, s]));

describe('readPresence', () => {
  it('lists other members by name, once each, with the pages their windows show', () => {
    const list = readPresence(
      states(
        { user: { id: ME, name: 'Me', color: '#111111' }, page: P1 },
        { user: { id: BEN, name: 'Ben', color: '#222222' }, page: P2 },
        { user: { id: ANA, name: 'Ana', color: '#333333' }, page: P2 },
        { user: { id: ANA, name: 'Ana', color: '#333333' }, page: P1 },
        { user: { id: ANA, name: 'Ana', color: '#333333' }, page: null },
      ),
      ME,
    );
    expect(list).toEqual([
      { memberId: ANA, name: 'Ana', color: '#333333', pages: [P1, P2] },
      { memberId: BEN, name: 'Ben', color: '#222222', pages: [P2] },
    ]);
  });

  it('leaves out or cleans what a peer got wrong', () => {
    const list = readPresence(
      states(
        { user: 'Ana' },
        { user: { id: 'not-an-id', name: 'X', color: '#000000' } },
        { user: { id: ANA, name: '   ', color: '#000000' } },
        { user: { id: BEN, name: `  ${'B'.repeat(100)} `, color: 'red; background: url(x)' }, page: '../etc' },
        {},
      ),
      ME,
    );
    expect(list).toHaveLength(1);
    expect(list[0]?.name).toHaveLength(60);
    expect(list[0]?.color).toBe('#808080');
    expect(list[0]?.pages).toEqual([]);
  });
});

describe('watchPresence', () => {
  it('reports when the list changes, not on every awareness renewal', () => {
    const doc = new Y.Doc();
    const local = new Awareness(doc);
    const remoteDoc = new Y.Doc();
    const remote = new Awareness(remoteDoc);
    const seen: number[] = [];
    const stop = watchPresence(local, ME, (members) => seen.push(members.length));
    remote.setLocalState({ user: { id: ANA, name: 'Ana', color: '#333333' }, page: P1 });
    const sync = () => {
      const { encodeAwarenessUpdate, applyAwarenessUpdate } = awarenessProtocol;
      applyAwarenessUpdate(local, encodeAwarenessUpdate(remote, [remoteDoc.clientID]), 'peer');
    };
    sync();
    sync();
    stop();
    expect(seen).toEqual([0, 1]);
  });
});
