import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advertisedSignalingUrls } from './advertised-addresses';
import {
  DEFAULT_HOST_SYNC_SETTINGS,
  DEFAULT_WORKSPACE_SYNC_SETTINGS,
  loadHostSyncSettings,
  loadWorkspaceSyncSettings,
  parseHostSyncSettings,
  saveHostSyncSettings,
  saveWorkspaceSyncSettings,
  SYNC_SETTINGS_FILE,
} from './sync-settings';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'cp-sync-settings-'));
  dirs.push(d);
  return d;
}

describe('host sync settings', () => {
  it('default when missing, round-trip, and are private to the owner', async () => {
    const d = await dir();
    expect(await loadHostSyncSettings(d)).toEqual(DEFAULT_HOST_SYNC_SETTINGS);
    await saveHostSyncSettings(d, { port: 47_001, bind: '192.168.1.5', peers: ['ws://192.168.1.6:47001'] });
    expect(await loadHostSyncSettings(d)).toEqual({ port: 47_001, bind: '192.168.1.5', peers: ['ws://192.168.1.6:47001'] });
    expect((await stat(join(d, SYNC_SETTINGS_FILE))).mode & 0o777).toBe(0o600);
  });

  it('read malformed fields as defaults, and drop bad peers', async () => {
    expect(parseHostSyncSettings({ port: 70_000, bind: 'example.org', peers: ['http://x', 'ws://a:1', 3] })).toEqual({ port: null, bind: null, peers: ['ws://a:1'] });
    expect(parseHostSyncSettings({ port: 1.5, peers: 'ws://a:1' })).toEqual(DEFAULT_HOST_SYNC_SETTINGS);
    expect(parseHostSyncSettings(null)).toEqual(DEFAULT_HOST_SYNC_SETTINGS);
    const d = await dir();
    await writeFile(join(d, SYNC_SETTINGS_FILE), '{ not json');
    expect(await loadHostSyncSettings(d)).toEqual(DEFAULT_HOST_SYNC_SETTINGS);
  });
});

describe('workspace sync settings', () => {
  it('round-trip valid settings, normalised', async () => {
    const d = await dir();
    expect(await loadWorkspaceSyncSettings(d)).toEqual(DEFAULT_WORKSPACE_SYNC_SETTINGS);
    const saved = await saveWorkspaceSyncSettings(d, {
      signaling: ['wss://sync.example.org/'],
      iceServers: [{ urls: ['turn:turn.example.org:3478'], username: 'lab', credential: 'secret' }],
    });
    expect(saved.signaling).toEqual(['wss://sync.example.org']);
    expect(await loadWorkspaceSyncSettings(d)).toEqual(saved);
    expect((await stat(join(d, SYNC_SETTINGS_FILE))).mode & 0o777).toBe(0o600);
  });

  it('refuse to save invalid settings, and read a tampered file as the defaults', async () => {
    const d = await dir();
    await expect(saveWorkspaceSyncSettings(d, { signaling: ['http://x'], iceServers: [] })).rejects.toThrow();
    await expect(saveWorkspaceSyncSettings(d, { signaling: [], iceServers: [{ urls: ['ws://x'] }] })).rejects.toThrow();
    await writeFile(join(d, SYNC_SETTINGS_FILE), JSON.stringify({ signaling: ['javascript:alert(1)'], iceServers: [] }));
    expect(await loadWorkspaceSyncSettings(d)).toEqual(DEFAULT_WORKSPACE_SYNC_SETTINGS);
    expect(await readFile(join(d, SYNC_SETTINGS_FILE), 'utf8')).toContain('javascript'); // left for the member to see
  });
});

describe('advertisedSignalingUrls', () => {
  const table = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as never],
    eth0: [
      { address: '192.168.1.5', family: 'IPv4', internal: false } as never,
      { address: 'fe80::1', family: 'IPv6', internal: false } as never,
    ],
    wlan0: [{ address: '10.0.0.7', family: 'IPv4', internal: false } as never],
  };

  it('gives the bound address, or every LAN IPv4 address and loopback for a wildcard bind', () => {
    expect(advertisedSignalingUrls('127.0.0.1', 4444, table)).toEqual(['ws://127.0.0.1:4444']);
    expect(advertisedSignalingUrls('192.168.1.5', 4444, table)).toEqual(['ws://192.168.1.5:4444']);
    expect(advertisedSignalingUrls('0.0.0.0', 4444, table)).toEqual(['ws://192.168.1.5:4444', 'ws://10.0.0.7:4444', 'ws://127.0.0.1:4444']);
    expect(advertisedSignalingUrls('::', 4444, {})).toEqual(['ws://[::1]:4444']);
  });
});
