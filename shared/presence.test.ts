import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { forgetPresence } from './presence';

function pair(): { ours: Awareness; theirs: Awareness; resend: () => void } {
  const ours = new Awareness(new Y.Doc());
  const theirs = new Awareness(new Y.Doc());
  theirs.setLocalState({ user: { name: 'Ben' } });
  const resend = () => applyAwarenessUpdate(ours, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'peer');
  resend();
  return { ours, theirs, resend };
}

describe('forgetPresence', () => {
  it('takes a departed member down, and lets the same state back in when it reconnects', () => {
    const { ours, theirs, resend } = pair();
    expect(ours.getStates().has(theirs.clientID)).toBe(true);
    forgetPresence(ours, [theirs.clientID], 'peer left');
    expect(ours.getStates().has(theirs.clientID)).toBe(false);
    resend(); // the reconnect: same state, same clock
    expect(ours.getStates().get(theirs.clientID)).toEqual({ user: { name: 'Ben' } });
    ours.destroy();
    theirs.destroy();
  });

  it('is needed: y-protocols alone ignores the same state after removing it', () => {
    const { ours, theirs, resend } = pair();
    removeAwarenessStates(ours, [theirs.clientID], 'peer left');
    resend();
    expect(ours.getStates().has(theirs.clientID)).toBe(false);
    ours.destroy();
    theirs.destroy();
  });

  it('never removes our own state', () => {
    const { ours, theirs } = pair();
    ours.setLocalState({ user: { name: 'Ana' } });
    forgetPresence(ours, [ours.clientID, theirs.clientID], 'peer left');
    expect(ours.getLocalState()).toEqual({ user: { name: 'Ana' } });
    expect(ours.getStates().has(theirs.clientID)).toBe(false);
    ours.destroy();
    theirs.destroy();
  });
});
