import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { caretLabel, localCaretUser, renderSelection } from './carets';

describe('carets', () => {
  it('labels a caret with the member name, shortened, or Anonymous', () => {
    expect(caretLabel('  Ada  ')).toBe('Ada');
    expect(caretLabel('')).toBe('Anonymous');
    expect(caretLabel(undefined)).toBe('Anonymous');
    expect(caretLabel({ toString: () => '<b>' })).toBe('Anonymous');
    const long = caretLabel('x'.repeat(100));
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });

  it('tints a selection only with a hex colour', () => {
    expect(renderSelection({ color: '#336699' }).style).toBe('background-color: #33669933');
    expect(renderSelection({ color: 'red; background-image: url(x)' }).style).toBeUndefined();
    expect(renderSelection({ color: 'transparent' }).style).toBeUndefined();
  });

  it('reads the local member from awareness as it is, with a fallback', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    expect(localCaretUser(awareness).name).toBe('Anonymous');
    const user = { name: 'Ada', color: '#336699', id: 'm1' };
    awareness.setLocalStateField('user', user);
    expect(localCaretUser(awareness)).toBe(user);
    awareness.destroy();
    doc.destroy();
  });
});
