/**
 * The floors of the sync benchmark (sync.bench.ts), in a child process driven by JSON lines on
 * stdin/stdout like test/integration/fixtures/sync-host.ts:
 *
 * - `--mode ywebrtc --signal URL --room NAME`: stock y-webrtc — a WebrtcProvider over
 *   @roamhq/wrtc on a bare Y.Doc, no framing, no guard, no store, no renderer. Commands:
 *   `peers`, `typeKeys {count, intervalMs}`, `watchKeys {watch, count, timeoutMs}`, `keysArrived {watch}`.
 * - `--mode channel`: one raw RTCDataChannel (no y-webrtc), set up through the benchmark process
 *   (`offer`, `answer {sdp}`, `accept {sdp}`), then `expectBytes {bytes}` + `receivedBytes` on one
 *   side and `sendBytes {bytes}` on the other: 16 KiB messages with the same back-pressure as our
 *   framed channels (HIGH_WATER_BYTES, polled every DRAIN_POLL_MS).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebrtcProvider } from 'y-webrtc';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { nodeWrtc } from '../../electron/host/sync/node-wrtc';
import { DRAIN_POLL_MS, HIGH_WATER_BYTES } from '../../electron/host/sync/framed-channel';
import { FRAME_BYTES } from '../../electron/host/sync/framing';
import type { DataChannelLike } from '../../electron/host/sync/wrtc-types';
import { wallClock } from './sync-keystrokes';

const { values: args } = parseArgs({
  options: { mode: { type: 'string' }, signal: { type: 'string' }, room: { type: 'string' } },
});

const out = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
process.on('unhandledRejection', (reason) => process.stderr.write(`unhandled rejection: ${String(reason)}\n`));

type Command = Record<string, unknown> & { id: number; cmd: string };
const commands: Record<string, (c: Command) => Promise<object>> = {};

// ---- stock y-webrtc ----

if (args.mode === 'ywebrtc') {
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket; // Node 20 has none
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const provider = new WebrtcProvider(String(args.room), doc, {
    signaling: [String(args.signal)],
    password: 'benchmark',
    filterBcConns: false,
    peerOpts: { wrtc: nodeWrtc, config: { iceServers: [] } },
  });
  const watches = new Map<number, Promise<number[]>>();
  Object.assign(commands, {
    async peers() {
      const conns = [...(provider.room?.webrtcConns.values() ?? [])];
      return { connected: conns.filter((c) => c.connected).length };
    },
    async typeKeys(c: Command) {
      const typed: number[] = [];
      for (let k = 0; k < Number(c.count); k++) {
        await new Promise((r) => setTimeout(r, Number(c.intervalMs)));
        typed.push(wallClock());
        text.insert(text.length, 'x');
      }
      return { typed };
    },
    async watchKeys(c: Command) {
      const count = Number(c.count);
      const base = text.length;
      const arrived: number[] = [];
      const done = new Promise<number[]>((resolve, reject) => {
        const check = () => {
          const now = wallClock();
          while (arrived.length < Math.min(text.length - base, count)) arrived.push(now);
          if (arrived.length < count) return;
          clearTimeout(timer);
          doc.off('afterTransaction', check);
          resolve(arrived);
        };
        const timer = setTimeout(() => reject(new Error(`only ${arrived.length} of ${count} keystrokes arrived`)), Number(c.timeoutMs));
        doc.on('afterTransaction', check);
      });
      done.catch(() => undefined); // reported by keysArrived
      watches.set(Number(c.watch), done);
      return {};
    },
    async keysArrived(c: Command) {
      return { arrived: await watches.get(Number(c.watch)) };
    },
    async stop() {
      provider.destroy();
      setImmediate(() => process.exit(0));
      return {};
    },
  });
}

// ---- one raw data channel ----

interface PeerConnection {
  createDataChannel(label: string, init?: object): DataChannelLike;
  createOffer(): Promise<{ sdp: string; type: string }>;
  createAnswer(): Promise<{ sdp: string; type: string }>;
  setLocalDescription(description: object): Promise<void>;
  setRemoteDescription(description: object): Promise<void>;
  readonly localDescription: { sdp: string; type: string } | null;
  readonly iceGatheringState: string;
  onicegatheringstatechange: (() => void) | null;
  ondatachannel: ((event: { channel: DataChannelLike }) => void) | null;
  close(): void;
}

if (args.mode === 'channel') {
  const Connection = nodeWrtc.RTCPeerConnection as unknown as new (config: object) => PeerConnection;
  const pc = new Connection({ iceServers: [] });
  let channel: DataChannelLike | null = null;
  let opened!: () => void;
  const open = new Promise<void>((resolve) => (opened = resolve));
  let received = 0;
  let expecting: { bytes: number; done: (at: number) => void } | null = null;
  let finished: Promise<number> | null = null;
  const adopt = (ch: DataChannelLike) => {
    channel = ch;
    ch.binaryType = 'arraybuffer';
    ch.onopen = () => opened();
    if (ch.readyState === 'open') opened();
    ch.onmessage = ({ data }) => {
      received += (data as ArrayBuffer).byteLength;
      if (expecting && received >= expecting.bytes) expecting.done(wallClock());
    };
  };
  pc.ondatachannel = ({ channel: ch }) => adopt(ch);
  const gathered = () =>
    new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
  Object.assign(commands, {
    async offer() {
      adopt(pc.createDataChannel('bench', { ordered: true }));
      await pc.setLocalDescription(await pc.createOffer());
      await gathered();
      return { sdp: pc.localDescription?.sdp };
    },
    async answer(c: Command) {
      await pc.setRemoteDescription({ type: 'offer', sdp: String(c.sdp) });
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered();
      return { sdp: pc.localDescription?.sdp };
    },
    async accept(c: Command) {
      await pc.setRemoteDescription({ type: 'answer', sdp: String(c.sdp) });
      await open;
      return {};
    },
    async waitOpen() {
      await open;
      return {};
    },
    async expectBytes(c: Command) {
      received = 0;
      finished = new Promise((resolve) => (expecting = { bytes: Number(c.bytes), done: resolve }));
      return {};
    },
    async receivedBytes() {
      return { at: await finished, received };
    },
    async sendBytes(c: Command) {
      const ch = channel;
      if (!ch) throw new Error('no channel');
      const total = Number(c.bytes);
      const chunk = new Uint8Array(FRAME_BYTES).fill(7);
      const started = wallClock();
      for (let sent = 0; sent < total; ) {
        while (ch.bufferedAmount >= HIGH_WATER_BYTES) await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
        const size = Math.min(FRAME_BYTES, total - sent);
        ch.send(size === FRAME_BYTES ? chunk : chunk.subarray(0, size));
        sent += size;
      }
      return { started };
    },
    async stop() {
      pc.close();
      setImmediate(() => process.exit(0));
      return {};
    },
  });
}

out({ event: 'ready', mode: args.mode });
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as Command;
  const run = commands[command.cmd];
  if (!run) return out({ id: command.id, ok: false, error: `unknown command ${command.cmd}` });
  run(command).then(
    (result) => out({ id: command.id, ok: true, ...result }),
    (error: unknown) => out({ id: command.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
