import { describe, expect, it } from 'vitest';
import { parseSyncCliArgs } from './cli-sync-args';

describe('parseSyncCliArgs', () => {
  it('takes invite with a workspace and a role (contributor by default)', () => {
    expect(parseSyncCliArgs(['invite', '--workspace', 'Lab notes', '--data', '/d'])).toEqual({
      ok: true,
      args: { command: 'invite', dataDir: '/d', workspace: 'Lab notes', role: 'contributor', json: false },
    });
    expect(parseSyncCliArgs(['invite', '--workspace=Lab', '--role', 'reader', '--json'])).toMatchObject({ ok: true, args: { role: 'reader', json: true } });
  });

  it('takes join with a link or code, a name and peer addresses', () => {
    expect(parseSyncCliArgs(['join', 'ABCDE-12345', '--name', ' Ben ', '--peer-address', 'ws://10.0.0.2:4444/'])).toEqual({
      ok: true,
      args: { command: 'join', dataDir: undefined, invite: 'ABCDE-12345', name: 'Ben', peers: ['ws://10.0.0.2:4444'], json: false },
    });
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['invite']],
    [['invite', '--workspace', ' ']],
    [['invite', '--workspace', 'x', '--role', 'admin']],
    [['invite', '--workspace', 'x', 'extra']],
    [['invite', '--workspace', 'x', '--name', 'Ben']],
    [['join']],
    [['join', 'a', 'b']],
    [['join', 'x', '--peer-address', 'http://10.0.0.2']],
    [['join', 'x', '--name', '']],
    [['join', 'x', '--role', 'reader']],
    [['join', 'x', '--bogus']],
    [['join', 'x', '--data', '']],
  ])('refuses %j', (argv) => {
    const verdict = parseSyncCliArgs(argv);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(0);
  });
});
