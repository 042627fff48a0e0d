/**
 * nodeWrtc over real WebRTC (@roamhq/wrtc, loopback, no ICE servers): graceful closes and safe
 * descriptions end to end. (The races they avoid crash a process now and then, not on demand:
 * graceful-channel.test.ts and wrtc-descriptions.test.ts check the rules deterministically.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_NOTICE, GracefulChannel } from './graceful-channel';
import wrtc from '@roamhq/wrtc';
import { nodeWrtc, PeerConnections } from './node-wrtc';
import type { ChannelState, DataChannelLike, WrtcModule } from './wrtc-types';

interface Connection {
  readonly connectionState: string;
  readonly signalingState: string;
  readonly localDescription: { type: string; sdp: string } | null;
  readonly remoteDescription: { type: string; sdp: string } | null;
  createOffer(): Promise<{ type: string; sdp: string }>;
  createAnswer(): Promise<{ type: string; sdp: string }>;
  setLocalDescription(d: unknown): Promise<void>;
  setRemoteDescription(d: unknown): Promise<void>;
  addIceCandidate(c: unknown): Promise<void>;
  createDataChannel(label: string): DataChannelLike;
  close(): void;
  onicecandidate: ((e: { candidate: unknown }) => void) | null;
  ondatachannel: ((e: { channel: DataChannelLike }) => void) | null;
}

const opened: Connection[] = [];
afterEach(() => {
  for (const pc of opened.splice(0)) pc.close();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

const whenOpen = (channel: DataChannelLike) => until(() => channel.readyState === 'open');

async function connect(wrtcA: WrtcModule = nodeWrtc, wrtcB: WrtcModule = nodeWrtc) {
  const a = new wrtcA.RTCPeerConnection({ iceServers: [] }) as unknown as Connection;
  const b = new wrtcB.RTCPeerConnection({ iceServers: [] }) as unknown as Connection;
  opened.push(a, b);
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate).catch(() => undefined));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate).catch(() => undefined));
  const channelA = a.createDataChannel('test');
  const channelB = new Promise<DataChannelLike>((resolve) => (b.ondatachannel = (e) => resolve(e.channel)));
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  const [ca, cb] = [channelA, await channelB];
  await Promise.all([whenOpen(ca), whenOpen(cb)]);
  return { a, b, ca, cb, offer, answer };
}

/** A native channel the peer announces (wrtc's `_pc.ondatachannel`), recording what is sent on it and whether it is closed. */
function announcedChannel(pc: Connection) {
  const sent: unknown[] = [];
  const native = {
    label: 'announced',
    readyState: 'open' as ChannelState,
    bufferedAmount: 0,
    binaryType: 'arraybuffer',
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    closed: false,
    send: (data: unknown) => void sent.push(data),
    close: () => void (native.closed = true),
  };
  const delivered: DataChannelLike[] = [];
  pc.ondatachannel = (e) => void delivered.push(e.channel);
  const announce = () => (pc as unknown as { readonly _pc: { ondatachannel(c: DataChannelLike): void } })._pc.ondatachannel(native);
  return { native, sent, delivered, announce };
}

describe('nodeWrtc', () => {
  it('wraps every data channel, made or received, in a GracefulChannel', async () => {
    const { ca, cb } = await connect();
    expect(ca).toBeInstanceOf(GracefulChannel);
    expect(cb).toBeInstanceOf(GracefulChannel);
  });

  it('closes a connection only once its channel is settled; a peer that keeps sending sees the channel close under the protocol', async () => {
    const { a, b, ca } = await connect();
    let closed = false;
    ca.onclose = () => (closed = true);
    let sent = 0;
    const sending = (async () => {
      while (!closed) {
        try {
          ca.send(new Uint8Array(64));
          sent++;
        } catch {
          break; // closed under us: the notice arrived
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    await until(() => sent > 10);
    b.close();
    expect(b.connectionState).not.toBe('closed'); // not yet: its channel waits for A to close it
    await sending;
    await until(() => closed);
    expect(ca.readyState).toBe('closed');
    await until(() => b.connectionState === 'closed');
    a.close();
  });

  it('answers the description getters with what was set', async () => {
    const { a, b, offer, answer } = await connect();
    expect(b.remoteDescription).toMatchObject({ type: 'offer', sdp: offer.sdp });
    expect(a.remoteDescription).toMatchObject({ type: 'answer', sdp: answer.sdp });
    expect(a.localDescription?.type).toBe('offer');
  });

  it('hands up a channel the peer announces, wrapped and untouched', async () => {
    const pc = new nodeWrtc.RTCPeerConnection({ iceServers: [] }) as unknown as Connection;
    opened.push(pc);
    const { native, sent, delivered, announce } = announcedChannel(pc);
    announce();
    await until(() => delivered.length > 0); // wrtc dispatches on the next tick
    expect(delivered[0]).toBeInstanceOf(GracefulChannel);
    expect(sent).toEqual([]);
    expect(native.closed).toBe(false);
  });

  it('closes gracefully a channel the peer announces while we close (the peer may be sending on it already)', async () => {
    const pc = new nodeWrtc.RTCPeerConnection({ iceServers: [] }) as unknown as Connection;
    opened.push(pc);
    const { native, sent, delivered, announce } = announcedChannel(pc);
    pc.close();
    announce();
    expect(sent).toEqual([CLOSE_NOTICE]); // the peer is told, and closes it natively
    expect(native.closed).toBe(false); // not closed under it
    await until(() => delivered.length > 0);
    expect(delivered[0]?.readyState).toBe('closing');
  });

  it('closes promptly when both sides close at once', async () => {
    const { a, b, ca, cb } = await connect();
    const closes = Promise.all([new Promise((r) => (ca.onclose = r)), new Promise((r) => (cb.onclose = r))]);
    a.close();
    b.close();
    await closes;
    await until(() => a.connectionState === 'closed' && b.connectionState === 'closed');
  });
});

describe('PeerConnections', () => {
  it('closeAll resolves only once every connection made through it is closed natively (close() alone returns before)', async () => {
    const ours = new PeerConnections();
    const theirs = new PeerConnections();
    const first = await connect(ours.wrtc, theirs.wrtc);
    const second = await connect(ours.wrtc, theirs.wrtc);
    let peerClosedIt = false;
    first.cb.onclose = () => (peerClosedIt = true);
    expect(ours.size).toBe(2);
    first.a.close(); // one already closing: closeAll waits for it too
    expect(first.a.signalingState).not.toBe('closed');
    expect(await ours.closeAll()).toBe(0); // none had to be forced
    expect([first.a.signalingState, second.a.signalingState]).toEqual(['closed', 'closed']);
    expect(ours.size).toBe(0);
    expect(peerClosedIt).toBe(true); // the graceful protocol ran: the peer closed the channel
    expect(theirs.size).toBe(2); // the peer's own connections are its own to close
    await theirs.closeAll();
    expect([first.b.signalingState, second.b.signalingState]).toEqual(['closed', 'closed']);
    expect(theirs.size).toBe(0);
  });

  it('closes natively, once the wait is over, a connection whose peer never closes its channel', async () => {
    const ours = new PeerConnections();
    const { a } = await connect(ours.wrtc, wrtc as WrtcModule); // plain wrtc: it ignores the close notice
    expect(await ours.closeAll(50)).toBe(1);
    expect(a.signalingState).toBe('closed');
    expect(ours.size).toBe(0);
  });

  it('has nothing to wait for when it made nothing', async () => {
    expect(await new PeerConnections().closeAll()).toBe(0);
  });
});
