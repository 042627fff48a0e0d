import { describe, expect, it } from 'vitest';
import { parseArgs } from './validate';

const WS = '0123456789abcdef0123456789abcdef';
const attempt = (method: string, args: unknown) => {
  try {
    return { ok: true as const, value: parseArgs('sync', method, args) };
  } catch (error) {
    return { ok: false as const, message: (error as Error).message };
  }
};

describe('sync area arguments', () => {
  it.each([
    ['createInvite', { workspaceId: WS }],
    ['createInvite', { workspaceId: WS, role: 'reader' }],
    ['join', { invite: 'commonplace://join/abc' }],
    ['join', { invite: 'ABCDE-12345', name: 'Ben' }],
    ['status', { workspaceId: WS }],
    ['addPeer', { address: 'ws://192.168.1.4:4444' }],
    ['settings', { workspaceId: WS }],
    ['setSettings', { workspaceId: WS, settings: { signaling: ['wss://sync.example.org'], iceServers: [{ urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'p' }] } }],
    ['takeInvite', undefined],
  ])('accepts %s(%j)', (method, args) => {
    expect(attempt(method, args).ok).toBe(true);
  });

  it('normalises the addresses it accepts', () => {
    expect(attempt('addPeer', { address: ' ws://10.0.0.2:4444/ ' })).toEqual({ ok: true, value: { address: 'ws://10.0.0.2:4444' } });
  });

  it.each([
    ['createInvite', { workspaceId: WS, role: 'admin' }, 'role'],
    ['createInvite', { workspaceId: 'x' }, 'workspace id'],
    ['join', { invite: '' }, 'invite'],
    ['join', { invite: 'x'.repeat(3000) }, 'invite'],
    ['join', { invite: 'ABCDE-12345', name: '' }, 'name'],
    ['addPeer', { address: 'http://192.168.1.4:4444' }, 'ws://'],
    ['addPeer', { address: 'javascript:alert(1)' }, 'ws://'],
    ['setSettings', { workspaceId: WS, settings: { signaling: ['https://x'], iceServers: [] } }, 'signaling'],
    ['setSettings', { workspaceId: WS, settings: { signaling: [], iceServers: [{ urls: ['ws://x'] }] } }, 'ICE'],
    ['setSettings', { workspaceId: WS, settings: { signaling: [], iceServers: [{ urls: [] }] } }, 'urls'],
    ['setSettings', { workspaceId: WS, settings: { signaling: Array(9).fill('ws://a:1'), iceServers: [] } }, 'signaling'],
    ['setSettings', { workspaceId: WS, settings: { signaling: [], iceServers: [], extra: 1 } }, 'extra'],
    ['takeInvite', { link: 'x' }, 'link'],
  ])('rejects %s(%j)', (method, args, hint) => {
    const outcome = attempt(method, args);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message.toLowerCase()).toContain(hint.toLowerCase());
  });
});
