import { describe, expect, it } from 'vitest';
import { parseServeArgs } from './args';

describe('parseServeArgs', () => {
  it('defaults to the desktop data dir, any port, loopback only', () => {
    expect(parseServeArgs([])).toEqual({
      ok: true,
      args: { dataDir: undefined, port: 0, bindHost: '127.0.0.1', newToken: false, help: false },
    });
  });

  it('takes --data, --port, --host and --new-token, in either form', () => {
    expect(parseServeArgs(['--data', '/tmp/d', '--port=8080', '--host', '0.0.0.0', '--new-token'])).toEqual({
      ok: true,
      args: { dataDir: '/tmp/d', port: 8080, bindHost: '0.0.0.0', newToken: true, help: false },
    });
  });

  it('takes --help', () => {
    expect(parseServeArgs(['--help'])).toMatchObject({ ok: true, args: { help: true } });
  });

  it.each([
    [['--prot', '1']],
    [['positional']],
    [['--port']],
    [['--port', 'eighty']],
    [['--port', '-1']],
    [['--port', '65536']],
    [['--port', '1.5']],
    [['--port', '']],
    [['--data', '']],
    [['--host', ' ']],
    [['--new-token=yes']],
  ])('refuses %j with a message', (argv) => {
    const verdict = parseServeArgs(argv);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(0);
  });
});
