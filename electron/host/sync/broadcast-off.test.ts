/**
 * keepOffBroadcastChannel: a room of ours publishes nothing on the BroadcastChannel, nor reads
 * its own updates back from it; a stock y-webrtc room (the control) does both.
 */
import * as bc from 'lib0/broadcastchannel';
import { WebrtcProvider } from 'y-webrtc';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { keepOffBroadcastChannel } from './broadcast-off';

const providers: WebrtcProvider[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});

/** A room on no signaling server, and everything published on its BroadcastChannel. */
async function room(name: string, off: boolean) {
  const doc = new Y.Doc();
  const provider = new WebrtcProvider(name, doc, { signaling: [], password: 'test password' });
  providers.push(provider);
  if (off) await keepOffBroadcastChannel(provider);
  else await provider.key;
  const published: unknown[] = [];
  const listen = (data: unknown) => published.push(data);
  bc.subscribe(name, listen);
  // The subscription goes with the room (y-webrtc closes the channel when its last subscriber leaves).
  providers.push({ destroy: () => bc.unsubscribe(name, listen) } as unknown as WebrtcProvider);
  let updates = 0;
  doc.on('update', () => updates++);
  return { doc, published, updates: () => updates };
}

/** Long enough for y-webrtc's AES-GCM encryption (async) and the loop-back. */
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('keepOffBroadcastChannel', () => {
  it('keeps a room from publishing its updates (and so from reading them back)', async () => {
    const { doc, published, updates } = await room(`off-${process.pid}`, true);
    await settle();
    published.length = 0;
    doc.getText('t').insert(0, 'a keystroke');
    await settle();
    expect(published).toEqual([]);
    expect(updates()).toBe(1);
  });

  it('is needed: a stock room publishes each update and reads it back', async () => {
    const { doc, published } = await room(`stock-${process.pid}`, false);
    await settle();
    published.length = 0;
    doc.getText('t').insert(0, 'a keystroke');
    await settle();
    // Our subscriber got it, and so did the room's own, which decrypted and applied it again.
    expect(published.length).toBeGreaterThan(0);
  });

  /** BroadcastChannels open in this process (Node lists each as a MessagePort). */
  const openChannels = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

  /** Opens and destroys a room; returns how many more channels are open after it than before. */
  async function channelsLeftBy(name: string, off: boolean): Promise<number> {
    await settle(); // rooms of earlier tests are gone
    const before = openChannels();
    const provider = new WebrtcProvider(name, new Y.Doc(), { signaling: [], password: 'test password' });
    if (off) await keepOffBroadcastChannel(provider);
    else await provider.key;
    provider.destroy();
    await settle();
    return openChannels() - before;
  }

  it('leaves no BroadcastChannel open once the room is destroyed', async () => {
    expect(await channelsLeftBy(`gone-${process.pid}`, true)).toBe(0);
  });

  it('is needed: a stock room leaves one open for good (its last message reopens it)', async () => {
    expect(await channelsLeftBy(`left-${process.pid}`, false)).toBe(1);
  });
});
