/**
 * A `serve` host with live peer connections, stopped as Ctrl-C or a service manager would
 * (SIGTERM), ends with code 0 and no signal, having closed every peer connection natively first:
 * a process that ends while a connection is still closing leaves libwebrtc's threads running into
 * its teardown (node-wrtc.ts), and serve says so (`… still open at exit`, run.ts).
 *
 * Two hosts on loopback, discovery off; B joins A's workspace by invite code and both open pages.
 * The hard case: B frozen (SIGSTOP) when A stops, so nobody answers A's close notices and A must
 * close its connections natively itself, within its bound, before it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WorkspaceInfo } from '../../shared/bridge/contract';
import type { InviteCreated, SyncStatus } from '../../shared/bridge/sync';
import type { PageId } from '../../shared/ids';
import { WS_PATH, encodeFrame } from '../../shared/bridge/ws-protocol';
import { connectBridge, type BridgeCaller } from '../../electron/host/serve/bridge-call';
import { ROOT, RUNNING_LINE, SERVE_JS, assertBuilt, makeTempDir, removeDir } from '../e2e/harness';
import { eventually } from './fixtures/sync-harness';

const SYNC_MS = 30_000;
const START_MS = 30_000;
const SIGNALING_LINE = /^Peer sync signaling at (ws:\/\/\S+)$/m;
/** What run.ts says when closing the host left a peer connection open. */
const UNSETTLED = /still open at exit/;
const TEMPLATES = ['practice-guide', 'meeting-notes'];

interface Served {
  readonly child: ChildProcess;
  readonly bridge: BridgeCaller;
  readonly signaling: string;
  /** Doc streams (the renderer's open pages), which join the pages' rooms. */
  readonly streams: WebSocket;
  /** 'code 0', 'signal SIGSEGV', …, once it has ended. */
  readonly ended: Promise<string>;
  output(): string;
}

const running: Served[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const served of running.splice(0)) {
    served.bridge.close();
    served.streams.terminate();
    served.child.kill('SIGCONT');
    served.child.kill('SIGKILL');
    await served.ended;
  }
  await Promise.all(dirs.splice(0).map((dir) => removeDir(dir)));
});

/** `node dist/electron/serve.js` on a fresh data dir; resolves once it is running, with a bridge and a stream socket. */
async function serve(args: string[] = []): Promise<Served> {
  const dataDir = await makeTempDir('cp-serve-exit-');
  dirs.push(dataDir);
  const child = spawn(process.execPath, [SERVE_JS, '--data', dataDir, '--port', '0', '--no-discovery', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const ended = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)));
  await eventually(async () => RUNNING_LINE.test(output) || child.exitCode !== null, START_MS, () => output);
  const url = new URL(RUNNING_LINE.exec(output)?.[1] ?? 'http://invalid');
  const signaling = SIGNALING_LINE.exec(output)?.[1];
  if (!signaling) throw new Error(`serve did not start:\n${output}`);
  const token = url.searchParams.get('token') ?? '';
  const bridge = await connectBridge(Number(url.port), token);
  const streams = new WebSocket(`ws://127.0.0.1:${url.port}${WS_PATH}?token=${encodeURIComponent(token)}`);
  await new Promise((resolve, reject) => streams.once('open', resolve).once('error', reject));
  const served = { child, bridge, signaling, streams, ended, output: () => output };
  running.push(served);
  return served;
}

let nextStream = 1;
function openPage(served: Served, workspaceId: string, docId: string): void {
  served.streams.send(encodeFrame({ t: 'open', stream: nextStream++, workspaceId, docId }));
}

/** A and B connected in A's workspace, each with its pages open. */
async function twoSyncedHosts(): Promise<{ a: Served; b: Served }> {
  const a = await serve();
  const [workspace] = await a.bridge.call<WorkspaceInfo[]>('workspaces', 'list');
  if (!workspace) throw new Error('no workspace');
  const pages: PageId[] = [];
  for (const builtin of TEMPLATES) pages.push(await a.bridge.call<PageId>('pages', 'createFromTemplate', { workspaceId: workspace.id, parentId: null, template: { builtin } }));
  const b = await serve(['--peer-address', a.signaling]);
  const invite = await a.bridge.call<InviteCreated>('sync', 'createInvite', { workspaceId: workspace.id, role: 'contributor' });
  await b.bridge.call('sync', 'join', { invite: invite.code, name: 'Ben' });
  for (const host of [a, b]) for (const pageId of pages) openPage(host, workspace.id, pageId);
  const connected = async (host: Served) => (await host.bridge.call<SyncStatus>('sync', 'status', { workspaceId: workspace.id })).peers.some((p) => p.connected);
  await eventually(async () => (await connected(a)) && (await connected(b)), SYNC_MS, () => `A:\n${a.output()}\nB:\n${b.output()}`);
  return { a, b };
}

/** SIGTERM; resolves with how it ended. */
function stop(served: Served): Promise<string> {
  served.bridge.close();
  served.streams.close();
  served.child.kill('SIGTERM');
  return served.ended;
}

describe('stopping a synced serve host', () => {
  it('ends with code 0, every peer connection closed first, while its peer runs; then the peer too', async () => {
    assertBuilt(); // serve runs from dist/: `node build/build.mjs` first
    const { a, b } = await twoSyncedHosts();
    expect(await stop(a)).toBe('code 0');
    expect(a.output()).not.toMatch(UNSETTLED);
    expect(await stop(b)).toBe('code 0');
    expect(b.output()).not.toMatch(UNSETTLED);
  });

  it('closes its connections natively itself when the peer does not answer (frozen), and ends with code 0', async () => {
    assertBuilt();
    const { a, b } = await twoSyncedHosts();
    b.child.kill('SIGSTOP');
    try {
      expect(await stop(a)).toBe('code 0');
    } finally {
      b.child.kill('SIGCONT');
    }
    expect(a.output()).not.toMatch(UNSETTLED);
    expect(await stop(b)).toBe('code 0');
    expect(b.output()).not.toMatch(UNSETTLED);
  });
});
