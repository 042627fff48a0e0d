import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SignalingServer } from './signaling-server';
import { installSignalingWebSocket, registerSignalingRoom, SignalingSocket, unregisterSignalingRoom, type SignalingRoom } from './signaling-socket';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** y-webrtc's encryption of a signaling message (its src/crypto.js). */
async function encrypt(data: unknown, key: CryptoKey): Promise<string> {
  const plain = encoding.createEncoder();
  encoding.writeAny(plain, data as Parameters<typeof encoding.writeAny>[1]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoding.toUint8Array(plain)));
  const e = encoding.createEncoder();
  encoding.writeVarString(e, 'AES-GCM');
  encoding.writeVarUint8Array(e, iv);
  encoding.writeVarUint8Array(e, cipher);
  return Buffer.from(encoding.toUint8Array(e)).toString('base64');
}

async function setup() {
  const server = await SignalingServer.start();
  open.push(server);
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const conns = new Map<string, unknown>([['known-peer', {}]]);
  const room: SignalingRoom = { key: Promise.resolve(key), room: { peerId: 'me', webrtcConns: conns } };
  registerSignalingRoom('room', room);
  open.push({ close: () => unregisterSignalingRoom('room', room) });
  const socket = new SignalingSocket(server.url);
  open.push(socket);
  const delivered: Array<Record<string, unknown>> = [];
  socket.onmessage = (event) => delivered.push(JSON.parse(String(event.data)) as Record<string, unknown>);
  await new Promise<void>((resolve) => (socket.onopen = () => resolve()));
  socket.send(JSON.stringify({ type: 'subscribe', topics: ['room'] }));
  const peer = new WebSocket(server.url);
  open.push(peer);
  await new Promise((resolve) => peer.once('open', resolve));
  peer.send(JSON.stringify({ type: 'subscribe', topics: ['room'] }));
  await new Promise((r) => setTimeout(r, 100));
  const publish = (data: unknown) => peer.send(JSON.stringify({ type: 'publish', topic: 'room', data }));
  return { key, socket, delivered, publish };
}

const settle = () => new Promise((r) => setTimeout(r, 200));

describe('SignalingSocket', () => {
  it('is what y-webrtc gets as the global WebSocket', () => {
    installSignalingWebSocket();
    expect((globalThis as { WebSocket?: unknown }).WebSocket).toBe(SignalingSocket);
  });

  it('hands y-webrtc the signals of room members, in order', async () => {
    const { key, delivered, publish } = await setup();
    publish(await encrypt({ type: 'announce', from: 'p1' }, key));
    publish(await encrypt({ type: 'signal', from: 'p1', to: 'me', token: 1, signal: { type: 'offer', sdp: 'v=0' } }, key));
    publish(await encrypt({ type: 'signal', from: 'known-peer', to: 'me', signal: { type: 'answer', sdp: 'v=0' } }, key));
    publish(await encrypt({ type: 'signal', from: 'p1', to: 'me', signal: { type: 'candidate', candidate: { candidate: 'c' } } }, key));
    await settle();
    expect(delivered).toHaveLength(4);
    expect(delivered.map((m) => m.type)).toEqual(['publish', 'publish', 'publish', 'publish']);
  });

  it('drops what would crash y-webrtc: bad JSON, wrong key, malformed signals', async () => {
    const { key, socket, delivered, publish } = await setup();
    const otherKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    publish('not base64!');
    publish(Buffer.from('random').toString('base64'));
    publish(12);
    publish(await encrypt({ type: 'announce', from: 'p1' }, otherKey)); // not a member
    publish(await encrypt({ type: 'signal', from: 'p1', to: 'me', signal: { type: 'answer', sdp: 'v=0' } }, key)); // answer to no offer
    publish(await encrypt({ type: 'signal', from: 'p1', to: 'me' }, key)); // no signal
    publish(await encrypt({ type: 'signal', from: 'p1', to: 'me', signal: { type: 'renegotiate' } }, key));
    publish(await encrypt({ type: 'hello', from: 'p1' }, key));
    publish(await encrypt([1, 2, 3], key));
    await settle();
    expect(delivered).toEqual([]);
    expect(socket.dropped).toBe(9);
  });

  it('passes nothing on while not open, and ignores rooms it does not know', async () => {
    const { delivered, socket } = await setup();
    const stranger = new WebSocket(socket.url);
    open.push(stranger);
    await new Promise((resolve) => stranger.once('open', resolve));
    socket.send(JSON.stringify({ type: 'subscribe', topics: ['elsewhere'] }));
    stranger.send(JSON.stringify({ type: 'subscribe', topics: ['elsewhere'] }));
    await settle();
    stranger.send(JSON.stringify({ type: 'publish', topic: 'elsewhere', data: 'x' }));
    await settle();
    expect(delivered).toEqual([]);
    expect(socket.dropped).toBe(0); // another process's room: not ours, not an attack
    const closed = new SignalingSocket('ws://127.0.0.1:9');
    expect(() => closed.send('{}')).not.toThrow();
    closed.close();
  });
});
