import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it.each([
    [['import', './vault', '--data', '/d', '--json'], { command: 'import', path: './vault', dataDir: '/d', workspace: undefined, json: true }],
    [['import', 'v', '--workspace', 'Lab'], { command: 'import', path: 'v', dataDir: undefined, workspace: 'Lab', json: false }],
    [['export', 'out', '--data=/d', '--workspace=Lab'], { command: 'export', path: 'out', dataDir: '/d', workspace: 'Lab', json: false }],
    [['--help'], { command: 'help', path: '', dataDir: undefined, workspace: undefined, json: false }],
  ])('accepts %j', (argv, args) => {
    expect(parseCliArgs(argv)).toEqual({ ok: true, args });
  });

  it.each([
    [[], 'name a command'],
    [['sync', 'x'], 'unknown command'],
    [['import'], 'needs a folder'],
    [['export', '  '], 'needs a folder'],
    [['import', 'a', 'b'], 'unexpected argument'],
    [['import', 'a', '--data', ''], '--data'],
    [['import', 'a', '--workspace', ' '], '--workspace'],
    [['import', 'a', '--bogus'], 'bogus'],
    [['import', 'a', '--data'], 'data'],
  ])('rejects %j', (argv, hint) => {
    const verdict = parseCliArgs(argv);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toContain(hint);
  });
});
