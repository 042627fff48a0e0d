import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInviteLink } from '../../../shared/crypto/invites';
import { Host } from '../host';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-host-sync-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dir: string, sync: Parameters<typeof Host.open>[0]['sync']): Promise<Host> {
  const host = await Host.open({ dataDir: dir, mode: 'browser', version: 'test', sync });
  cleanups.push(() => host.close());
  return host;
}

describe('HostSync in the Host', () => {
  it('runs a signaling server on loopback by default and makes invites with a code', async () => {
    const host = await open(await dataDir(), { port: 0 });
    const [workspace] = await host.workspaces.list();
    if (!workspace) throw new Error('no workspace');
    expect(host.sync.addresses()).toEqual([host.sync.service?.signalingUrl]);
    expect(host.sync.addresses()[0]).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const created = await host.handlers.sync.createInvite({ workspaceId: workspace.id, role: undefined });
    expect(created.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const parsed = parseInviteLink(created.link);
    expect(parsed.ok && parsed.invite.signaling).toEqual(host.sync.addresses());
    const status = await host.handlers.sync.status({ workspaceId: workspace.id });
    expect(status).toMatchObject({ workspaceId: workspace.id, addresses: host.sync.addresses(), discovery: { state: 'unavailable' } });
  });

  it('with sync off: no server, links without codes, and no peers to add', async () => {
    const host = await open(await dataDir(), false);
    const [workspace] = await host.workspaces.list();
    if (!workspace) throw new Error('no workspace');
    expect(host.sync.service).toBeNull();
    const created = await host.handlers.sync.createInvite({ workspaceId: workspace.id });
    expect(created.code).toBeNull();
    expect(parseInviteLink(created.link).ok).toBe(true);
    await expect(host.handlers.sync.addPeer({ address: 'ws://10.0.0.2:4444' })).rejects.toMatchObject({ code: 'unavailable' });
    expect((await host.handlers.sync.status({ workspaceId: workspace.id })).running).toBe(false);
  });

  it('keeps the port, and the peers added by address, for the next start; takes another port when it is taken', async () => {
    const dir = await dataDir();
    const first = await Host.open({ dataDir: dir, mode: 'browser', version: 'test', sync: { persistPort: true, discovery: false } });
    const port = first.sync.service?.server?.port;
    await first.handlers.sync.addPeer({ address: 'ws://10.0.0.2:4444/' });
    expect((await first.handlers.sync.status({ workspaceId: (await first.workspaces.list())[0]!.id })).discovery.state).toBe('off');
    await first.close();
    const saved = JSON.parse(await readFile(join(dir, 'sync.json'), 'utf8')) as { port: number; peers: string[] };
    expect(saved).toMatchObject({ port, peers: ['ws://10.0.0.2:4444'] });

    const second = await open(dir, { persistPort: true });
    expect(second.sync.service?.server?.port).toBe(port);
    expect(second.sync.service?.peerAddresses).toEqual(['ws://10.0.0.2:4444']);
    await second.close();

    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    const third = await open(dir, { persistPort: true });
    expect(third.sync.service?.server?.port).not.toBe(port);
  });

  it('keeps an invite link from the OS for the renderer, once, and announces it', async () => {
    const host = await open(await dataDir(), { port: 0 });
    const heard: string[] = [];
    host.onDidReceiveInvite(({ link }) => heard.push(link));
    host.sync.receiveInvite('commonplace://join/abc');
    expect(heard).toEqual(['commonplace://join/abc']);
    expect(await host.handlers.sync.takeInvite(undefined)).toBe('commonplace://join/abc');
    expect(await host.handlers.sync.takeInvite(undefined)).toBeNull();
  });

  it('stores per-workspace settings', async () => {
    const host = await open(await dataDir(), { port: 0 });
    const [workspace] = await host.workspaces.list();
    if (!workspace) throw new Error('no workspace');
    expect(await host.handlers.sync.settings({ workspaceId: workspace.id })).toEqual({ signaling: [], iceServers: [] });
    const settings = { signaling: ['wss://sync.example.org'], iceServers: [{ urls: ['stun:stun.example.org:3478'] }] };
    expect(await host.handlers.sync.setSettings({ workspaceId: workspace.id, settings })).toEqual(settings);
    expect(await host.handlers.sync.settings({ workspaceId: workspace.id })).toEqual(settings);
  });
});
