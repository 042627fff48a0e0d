import { describe, expect, it } from 'vitest';
import { parseServeArgs } from './args';

describe('parseServeArgs', () => {
  it('defaults to the desktop data dir, any port, loopback only', () => {
    expect(parseServeArgs([])).toEqual({
      ok: true,
      args: {
        dataDir: undefined,
        port: 0,
        bindHost: '127.0.0.1',
        newToken: false,
        help: false,
        peer: false,
        sync: { bind: undefined, port: undefined, peers: [], discovery: true, discoveryInterfaces: [] },
      },
    });
  });

  it('takes --data, --port, --host and --new-token, in either form', () => {
    expect(parseServeArgs(['--data', '/tmp/d', '--port=8080', '--host', '0.0.0.0', '--new-token'])).toMatchObject({
      ok: true,
      args: { dataDir: '/tmp/d', port: 8080, bindHost: '0.0.0.0', newToken: true, help: false },
    });
  });

  it('takes the peer-sync flags', () => {
    const verdict = parseServeArgs([
      '--peer',
      '--sync-bind',
      '192.168.1.5',
      '--sync-port=4444',
      '--peer-address',
      'ws://192.168.1.6:4444/',
      '--peer-address=wss://sync.example.org',
      '--no-discovery',
    ]);
    expect(verdict).toMatchObject({
      ok: true,
      args: { peer: true, sync: { bind: '192.168.1.5', port: 4444, peers: ['ws://192.168.1.6:4444', 'wss://sync.example.org'], discovery: false, discoveryInterfaces: [] } },
    });
  });

  it('takes --discovery-interface, repeatable', () => {
    expect(parseServeArgs(['--discovery-interface', 'eth0', '--discovery-interface', '10.250.0.2'])).toMatchObject({
      ok: true,
      args: { sync: { discovery: true, discoveryInterfaces: ['eth0', '10.250.0.2'] } },
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
    [['--sync-port', 'x']],
    [['--sync-port', '70000']],
    [['--sync-bind', '']],
    [['--peer-address', 'http://192.168.1.6:4444']],
    [['--peer-address', 'javascript:alert(1)']],
    [['--peer-address']],
    [['--peer=yes']],
    [['--discovery-interface', '']],
    [['--discovery-interface', 'eth0; rm -rf /']],
  ])('refuses %j with a message', (argv) => {
    const verdict = parseServeArgs(argv);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(0);
  });
});
